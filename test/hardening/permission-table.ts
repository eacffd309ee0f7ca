import type { Role } from '../../src/auth/role';

/**
 * Where the caller's region stands to the region of what it acts on (always in the demo county 郾城区):
 * own — the county itself; parent — its city 漯河市; sibling — another county of that city (源汇区),
 * acting on the county's object; child — a township of the county (孟庙镇) other than the one the
 * object is in, so that a county-level object and a village's are both outside it.
 */
export const RELATIONS = ['own', 'parent', 'sibling', 'child'] as const;
export type Relation = (typeof RELATIONS)[number];

export type Rule = { public: true } | { public?: false; roles: readonly Role[]; relations: readonly Relation[] };

const PUBLIC: Rule = { public: true };
const ALL: readonly Role[] = ['admin', 'finance', 'program', 'township', 'village', 'auditor'];
/** In the region's subtree: the county's own staff and those above it. */
const DOWN: readonly Relation[] = ['own', 'parent'];
/** Anywhere: what the route answers does not depend on a region (one's own user, the import templates). */
const ANYWHERE: readonly Relation[] = RELATIONS;
const only = (roles: readonly Role[], relations: readonly Relation[] = DOWN): Rule => ({ roles, relations });

/**
 * Who may call each operation of the OpenAPI document, declared here by hand from API.md and the
 * domain (谁分配、谁使用、谁公开) — not read from the code's @Roles, so that the two can disagree.
 * The auditor reads and never writes. The console's pages: CONSOLE_PERMISSIONS below.
 */
export const PERMISSIONS: Record<string, Rule> = {
  'GET /health': PUBLIC,

  // Regions and users: the administrator, within its own region.
  'POST /api/v1/regions': only(['admin']),
  'GET /api/v1/regions': only(ALL),
  // A region's own record is read down the tree too: a township sees the name of its county.
  'GET /api/v1/regions/{code}': only(ALL, [...DOWN, 'child']),
  'POST /api/v1/users': only(['admin']),
  'GET /api/v1/users/me': only(ALL, ANYWHERE),

  // The journal: auditors and the county bureaus read it; only finance, which keeps the books, corrects them.
  'GET /api/v1/ledger/entries': only(['admin', 'auditor', 'finance', 'program']),
  'GET /api/v1/ledger/verify': only(['admin', 'auditor', 'finance']),
  'POST /api/v1/ledger/checkpoints': only(['admin', 'finance']),
  // The entry is a payment: the program office reverses asset entries only (test/assets/attribution.e2e-spec.ts).
  'POST /api/v1/entries/{book}/{seq}/reverse': only(['finance']),
  'GET /api/v1/ledger/public-key': PUBLIC,
  'GET /api/v1/ledger/witnesses': PUBLIC,
  'GET /api/v1/ledger/checkpoints/latest': PUBLIC,
  'GET /api/v1/ledger/proofs/inclusion': PUBLIC,
  'GET /api/v1/ledger/proofs/consistency': PUBLIC,

  // Funds: finance records and allocates; everyone in the subtree reads.
  'POST /api/v1/funds': only(['finance']),
  'GET /api/v1/funds': only(ALL),
  'POST /api/v1/funds/{id}/allocations': only(['finance']),
  // A fund document is read down the tree: a village sees the county fund its project is paid from.
  'GET /api/v1/funds/{id}': only(ALL, [...DOWN, 'child']),
  'POST /api/v1/funds/import': only(['finance']),
  'GET /api/v1/funds/import/template': only(ALL, ANYWHERE),

  // Households: the village and township keep the list.
  'POST /api/v1/households': only(['township', 'village']),
  'GET /api/v1/households': only(ALL),
  'POST /api/v1/households/{id}/exit': only(['township', 'village']),
  'GET /api/v1/households/{id}': only(ALL),
  'POST /api/v1/households/import': only(['township', 'village']),
  'GET /api/v1/households/import/template': only(ALL, ANYWHERE),

  // Projects: the village applies, the township reviews, the programme office approves, finance pays.
  'POST /api/v1/projects': only(['program', 'township', 'village']),
  'GET /api/v1/projects': only(ALL),
  'POST /api/v1/projects/{id}/review': only(['township']),
  'POST /api/v1/projects/{id}/approve': only(['program']),
  'POST /api/v1/projects/{id}/start': only(['program']),
  'POST /api/v1/projects/{id}/complete': only(['program', 'township', 'village']),
  'POST /api/v1/projects/{id}/accept': only(['program']),
  'POST /api/v1/projects/{id}/cancel': only(['program']),
  'GET /api/v1/projects/{id}': only(ALL),
  'POST /api/v1/projects/{id}/disbursements': only(['finance']),
  'GET /api/v1/projects/{id}/disbursements': only(ALL),

  // Notices: published by whoever decided (谁分配、谁使用、谁公开), read and objected to by anyone.
  'POST /api/v1/notices': only(['finance', 'program', 'township', 'village']),
  'GET /api/v1/notices': PUBLIC,
  'GET /api/v1/notices/{id}': PUBLIC,
  'GET /api/v1/notices/{id}/pdf': PUBLIC,
  'POST /api/v1/notices/{id}/objections': PUBLIC,
  'POST /api/v1/notices/{id}/objections/{oid}/resolve': only(['finance', 'program', 'township', 'village']),
  'GET /api/v1/projects/{id}/notices/preview': only(ALL),

  // Assets: registered by the programme office; income recorded and distributed by the village (or that office).
  'POST /api/v1/projects/{id}/assets': only(['program']),
  'GET /api/v1/assets': only(ALL),
  'GET /api/v1/assets/export.xlsx': only(ALL),
  'GET /api/v1/assets/summary': only(ALL),
  'GET /api/v1/assets/{id}': only(ALL),
  'POST /api/v1/assets/{id}/transfers': only(['program']),
  'POST /api/v1/assets/{id}/income': only(['program', 'village']),
  'POST /api/v1/assets/{id}/distributions': only(['program', 'village']),
  'POST /api/v1/assets/{id}/disposal': only(['program']),

  // Exports (county bureaus and the auditor, not townships and villages) and open data.
  'GET /api/v1/exports/journal/{file}': only(['admin', 'auditor', 'finance']),
  'GET /api/v1/exports/{file}': only(['admin', 'auditor', 'finance', 'program']),
  'GET /api/v1/open-data/ocds/records/{projectId}': PUBLIC,
  'GET /api/v1/open-data/ocds/releases': PUBLIC,
  'GET /api/v1/open-data/fdp/{regionCode}/{year}.zip': PUBLIC,

  // Audit: the auditor, and finance and programme offices for their own region.
  'GET /api/v1/audit/trace/funds/{id}.xlsx': only(['auditor', 'finance', 'program']),
  'GET /api/v1/audit/trace/funds/{id}': only(['auditor', 'finance', 'program']),
  'GET /api/v1/audit/trace/assets/{id}': only(['auditor', 'finance', 'program']),
  'GET /api/v1/audit/trace/projects/{id}': only(['auditor', 'finance', 'program']),
  'GET /api/v1/audit/trace/households/{id}': only(['auditor', 'finance', 'program']),
  'GET /api/v1/audit/trace/entries/{book}/{seq}': only(['auditor', 'finance', 'program']),
  'GET /api/v1/audit/trace/disbursements/{id}': only(['auditor', 'finance', 'program']),
  'GET /api/v1/audit/reconcile': only(['auditor', 'finance', 'program']),
  'GET /api/v1/audit/findings': only(['auditor', 'finance', 'program']),
  'GET /api/v1/audit/findings.xlsx': only(['auditor', 'finance', 'program']),
  'GET /api/v1/audit/performance': only(['auditor', 'finance', 'program']),
};

