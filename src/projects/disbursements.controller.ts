import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators';
import type { Actor } from '../auth/role';
import { PageQuery } from '../common/pagination';
import { CreateDisbursementDto, DisbursementDto, DisbursementPageDto } from './dto/disbursement.dto';
import { PostDisbursementService } from './post-disbursement.service';
import { ProjectReadService } from './project-read.service';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';

@ApiTags('disbursements')
@ApiBearerAuth()
@Controller('projects/:id/disbursements')
export class DisbursementsController {
  constructor(
    private readonly posting: PostDisbursementService,
    private readonly reader: ProjectReadService,
  ) {}

  /** 拨付/报账: pays out of the project's committed money; the payee's account number is answered masked. */
  @Post()
  @Roles('finance')
  @ApiOperation({ summary: 'Pay out of a project (拨付/报账)' })
  create(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateDisbursementDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<DisbursementDto> {
    return this.posting.post(actor, id, dto, idempotencyKey);
  }

  /** The project's payments in the order they were recorded. */
  @Get()
  @ApiOperation({ summary: "List a project's payments" })
  list(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PageQuery,
  ): Promise<DisbursementPageDto> {
    return this.reader.disbursements(actor, id, q);
  }
}
