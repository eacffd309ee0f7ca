/** The witness's HTTP interface (tlog-witness §HTTP Interface) on node:http: small, no framework needed. */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { originHash } from './state-store';
import type { Witness } from './witness';

/** A checkpoint with 63 proof lines and 16 signatures is a few kB; anything far larger is refused unread. */
const MAX_BODY = 64 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > MAX_BODY) {
        resolveBody(null);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(length > MAX_BODY ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8') {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export function createWitnessServer(witness: Witness, log: (line: string) => void = () => {}): Server {
  const byHash = () => new Map(witness.origins().map((o) => [originHash(o), o]));
  return createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      log(`witness: internal error ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/add-checkpoint') {
      if (req.method !== 'POST') return send(res, 405, 'add-checkpoint takes POST\n');
      const bytes = await readBody(req);
      if (bytes === null) return send(res, 413, 'request body too large\n');
      let body: string;
      try {
        body = utf8.decode(bytes);
      } catch {
        return send(res, 400, 'body is not UTF-8\n');
      }
      const answer = await witness.addCheckpoint(body);
      if (answer.status !== 200) log(`witness: add-checkpoint ${answer.status} ${answer.body.trim()}`);
      return send(res, answer.status, answer.body, answer.contentType);
    }
    const m = /^\/([0-9a-f]{64})\/checkpoint$/.exec(path);
    if (m && req.method === 'GET') {
      const origin = byHash().get(m[1]);
      const note = origin ? await witness.latest(origin) : null;
      return note ? send(res, 200, note) : send(res, 404, 'no cosigned checkpoint of that log\n');
    }
    if (path === '/' || path === '/health') {
      const info = { name: witness.name, vkey: witness.vkey, logs: witness.origins() };
      return send(res, 200, JSON.stringify(info) + '\n', 'application/json');
    }
    send(res, 404, 'not found\n');
  }
}
