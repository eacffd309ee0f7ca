/**
 * One POST of the crash-under-load test, and how many journal entries it makes when applied. A JSON request
 * carries an Idempotency-Key; an .xlsx import takes none (a file imported twice is refused by its 文号), so its
 * entries are found by the fund documents it names.
 */
export interface CrashRequest {
  key: string;
  user: { id: string; token: string };
  path: string;
  body: object;
  entries: number;
  upload?: { file: Buffer; docNos: string[] };
}

/** The request as fetch sends it: JSON with its key, or the file as multipart without one. */
export function fetchInit(r: CrashRequest): RequestInit {
  const authorization = `Bearer ${r.user.token}`;
  if (!r.upload)
    return {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json', 'idempotency-key': r.key },
      body: JSON.stringify(r.body),
    };
  const form = new FormData();
  form.append('file', new Blob([r.upload.file]), `${r.key}.xlsx`);
  return { method: 'POST', headers: { authorization }, body: form };
}

/** A request and, if the client got one, its answer (none: the service died first). */
export interface Sent {
  request: CrashRequest;
  answer?: { status: number; text: string };
}

/**
 * `clients` loops posting `make(client, n)` back to back until the service stops answering or answers
 * anything but 201 (its database went away); `stopAfterMs` after the first answer (a cold service may take
 * a while to give one) the service is killed (`onStop`). Resolves with everything sent, once every loop has ended.
 */
export async function sendAll(
  base: string,
  clients: number,
  make: (client: number, n: number) => CrashRequest,
  { stopAfterMs, onStop }: { stopAfterMs: number; onStop: () => Promise<void> },
): Promise<Sent[]> {
  const sent: Sent[] = [];
  let answered!: () => void;
  const firstAnswer = new Promise<void>((resolve) => (answered = resolve));
  const loop = async (client: number) => {
    for (let n = 0; ; n++) {
      const request = make(client, n);
      const entry: Sent = { request };
      sent.push(entry);
      try {
        const res = await fetch(base + request.path, fetchInit(request));
        entry.answer = { status: res.status, text: await res.text() };
        answered();
        if (res.status !== 201) return;
      } catch {
        delete entry.answer;
        return;
      }
    }
  };
  const loops = Promise.all(Array.from({ length: clients }, (_, c) => loop(c)));
  await Promise.race([firstAnswer, loops]);
  await new Promise((r) => setTimeout(r, stopAfterMs));
  await onStop();
  await loops;
  return sent;
}
