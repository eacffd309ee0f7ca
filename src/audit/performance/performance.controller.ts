import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentActor } from '../../auth/access.decorators';
import type { Actor } from '../../auth/role';
import { AuditReader } from '../audit-access';
import { PerformanceQuery, PerformanceReportView } from './performance.dto';
import { PerformanceService } from './performance.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/performance')
export class PerformanceController {
  constructor(private readonly performance: PerformanceService) {}

  /** 绩效: every accepted project's goal vs result in the region (and 年度), with a summary count. */
  @Get()
  @AuditReader()
  @ApiOperation({ summary: 'Performance (绩效): goals against results of accepted projects' })
  report(@CurrentActor() actor: Actor, @Query() q: PerformanceQuery): Promise<PerformanceReportView> {
    return this.performance.report(actor, q);
  }
}
