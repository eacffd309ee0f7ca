import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentActor } from '../../auth/access.decorators';
import type { Actor } from '../../auth/role';
import { AuditReader } from '../audit-access';
import { ReconcileDto, ReconcileQuery } from './dto/reconcile.dto';
import { ReconcileService } from './reconcile.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/reconcile')
export class ReconcileController {
  constructor(private readonly service: ReconcileService) {}

  /** 对账: each identity with both sides and whether it holds; failed ones are also critical findings. */
  @Get()
  @AuditReader()
  @ApiOperation({ summary: 'Reconcile (对账): every identity with both sides' })
  reconcile(@CurrentActor() actor: Actor, @Query() q: ReconcileQuery): Promise<ReconcileDto> {
    return this.service.reconcile(actor, q.regionCode, q.year, q.show);
  }
}
