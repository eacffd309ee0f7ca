import { expect } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { businessToday } from '../../src/common/business-date';
import { COUNTY, OTHER_VILLAGE, plusDays, TOWNSHIP, VILLAGE } from '../support/project-fixtures';
import type { TestApp } from '../support/test-app';
import { consoleSignIn, freshPage } from '../support/browser';
import { consoleUser, PASSWORD } from './console-fixtures';

/** Console users of the demo county for the daily-work flow (created by setUpWorkFlow). */
export const WORK_USERS = {
  village: 'clerk-houjie',
  township: 'officer-xindian',
  program: 'program-yancheng',
  otherVillage: 'clerk-other',
} as const;

export interface FlowEnv {
  t: TestApp;
  browser: Browser;
  /** http://127.0.0.1:<port> of the listening app. */
  base: string;
  /** Browser console errors and page errors of every page opened through `open`. */
  errors: string[];
  /** Where to save screenshots (docs/console), or nothing. */
  shots?: string;
}

/** The step dates, all in the past of the business day so that every notice period is over by the next step. */
export function flowDates(today = businessToday()) {
  const d = (n: number) => plusDays(today, -n);
  return {
    fundIssued: d(60),
    applied: d(40),
    appNoticeStart: d(39),
    appNoticeEnd: d(32),
    reviewed: d(30),
    approved: d(28),
    apprNoticeStart: d(27),
    apprNoticeEnd: d(17),
    started: d(15),
  };
}

/** Users with console logins and a county fund of 500,000 yuan (recorded by finance through the API). */
export async function setUpWorkFlow(t: TestApp): Promise<{ fundId: string; fundDocNo: string }> {
  await consoleUser(t, WORK_USERS.village, 'village', VILLAGE);
  await consoleUser(t, WORK_USERS.township, 'township', TOWNSHIP);
  await consoleUser(t, WORK_USERS.program, 'program', COUNTY);
  await consoleUser(t, WORK_USERS.otherVillage, 'village', OTHER_VILLAGE);
  const finance = await t.tokenFor('finance', COUNTY);
  const fundDocNo = '郾财农〔2026〕7号';
  const res = await t
    .http()
    .post('/api/v1/funds')
    .set('Authorization', `Bearer ${finance}`)
    .send({
      docNo: fundDocNo,
      title: '县级衔接推进乡村振兴补助资金',
      sourceLevel: 'county',
      regionCode: COUNTY,
      amount: '500000.00',
      issuedOn: flowDates().fundIssued,
    })
    .expect(201);
  return { fundId: res.body.id, fundDocNo };
}

/**
 * A new browser context signed in as `username`; its pages report console errors into env.errors.
 * JavaScript is off unless asked for: the pages of daily work must work without it (issue 16); the
 * audit's charts need it on.
 */
export async function signedIn(
  env: FlowEnv,
  username: string,
  { viewport = { width: 1366, height: 768 }, javaScript = false } = {},
) {
  const page = await freshPage(env.browser, env.errors, { viewport, javaScriptEnabled: javaScript }, username);
  await consoleSignIn(page, env.base, username, PASSWORD);
  await page.waitForURL(`${env.base}/console`);
  return page;
}

export async function shot(env: FlowEnv, page: Page, name: string) {
  if (env.shots) await page.screenshot({ path: `${env.shots}/${name}.png`, fullPage: true });
}

/** Fills fields by name (inputs, selects, textareas). */
export async function fill(page: Page, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    const el = page.locator(`[name="${name}"]`).first();
    if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(value);
    else await el.fill(value);
  }
}

/** 下一步 → the confirmation page → 确认提交 → the result page; answers the journal entry it names. */
export async function submitAndConfirm(env: FlowEnv, page: Page, shotName?: string): Promise<string> {
  await Promise.all([page.waitForLoadState(), page.click('form.form button[type="submit"]')]);
  const confirm = await page.textContent('main');
  if (!confirm?.includes('确认提交')) throw new Error(`no confirmation page: ${confirm?.slice(0, 400)}`);
  if (shotName) await shot(env, page, `${shotName}-confirm`);
  await Promise.all([page.waitForLoadState(), page.click('button[name="_confirm"]')]);
  const result = (await page.textContent('main')) ?? '';
  const entry = /账簿\s*(\d{12})\s*第\s*(\d+)\s*条/.exec(result);
  if (!entry) throw new Error(`no journal entry on the result page: ${result.slice(0, 600)}`);
  if (shotName) await shot(env, page, `${shotName}-result`);
  return `${entry[1]}/${entry[2]}`;
}

