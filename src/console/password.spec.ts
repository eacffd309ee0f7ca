import { hashPassword, passwordProblem, verifyPassword } from './password';

describe('console passwords (scrypt)', () => {
  it('stores the parameters and a fresh salt with each hash, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('never accepts anything without a stored hash, and refuses a malformed one', async () => {
    expect(await verifyPassword('anything', null)).toBe(false);
    expect(await verifyPassword('anything', 'plain text')).toBe(false);
    expect(await verifyPassword('anything', 'bcrypt$1$2$3$4$5')).toBe(false);
  });

  it('reads Unicode passwords in one normal form (an IME may send either)', async () => {
    const stored = await hashPassword('密码é-1234567');
    expect(await verifyPassword('密码e\u0301-1234567', stored)).toBe(true);
  });

  it('says in Chinese what is wrong with a new password', () => {
    expect(passwordProblem('short')).toBe('密码至少 10 个字符');
    expect(passwordProblem('a'.repeat(129))).toBe('密码最多 128 个字符');
    expect(passwordProblem('aaaaaaaaaaaa')).toBe('密码不能由同一个字符组成');
    expect(passwordProblem('houjie-2026-spring', 'houjie')).toBe('密码不能包含用户名');
    expect(passwordProblem('a fine long password', 'houjie')).toBeNull();
  });
});
