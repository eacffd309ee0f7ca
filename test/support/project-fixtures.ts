import type { TestApp } from './test-app';

export const PROVINCE = '410000000000';
export const CITY = '411100000000';
export const COUNTY = '411103000000';
export const TOWNSHIP = '411103100000';
export const VILLAGE = '411103100201';
export const OTHER_TOWNSHIP = '411103101000';
export const OTHER_VILLAGE = '411103100202';

/** Tokens for everyone who touches a project in the demo county, plus outsiders for scope checks. */
export async function projectTokens(t: TestApp): Promise<Record<string, string>> {
  const spec: Array<[string, Parameters<TestApp['tokenFor']>[0], string]> = [
    ['provinceFinance', 'finance', PROVINCE],
    ['cityFinance', 'finance', CITY],
    ['finance', 'finance', COUNTY],
    ['program', 'program', COUNTY],
    ['township', 'township', TOWNSHIP],
    ['village', 'village', VILLAGE],
    ['auditor', 'auditor', COUNTY],
    ['otherTownship', 'township', OTHER_TOWNSHIP],
    ['otherVillage', 'village', OTHER_VILLAGE],
    ['otherFinance', 'finance', OTHER_TOWNSHIP],
    ['townshipProgram', 'program', TOWNSHIP],
  ];
  const tokens: Record<string, string> = {};
  for (const [who, role, region] of spec) tokens[who] = await t.tokenFor(role, region);
  return tokens;
}

export const projectBody = (over: Record<string, unknown> = {}) => ({
  name: '后街村 200 千瓦光伏电站',
  regionCode: VILLAGE,
  category: '产业发展',
  content: '建设村级光伏电站 200 千瓦,并网发电,收益归村集体',
  budget: '220000.00',
  selfFunded: '20000.00',
  performanceGoal: '年发电量不低于 24 万千瓦时,村集体年增收 8 万元以上',
  povertyLinkage: '收益用于设置公益岗位和对无劳动能力脱贫户的补助',
  beneficiaries: { households: 45, persons: 132 },
  implementingUnit: '后街村股份经济合作社',
  responsiblePerson: '李建国',
  plannedStart: '2024-03-15',
  plannedEnd: '2024-09-30',
  appliedOn: '2024-02-01',
  ...over,
});

/** The usual dates of a project's steps; a test overrides what it needs. */
export const DATES = {
  applied: '2024-02-01',
  reviewed: '2024-02-10',
  approved: '2024-03-01',
  started: '2024-03-15',
  completed: '2024-09-30',
  accepted: '2024-10-15',
};

export const payment = (over: Record<string, unknown> = {}) => ({
  kind: 'progress',
  amount: '100.00',
  paidOn: '2024-04-01',
  payee: { name: '河南中原建设工程有限公司', type: 'contractor', accountNo: '6228480012345678' },
  voucherNo: `记-${Math.random().toString(36).slice(2, 10)}`,
  ...over,
});

/** Minimum notice periods in days (the defaults of noticeMinDays). */
export const NOTICE_DAYS = { application: 7, approval: 10, completion: 5 } as const;
export type ProjectNoticeType = keyof typeof NOTICE_DAYS;

/** Who publishes each project notice in the demo county (谁分配、谁使用、谁公开). */
const NOTICE_ISSUER: Record<ProjectNoticeType, [string, string]> = {
  application: ['village', '后街村村民委员会'],
  approval: ['program', '郾城区乡村振兴局'],
  completion: ['village', '后街村村民委员会'],
};
/** The step date a notice of each type follows. */
const NOTICE_STAGE: Record<ProjectNoticeType, string> = {
  application: 'appliedOn',
  approval: 'approvedOn',
  completion: 'acceptedOn',
};

export const plusDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * Drives projects through HTTP only, checking each step's status code. 先公示、后实施: unless
 * `autoNotices` is off, a step that follows a notice (an approving review, the start of works, a
 * final or retention payment) first publishes the notice it needs, from the day of the step before
 * for the minimum period — the usual DATES leave each period over by the next step.
 */
export class ProjectDriver {
  autoNotices = true;
  private readonly published = new Map<string, string>();

  constructor(
    private readonly t: TestApp,
    private readonly tokens: Record<string, string>,
  ) {}

  as(who: string) {
    return { Authorization: `Bearer ${this.tokens[who]}` };
  }