/**
 * The console's main line, in the browser: the village applies → publishes its application notice
 * (the draft PDF first, then the published one to print) → the township approves it → the program
 * office approves with a funding line from the county fund → publishes the approval notice → starts
 * the works. Answers the project's id, with the project in progress and 150,000 yuan committed from
 * the fund `fundDocNo`, ready for finance to pay.
 */
export async function applyToWorksStart(env: FlowEnv, fund: { fundId: string; fundDocNo: string }): Promise<string> {
  const dates = flowDates();
  const { base } = env;

  const village = await signedIn(env, WORK_USERS.village);
  await village.goto(`${base}/console/village/projects/new`);
  await fill(village, {
    name: '后街村 200 千瓦光伏电站',
    category: '产业发展',
    content: '建设村级光伏电站 200 千瓦，并网发电，收益归村集体',
    budget: '180,000',
    selfFunded: '20000',
    performanceGoal: '年发电量不低于 24 万千瓦时，村集体年增收 8 万元以上',
    'performanceIndicators.0.name': '村集体年增收',
    'performanceIndicators.0.unit': '元',
    'performanceIndicators.0.target': '80000',
    povertyLinkage: '收益用于设置公益岗位和对无劳动能力脱贫户的补助',
    'beneficiaries.households': '45',
    'beneficiaries.persons': '132',
    implementingUnit: '后街村股份经济合作社',
    responsiblePerson: '李建国',
    appliedOn: dates.applied,
  });
  await shot(env, village, 'village-apply');
  await submitAndConfirm(env, village, 'village-apply');
  const href = await village.getAttribute('a:text("查看项目")', 'href');
  const projectId = /projects\/([0-9a-f-]{36})$/.exec(href ?? '')![1];

  await village.click('a:text("发布申报公示")');
  await fill(village, { periodStart: dates.appNoticeStart, periodEnd: dates.appNoticeEnd });
  await village.click('form.form button[type="submit"]');
  const preview = await village.getAttribute('a:text("预览公示（PDF）")', 'href');
  const draft = await village.request.get(`${base}${preview}`);
  expect(draft.headers()['content-type']).toBe('application/pdf');
  expect((await draft.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await shot(env, village, 'village-notice-confirm');
  await Promise.all([village.waitForLoadState(), village.click('button[name="_confirm"]')]);
  expect(await village.textContent('main')).toContain('公示已发布');
  const print = await village.getAttribute('a:text("打印公示（PDF）")', 'href');
  const published = await village.request.get(`${base}${print}`);
  expect(published.status()).toBe(200);
  expect((await published.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await shot(env, village, 'village-notice-result');
  await village.context().close();

  const township = await signedIn(env, WORK_USERS.township);
  await township.goto(`${base}/console/township/reviews`);
  await shot(env, township, 'township-reviews');
  await township.click('a:text("后街村 200 千瓦光伏电站")');
  await township.click('a.button:text("审核")');
  await fill(township, {
    decision: 'approve',
    opinion: '项目符合规划，公示期满无异议，同意上报。',
    reviewedOn: dates.reviewed,
  });
  await submitAndConfirm(env, township, 'township-review');
  await township.context().close();

  const program = await signedIn(env, WORK_USERS.program);
  await program.goto(`${base}/console/program/projects?status=reviewed`);
  await program.click('a:text("后街村 200 千瓦光伏电站")');
  await program.click('a.button:text("审批（批复）")');
  await fill(program, {
    approvalDocNo: '郾乡振〔2026〕12号',
    approvedOn: dates.approved,
    'funding.0.fundId': fund.fundId,
    'funding.0.amount': '150,000.00',
  });
  await shot(env, program, 'program-approve');
  await submitAndConfirm(env, program, 'program-approve');
  await program.click('a:text("发布批复公示")');
  await fill(program, { periodStart: dates.apprNoticeStart, periodEnd: dates.apprNoticeEnd });
  await program.click('form.form button[type="submit"]');
  const approvalDraft = await program.request.get(
    `${base}${await program.getAttribute('a:text("预览公示（PDF）")', 'href')}`,
  );
  expect((await approvalDraft.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await Promise.all([program.waitForLoadState(), program.click('button[name="_confirm"]')]);
  expect(await program.textContent('main')).toContain('公示已发布');
  await program.goto(`${base}/console/program/projects/${projectId}/start`);
  await fill(program, {
    startedOn: dates.started,
    contractor: '河南中原建设工程有限公司',
    contractAmount: '148000',
    procurement: '公开招标',
  });
  await submitAndConfirm(env, program, 'program-start');
  await program.goto(`${base}/console/program/projects/${projectId}`);
  expect(await program.textContent('main')).toContain('实施中');
  await shot(env, program, 'program-project');
  await program.context().close();
  return projectId;
}