/** Allowed or not, for one role in one relation; `undefined` role is no token at all. */
export function allows(rule: Rule, role: Role | undefined, relation: Relation): boolean {
  if (rule.public) return true;
  if (!role) return false;
  return rule.roles.includes(role) && rule.relations.includes(relation);
}

/**
 * The console's pages (issue 16), declared by hand like PERMISSIONS: who may open each (GET) or post
 * it, signed in by session. `scoped`: the page is about one object of a village (in 郾城区), and a user
 * of the allowed role elsewhere (another village, township or county) gets the 403 page.
 * Checked by test/console/console-permissions.e2e-spec.ts against the app's routes, signed out too.
 */
export type ConsoleRule = { public: true } | { public?: false; roles: readonly Role[]; scoped?: boolean };

const SIGNED_IN: ConsoleRule = { roles: ALL };
const as = (roles: readonly Role[], scoped = false): ConsoleRule => ({ roles, scoped });
const VILLAGE: readonly Role[] = ['village'];
const TOWNSHIP: readonly Role[] = ['township'];
const PROGRAM: readonly Role[] = ['program'];
const FINANCE: readonly Role[] = ['finance'];
const AUDIT_READERS: readonly Role[] = ['auditor', 'finance', 'program'];
const EXPORTERS: readonly Role[] = ['admin', 'auditor', 'finance', 'program'];

