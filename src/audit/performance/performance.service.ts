import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/role';
import { assertInScope } from '../../auth/scope';
import { businessToday } from '../../common/business-date';
import { fenToYuan } from '../../common/money';
import { pageLimit, toPage } from '../../common/pagination';
import { projectKind } from '../project-kind';
import { PerformanceQuery, PerformanceReportView, ProjectPerformanceView } from './performance.dto';
import {
  AcceptedProjectRow,
  countAccepted,
  loadAccepted,
  measuresOf,
  resultRecorded,
  shortfallsOf,
} from './performance-rows';
import { ReadRouter } from '../../database/replicas/read-router';

/** 绩效: every accepted project's goal beside its result, read from the project projection. */
@Injectable()
export class PerformanceService {
  constructor(private readonly reads: ReadRouter) {}

  /** A replica when one can answer this read, else the primary (ReadRouter). */
  private get db(): DataSource {
    return this.reads.source();
  }

  async report(actor: Actor, q: PerformanceQuery): Promise<PerformanceReportView> {
    const regionCode = q.regionCode ?? actor.regionCode;
    assertInScope(actor, regionCode);
    const filter = { regionCode, asOf: businessToday(), year: q.year };
    const limit = pageLimit(q);
    const em = this.db.manager;
    const [rows, counts] = await Promise.all([
      loadAccepted(em, filter, { after: q.cursor, limit: limit + 1 }),
      countAccepted(em, filter),
    ]);
    const page = toPage(rows.map(view), limit, (i) => i.projectId);
    return {
      regionCode,
      year: q.year ?? null,
      asOf: filter.asOf,
      summary: {
        projects: counts.projects,
        resultsRecorded: counts.resultsRecorded,
        resultMissing: counts.projects - counts.resultsRecorded,
        met: counts.resultsRecorded - counts.belowGoal,
        belowGoal: counts.belowGoal,
      },
      ...page,
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
    met: recorded ? shortfallsOf(row).length === 0 : null,
    households: m.households,
    persons: m.persons,
    indicators: m.indicators,
    namedHouseholds: row.namedHouseholds,
    application: { book: row.book, seq: row.applicationSeq },
    acceptance: row.acceptanceSeq === null ? null : { book: row.book, seq: row.acceptanceSeq },
  };
}
