import { expect } from '@jest/globals';
import request from 'supertest';
import type { Role } from '../../src/auth/role';
import { UsersService } from '../../src/auth/users.service';
import { fundOf } from '../assets/asset-fixtures';
import { COUNTY, ProjectDriver, projectTokens, TOWNSHIP, VILLAGE } from '../support/project-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

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

/** Text of a page without its markup, short enough for a failure message. */
export const textOf = (s: string) =>
  s
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .slice(0, 800);

/** A page's <main> onwards: what the page says, without the menu's links. */
export const mainOf = (page: string) => page.slice(page.indexOf('<main'));

/** GET a step's form, post it, confirm it; answers both pages (the result checked to name its journal entry). */
export async function writeStep(a: Agent, url: string, fields: Record<string, string>) {
  const form = await a.get(url);
  expect(form.status).toBe(200);
  const _csrf = csrfOf(form.text);
  const confirm = await a
    .post(url)
    .type('form')
    .send({ _csrf, ...fields });
  if (confirm.status !== 200 || !confirm.text.includes('确认提交'))
    throw new Error(`${url}: ${confirm.status} ${textOf(confirm.text)}`);
  const done = await a
    .post(url)
    .type('form')
    .send({ _csrf, ...fields, _confirm: '1' });
  if (done.status !== 200 || !/账簿 <span class="mono">\d{12}<\/span> 第 \d+/.test(done.text))
    throw new Error(`${url}: ${done.status} ${textOf(done.text)}`);
  return { confirm: confirm.text, done: done.text };
}

export interface WorkPages {
  t: TestApp;
  d: ProjectDriver;
  /** A county fund of 900,000 yuan. */
  fund: string;
  /** Signed-in agents of the console clerks v1 (village), tw1 (township) and pg1 (program office). */
  agents: Record<string, Agent>;
}

/** The app of the HTTP-level tests of the daily-work pages: a fund and the three clerks, signed in. */
export async function setUpWorkPages(): Promise<WorkPages> {
  const t = await createTestApp();
  const d = new ProjectDriver(t, await projectTokens(t));
  const fund = await fundOf(d, 'county', '900000.00');
  const agents: Record<string, Agent> = {};
  for (const [who, role, region] of [
    ['v1', 'village', VILLAGE],
    ['tw1', 'township', TOWNSHIP],
    ['pg1', 'program', COUNTY],
  ] as const) {
    await consoleUser(t, who, role, region);
    agents[who] = request.agent(t.app.getHttpServer());
    expect((await signIn(agents[who], who)).status).toBe(303);
  }
  return { t, d, fund, agents };
}
