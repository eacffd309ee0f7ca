import request from 'supertest';
import type { Role } from '../../src/auth/role';
import { UsersService } from '../../src/auth/users.service';
import type { TestApp } from '../support/test-app';

export const PASSWORD = 'correct horse battery';

/** A user with a console login (no forced change unless asked). */
export async function consoleUser(
  t: TestApp,
  username: string,
  role: Role,
  regionCode: string,
  { mustChange = false, password = PASSWORD, name = `${role} ${username}` } = {},
) {
  return t.app.get(UsersService).issue(name, role, regionCode, { username, password, final: !mustChange });
}

/** The hidden `_csrf` of a page. */
export function csrfOf(page: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!m) throw new Error('no _csrf field on the page');
  return m[1];
}

export type Agent = ReturnType<typeof request.agent>;

/** Signs in through the login form; answers the POST's response (303 on success). */
export async function signIn(agent: Agent, username: string, password = PASSWORD) {
  const form = await agent.get('/console/login').expect(200);
  return agent
    .post('/console/login')
    .type('form')
    .send({ _csrf: csrfOf(form.text), username, password });
}

/** A page's `_csrf` for the signed-in agent. */
export async function sessionCsrf(agent: Agent, path = '/console'): Promise<string> {
  return csrfOf((await agent.get(path).expect(200)).text);
}
