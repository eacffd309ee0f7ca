import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/role';
import { assertInScope } from '../../auth/scope';
import { businessToday } from '../../common/business-date';
import { fenToYuan } from '../../common/money';
import { projectKind } from '../project-kind';
import { PerformanceQuery, PerformanceReportView, ProjectPerformanceView } from './performance.dto';
import { AcceptedProjectRow, loadAccepted, measuresOf, resultRecorded } from './performance-rows';

/** 绩效: every accepted project's goal beside its result, read from the project projection. */
@Injectable()
export class PerformanceService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async report(actor: Actor, q: PerformanceQuery): Promise<PerformanceReportView> {
    const regionCode = q.regionCode ?? actor.regionCode;
    assertInScope(actor, regionCode);
    const asOf = businessToday();
    const items = (await loadAccepted(this.db.manager, regionCode, asOf, q.year)).map(view);
    const recorded = items.filter((i) => i.resultRecorded);
    return {
      regionCode,
      year: q.year ?? null,
      asOf,
      summary: {
        projects: items.length,
        resultsRecorded: recorded.length,
        resultMissing: items.length - recorded.length,
        met: recorded.filter((i) => i.met).length,
        belowGoal: recorded.filter((i) => i.met === false).length,
      },
      items,
    };
  }
}

function view(row: AcceptedProjectRow): ProjectPerformanceView {
  const m = measuresOf(row);
  const recorded = resultRecorded(row);
  return {
    projectId: row.id,
    name: row.name,
    regionCode: row.regionCode,
    category: row.category,
    industry: projectKind(row.category) === 'industry',
    year: row.year,
    acceptedOn: row.acceptedOn,
    finalCost: fenToYuan(row.finalCost),
    goal: row.goal,
    resultRecorded: recorded,
    met: recorded ? [m.households, m.persons, ...m.indicators].every((x) => x.met) : null,
    households: m.households,
    persons: m.persons,
    indicators: m.indicators,
    namedHouseholds: row.namedHouseholds,
    application: { book: row.book, seq: row.applicationSeq },
    acceptance: row.acceptanceSeq === null ? null : { book: row.book, seq: row.acceptanceSeq },
  };
}
