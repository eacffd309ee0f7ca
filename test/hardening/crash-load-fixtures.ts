/** One keyed POST of the crash-under-load test, and how many journal entries it makes when applied. */
export interface CrashRequest {
  key: string;
  user: { id: string; token: string };
  path: string;
  body: object;
  entries: number;
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
        const res = await fetch(base + request.path, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${request.user.token}`,
            'content-type': 'application/json',
            'idempotency-key': request.key,
          },
          body: JSON.stringify(request.body),
        });
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