  async post(who: string, url: string, body: unknown, status: number) {
    const res = await this.t
      .http()
      .post(url)
      .set(this.as(who))
      .send(body as object);
    if (res.status !== status)
      throw new Error(`POST ${url} → ${res.status} ${JSON.stringify(res.body)} (expected ${status})`);
    return res.body;
  }

  async get(who: string, url: string) {
    return (await this.t.http().get(url).set(this.as(who)).expect(200)).body;
  }

  /** A fund document recorded in the county's books; answers its id. */
  async countyFund(
    amount: string,
    docNo = `郾财农〔2024〕${Math.random().toString(36).slice(2, 8)}号`,
    issuedOn = '2024-01-10',
  ): Promise<string> {
    const body = {
      docNo,
      title: '县级衔接推进乡村振兴补助资金',
      sourceLevel: 'county',
      regionCode: COUNTY,
      amount,
      issuedOn,
    };
    return (await this.post('finance', '/api/v1/funds', body, 201)).id;
  }

  async apply(over: Record<string, unknown> = {}): Promise<string> {
    return (await this.post('village', '/api/v1/projects', projectBody(over), 201)).id;
  }

  /** Publishes a project notice; by default from the step it follows, for the minimum period. */
  async notice(id: string, type: ProjectNoticeType, over: Record<string, unknown> = {}, status = 201) {
    const [who, issuer] = NOTICE_ISSUER[type];
    const periodStart = (over.periodStart as string | undefined) ?? (await this.project(id))[NOTICE_STAGE[type]];
    const body = {
      type,
      projectId: id,
      periodStart,
      periodEnd: plusDays(periodStart, NOTICE_DAYS[type]),
      issuer,
      hotline: { local: '0395-6161234' },
      ...over,
    };
    const res = await this.post(
      (over.who as string | undefined) ?? who,
      '/api/v1/notices',
      Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'who')),
      status,
    );
    if (status === 201) this.published.set(`${id}:${type}`, res.id);
    return res;
  }

  /** The notice a step needs, published once per project and type (see autoNotices). */
  private async ensureNotice(id: string, type: ProjectNoticeType, expectedStatus: number) {
    if (!this.autoNotices || expectedStatus >= 300 || this.published.has(`${id}:${type}`)) return;
    await this.notice(id, type);
  }

  async review(id: string, reviewedOn = DATES.reviewed, decision = 'approve', status = 200) {
    if (decision === 'approve') await this.ensureNotice(id, 'application', status);
    return this.post(
      'township',
      `/api/v1/projects/${id}/review`,
      { decision, opinion: '符合申报条件,同意上报', reviewedOn },
      status,
    );
  }

  approve(id: string, funding: Array<{ fundId: string; amount: string }>, approvedOn = DATES.approved) {
    return this.post(
      'program',
      `/api/v1/projects/${id}/approve`,
      { approvalDocNo: `郾乡振〔2024〕${id.slice(0, 6)}号`, approvedOn, funding },
      200,
    );
  }

  async start(id: string, startedOn = DATES.started) {
    await this.ensureNotice(id, 'approval', 200);
    return this.post(
      'program',
      `/api/v1/projects/${id}/start`,
      { startedOn, contractor: '河南中原建设工程有限公司', contractAmount: '198000.00', procurement: '公开招标' },
      200,
    );
  }

  complete(id: string, completedOn = DATES.completed) {
    return this.post('village', `/api/v1/projects/${id}/complete`, { completedOn }, 200);
  }

  accept(id: string, finalCost: string, acceptedOn = DATES.accepted, result = 'passed') {
    return this.post(
      'program',
      `/api/v1/projects/${id}/accept`,
      { acceptedOn, result, finalCost, opinion: '工程质量合格,同意验收' },
      200,
    );
  }

  async pay(id: string, over: Record<string, unknown> = {}, status = 201) {
    if (over.kind === 'final' || over.kind === 'retention_release') await this.ensureNotice(id, 'completion', status);
    return this.post('finance', `/api/v1/projects/${id}/disbursements`, payment(over), status);
  }

  project(id: string) {
    return this.get('auditor', `/api/v1/projects/${id}`);
  }

  fund(id: string) {
    return this.get('finance', `/api/v1/funds/${id}`);
  }

  /** Applied, reviewed, approved with the given funding and (unless told otherwise) started. */
  async projectFunded(
    funding: Array<{ fundId: string; amount: string }>,
    { start = true, over = {} as Record<string, unknown> } = {},
  ): Promise<string> {
    const id = await this.apply(over);
    await this.review(id);
    await this.approve(id, funding);
    if (start) await this.start(id);
    return id;
  }
}
