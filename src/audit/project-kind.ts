/**
 * Projects carry a free-text category (产业发展, 基础设施, 到户产业奖补, …). Audit rules need two kinds of them: industry
 * projects (产业: the 55 % floor, money straight to households, 利益联结) and works (工程: roads, water, buildings —
 * never paid to an individual).
 */
export type ProjectKind = 'industry' | 'works' | 'other';

const INDUSTRY = /产业|industry/i;
const WORKS = /基础设施|工程|道路|桥|饮水|水利|人居环境|infrastructure|works|road|water/i;

export function projectKind(category: string): ProjectKind {
  if (INDUSTRY.test(category)) return 'industry';
  if (WORKS.test(category)) return 'works';
  return 'other';
}

/** The same tests in SQL, for rules that filter in the database. */
export const INDUSTRY_SQL = (column: string) => `${column} ~* '${INDUSTRY.source}'`;
export const WORKS_SQL = (column: string) => `${column} ~* '${WORKS.source}'`;
