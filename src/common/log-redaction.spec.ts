import pino from 'pino';
import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { redactionOptions } from './log-output';
import { redactUrl, scrubLine } from './log-redaction';

function logged(write: (log: pino.Logger) => void): string {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  write(pino({ level: 'trace', ...redactionOptions, serializers: { err: pino.stdSerializers.err } }, stream));
  return out;
}

describe('log redaction', () => {
  it('drops the bound values of a failed SQL statement and sensitive fields of a logged object', () => {
    const err = new QueryFailedError('INSERT INTO x VALUES ($1, $2)', ['canary-param-1', 'canary-param-2'], {
      message: 'boom',
      parameters: ['canary-param-3'],
    } as unknown as Error);
    const out = logged((log) => {
      log.error({ err }, 'unhandled error');
      log.info({ body: { password: 'canary-pw', phone: 'canary-phone', name: 'kept' } }, 'a body');
    });
    expect(out).not.toMatch(/canary-/);
    expect(out).toContain('kept');
    expect(out).toContain('[REDACTED]');
  });

  it('redacts sensitive query values by name and keeps the others', () => {
    expect(redactUrl('/api/v1/households?limit=5&idNumber=1&Phone=2&bank_account=3&token=4')).toBe(
      '/api/v1/households?limit=5&idNumber=[REDACTED]&Phone=[REDACTED]&bank_account=[REDACTED]&token=[REDACTED]',
    );
    expect(redactUrl('/api/v1/x?%70assword=secret')).toBe('/api/v1/x?%70assword=[REDACTED]');
    expect(redactUrl('/api/v1/regions')).toBe('/api/v1/regions');
    // The console's upload forms carry their token in the action URL (ConsoleGuard, multipart).
    expect(redactUrl('/console/finance/funds/import?_csrf=t0ken')).toBe(
      '/console/finance/funds/import?_csrf=[REDACTED]',
    );
  });

  it('scrubs values by shape: tokens, ID numbers, bank accounts, mobile numbers; not region codes or times', () => {
    const line = JSON.stringify({
      time: 1765000000000,
      url:
        '/api/v1/regions/411103000000/x/11010519900307123X/6222020200112233445/13912345678/' +
        'sl_abcdefghijklmnopqrstuv',
    });
    expect(scrubLine(line)).toBe(
      JSON.stringify({
        time: 1765000000000,
        url: '/api/v1/regions/411103000000/x/[REDACTED]/[REDACTED]/[REDACTED]/[REDACTED]',
      }),
    );
  });
});
