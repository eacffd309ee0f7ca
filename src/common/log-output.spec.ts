import { logDestination, oneLine } from './log-output';

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
});
