import { DATES, ProjectDriver } from '../../support/project-fixtures';

/** The goal of the usual industry project in measurable indicators. */
export const INDICATORS = [
  { name: '带动脱贫户增收', unit: '元/户/年', target: '1200' },
  { name: '年发电量', unit: '万千瓦时', target: '24.5' },
];

/** Results that meet every measure of the usual project (45 households, 132 persons stated). */
export const RESULTS_MET = {
  households: 45,
  persons: 140,
  indicators: [
    { name: '带动脱贫户增收', actual: '1350' },
    { name: '年发电量', actual: '24.5' },
  ],
};

/** Applied (with `over`), approved for 100 000 yuan, started, 50 000 paid, completed. */
export async function completedProject(d: ProjectDriver, fundId: string, over: Record<string, unknown> = {}) {
  const id = await d.projectFunded([{ fundId, amount: '100000.00' }], { over });
  await d.pay(id, { kind: 'progress', amount: '50000.00', fundId, paidOn: '2024-06-01' });
  await d.complete(id);
  return id;
}

export const acceptance = (over: Record<string, unknown> = {}) => ({
  acceptedOn: DATES.accepted,
  result: 'passed',
  finalCost: '50000.00',
  opinion: '工程质量合格,同意验收',
  ...over,
});

/** POST /projects/:id/accept with the given results (or none); answers the body. */
export const accept = (d: ProjectDriver, id: string, results?: unknown, status = 200, over = {}) =>
  d.post('program', `/api/v1/projects/${id}/accept`, acceptance({ ...(results ? { results } : {}), ...over }), status);