export const CONSOLE_PERMISSIONS: Record<string, ConsoleRule> = {
  // The shell: sign-in, one's own account, the static files, the 工作台.
  'GET /console/login': PUBLIC,
  'POST /console/login': PUBLIC,
  'GET /console/assets/{name}': PUBLIC,
  'POST /console/logout': SIGNED_IN,
  'GET /console/password': SIGNED_IN,
  'POST /console/password': SIGNED_IN,
  'GET /console': SIGNED_IN,
  'GET /console/admin/users': as(['admin']),
  'GET /console/admin/users/new': as(['admin']),
  'POST /console/admin/users/new': as(['admin']),
  'GET /console/admin/users/{id}/password': as(['admin']),
  'POST /console/admin/users/{id}/password': as(['admin']),
  'GET /console/admin/users/{id}/disable': as(['admin']),
  'POST /console/admin/users/{id}/disable': as(['admin']),
  'GET /console/admin/regions': as(['admin']),
  'GET /console/admin/regions/new': as(['admin']),
  'POST /console/admin/regions/new': as(['admin']),

  // The village: its projects and notices, households, assets' income.
  'GET /console/village/projects': as(VILLAGE),
  'GET /console/village/projects/new': as(VILLAGE),
  'POST /console/village/projects/new': as(VILLAGE),
  'GET /console/village/projects/{id}': as(VILLAGE, true),
  'GET /console/village/projects/{id}/notice': as(VILLAGE, true),
  'POST /console/village/projects/{id}/notice': as(VILLAGE, true),
  'GET /console/village/projects/{id}/notice-preview': as(VILLAGE, true),
  'GET /console/village/households': as(VILLAGE),
  'GET /console/village/households/new': as(VILLAGE),
  'POST /console/village/households/new': as(VILLAGE),
  'GET /console/village/households/import': as(VILLAGE),
  'POST /console/village/households/import': as(VILLAGE),
  'GET /console/village/households/{id}/exit': as(VILLAGE, true),
  'POST /console/village/households/{id}/exit': as(VILLAGE, true),
  'GET /console/village/notices': as(VILLAGE),
  'GET /console/village/notices/{id}': as(VILLAGE, true),
  'GET /console/village/notices/{id}/objections/{oid}': as(VILLAGE, true),
  'POST /console/village/notices/{id}/objections/{oid}': as(VILLAGE, true),
  'GET /console/village/assets': as(VILLAGE),
  'GET /console/village/assets/{id}': as(VILLAGE, true),
  'GET /console/village/assets/{id}/{step}': as(VILLAGE, true),
  'POST /console/village/assets/{id}/{step}': as(VILLAGE, true),

  // The township: the review queue of its villages, the review, the preliminary completion.
  'GET /console/township/reviews': as(TOWNSHIP),
  'GET /console/township/projects': as(TOWNSHIP),
  'GET /console/township/projects/{id}': as(TOWNSHIP, true),
  'GET /console/township/projects/{id}/review': as(TOWNSHIP, true),
  'POST /console/township/projects/{id}/review': as(TOWNSHIP, true),
  'GET /console/township/projects/{id}/complete': as(TOWNSHIP, true),
  'POST /console/township/projects/{id}/complete': as(TOWNSHIP, true),

  // The county program office: approval with funding lines, the steps after it, 终止 (cancel), assets.
  'GET /console/program/projects': as(PROGRAM),
  'GET /console/program/projects/{id}': as(PROGRAM, true),
  'GET /console/program/projects/{id}/notice-preview': as(PROGRAM, true),
  'GET /console/program/projects/{id}/cancel': as(PROGRAM, true),
  'POST /console/program/projects/{id}/cancel': as(PROGRAM, true),
  'GET /console/program/projects/{id}/{step}': as(PROGRAM, true),
  'POST /console/program/projects/{id}/{step}': as(PROGRAM, true),
  'GET /console/program/assets': as(PROGRAM),
  'GET /console/program/assets/{id}': as(PROGRAM, true),
  'GET /console/program/assets/{id}/{step}': as(PROGRAM, true),
  'POST /console/program/assets/{id}/{step}': as(PROGRAM, true),

  // Finance: fund documents, allocations down, imports, payments, exports (the same rules as the API routes).
  'GET /console/finance/funds': as(FINANCE),
  'GET /console/finance/funds/new': as(FINANCE),
  'POST /console/finance/funds/new': as(FINANCE),
  'GET /console/finance/funds/{id}': as(FINANCE, true),
  'GET /console/finance/funds/{id}/allocate': as(FINANCE, true),
  'POST /console/finance/funds/{id}/allocate': as(FINANCE, true),
  'GET /console/finance/funds/import': as(FINANCE),
  'GET /console/finance/funds/import/template': as(FINANCE),
  'POST /console/finance/funds/import': as(FINANCE),
  'GET /console/finance/projects': as(FINANCE),
  'GET /console/finance/projects/{id}/pay': as(FINANCE, true),
  'POST /console/finance/projects/{id}/pay': as(FINANCE, true),
  'GET /console/finance/exports': as(EXPORTERS),
  'GET /console/finance/exports/{file}': as(EXPORTERS),

  // Audit: traces, findings, chain verification (readers; the auditor reads everything in its region).
  'GET /console/audit/trace': as(AUDIT_READERS),
  'GET /console/audit/trace/funds/{id}.xlsx': as(AUDIT_READERS, true),
  'GET /console/audit/trace/funds/{id}': as(AUDIT_READERS, true),
  'GET /console/audit/trace/assets/{id}': as(AUDIT_READERS, true),
  'GET /console/audit/trace/households/{id}': as(AUDIT_READERS, true),
  'GET /console/audit/trace/entries/{book}/{seq}': as(AUDIT_READERS, true),
  'GET /console/audit/findings': as(AUDIT_READERS),
  'GET /console/audit/findings.xlsx': as(AUDIT_READERS),
  'GET /console/audit/verify': as(['admin', 'auditor', 'finance']),
};
