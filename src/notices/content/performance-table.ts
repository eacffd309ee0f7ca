import { compareDecimal } from '../../projects/project-performance';
import type { Project } from '../../projects/project.entity';
import type { NoticeTable } from '../notice-content';

type Row = { indicator: string; target: string; actual: string; met: string };

const verdict = (met: boolean | null) => (met === null ? '—' : met ? '达到' : '未达到');

/**
 * 绩效目标与完成情况: the goal stated at application beside the result recorded at acceptance, one line per
 * measure (households and persons reached, then each indicator in its own unit). Without a recorded result the
 * actual column says so, which is itself what the public should see. Earlier notices print the goal alone.
 */
export function performanceTable(project: Project, withResults: boolean): NoticeTable | null {
  const indicators = project.performanceIndicators ?? [];
  // Before acceptance the text goal says it all unless measurable indicators were stated.
  if (!withResults && !indicators.length) return null;
  const missing = withResults ? '未填报' : '';
  const measure = <V extends number | string>(
    indicator: string,
    unit: string,
    target: V,
    actual: V | null,
    reached: (actual: V, target: V) => boolean,
  ): Row => ({
    indicator,
    target: `${target} ${unit}`,
    actual: actual === null ? missing : `${actual} ${unit}`,
    met: withResults ? verdict(actual === null ? null : reached(actual, target)) : '',
  });
  const atLeast = (actual: number, target: number) => actual >= target;
  const rows: Row[] = [
    measure('受益脱贫户(监测户)', '户', project.beneficiaryHouseholds, project.resultHouseholds, atLeast),
    measure('受益人口', '人', project.beneficiaryPersons, project.resultPersons, atLeast),
    ...indicators.map((i) =>
      measure(
        i.name,
        i.unit,
        i.target,
        project.resultIndicators?.find((r) => r.name === i.name)?.actual ?? null,
        (actual, target) => compareDecimal(actual, target) >= 0,
      ),
    ),
  ];
  const columns: NoticeTable['columns'] = [
    { key: 'indicator', label: '指标', kind: 'text', width: 5 },
    { key: 'target', label: '目标', kind: 'text', width: 4 },
  ];
  if (!withResults)
    return { title: '绩效目标', columns, rows: rows.map(({ indicator, target }) => ({ indicator, target })) };
  return {
    title: '绩效目标完成情况',
    columns: [
      ...columns,
      { key: 'actual', label: '实际', kind: 'text', width: 4 },
      { key: 'met', label: '是否达到', kind: 'text', width: 2 },
    ],
    rows,
  };
}
