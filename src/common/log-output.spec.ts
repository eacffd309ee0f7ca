import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createHttpLogger, logDestination, oneLine } from './log-output';

/** Serves `statuses` in turn through the request logger at `level`; the JSON lines it wrote. */
async function logged(level: string, statuses: number[]): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      );
      done();
    },
  });
  const logger = createHttpLogger(level, stream);
  const server = createServer((req: IncomingMessage, res: ServerResponse) =>
    logger(req, res, () => {
      res.statusCode = Number(req.url?.slice(1));
      res.end('{}');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  for (const status of statuses) {
    await new Promise<void>((resolve, reject) =>
      request({ port, host: '127.0.0.1', path: `/${status}` }, (res) => res.resume().on('end', resolve))
        .on('error', reject)
        .end(),
    );
  }
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  return lines;
}

describe('log output', () => {
  it('stays JSON lines (pino default) when stdout is not a terminal, pretty when it is', () => {
    expect(logDestination({ isTTY: false })).toBeUndefined();
    expect(logDestination({})).toBeUndefined();
    expect(logDestination({ isTTY: true })).toBeDefined();
  });

  it('prints a request on one line with its correlation id', () => {
    const line = oneLine(
      {
        msg: 'request completed',
        req: { id: 'village-terminal-42', method: 'GET', url: '/api/v1/regions' },
        res: { statusCode: 200 },
        responseTime: 7,
      },
      'msg',
    );
    expect(line).toBe('request completed GET /api/v1/regions → 200 in 7 ms (correlationId village-terminal-42)');
    expect(oneLine({ msg: 'unhandled error', correlationId: 'abc-12345' }, 'msg')).toBe(
      'unhandled error (correlationId abc-12345)',
    );
    expect(oneLine({ msg: 'Mapped', context: 'RouterExplorer' }, 'msg')).toBe('[RouterExplorer] Mapped');
  });

  it('at info logs every answer; at warn only failed ones, with the request and the correlation id', async () => {
    const info = await logged('info', [200, 404, 503]);
    expect(info.map((l) => (l.res as { statusCode: number }).statusCode)).toEqual([200, 404, 503]);

    const warn = await logged('warn', [200, 404, 503, 201, 500]);
    expect(warn).toHaveLength(2);
    expect(
      warn.map((l) => [l.msg, (l.req as { url: string }).url, (l.res as { statusCode: number }).statusCode]),
    ).toEqual([
      ['request errored', '/503', 503],
      ['request errored', '/500', 500],
    ]);
    expect(
      warn.every((l) => l.level === 50 && typeof l.correlationId === 'string' && typeof l.responseTime === 'number'),
    ).toBe(true);
  });
});
