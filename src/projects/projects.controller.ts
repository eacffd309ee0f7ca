import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators';
import type { Actor } from '../auth/role';
import { ApplyProjectService } from './apply-project.service';
import { ApproveProjectService } from './approve-project.service';
import {
  AcceptProjectDto,
  ApproveProjectDto,
  CancelProjectDto,
  CompleteProjectDto,
  CreateProjectDto,
  ListProjectsQuery,
  ReviewProjectDto,
  StartProjectDto,
} from './dto/project.dto';
import { ProjectDto, ProjectPageDto } from './dto/project-view.dto';
import { ProjectLifecycleService } from './project-lifecycle.service';
import { ProjectReadService } from './project-read.service';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';

/** The project library (项目库): application to settlement. Steps answer 200 with the project. */
@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly applying: ApplyProjectService,
    private readonly approving: ApproveProjectService,
    private readonly lifecycle: ProjectLifecycleService,
    private readonly reader: ProjectReadService,
  ) {}

  /** 申报: a village or township applies; the performance goal is mandatory. */
  @Post()
  @Roles('village', 'township', 'program')
  @ApiOperation({ summary: 'Apply for a project (申报)' })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateProjectDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<ProjectDto> {
    return this.applying.apply(actor, dto, idempotencyKey);
  }

  /** 审核: the township approves (→ reviewed) or rejects (→ rejected) an application. */
  @Post(':id/review')
  @HttpCode(HttpStatus.OK)
  @Roles('township')
  @ApiOperation({ summary: 'Review an application (审核): approve or reject' })
  review(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReviewProjectDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<ProjectDto> {
    return this.applying.review(actor, id, dto, idempotencyKey);
  }

  /** 审批/批复: the county program office approves and commits money from the county's funds. */
  @Post(':id/approve')
  @HttpCode(HttpStatus.OK)
  @Roles('program')
  @ApiOperation({ summary: 'Approve a project (审批) and commit county funds' })
  approve(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ApproveProjectDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<ProjectDto> {
    return this.approving.approve(actor, id, dto, idempotencyKey);
  }

  /** 实施: works start; no payment before this. */
  @Post(':id/start')
  @HttpCode(HttpStatus.OK)
  @Roles('program')
  @ApiOperation({ summary: 'Start the works (实施)' })
  start(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: StartProjectDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<ProjectDto> {
    return this.lifecycle.start(actor, id, dto, idempotencyKey);
  }

  /** 完工. */
  @Post(':id/complete')
  @HttpCode(HttpStatus.OK)
  @Roles('village', 'township', 'program')
  @ApiOperation({ summary: 'Mark the works complete (完工)' })
  complete(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CompleteProjectDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<ProjectDto> {
    return this.lifecycle.complete(actor, id, dto, idempotencyKey);
  }

  /** 验收: passed (→ accepted, final cost fixed) or failed. */
  @Post(':id/accept')
  @HttpCode(HttpStatus.OK)
  @Roles('program')
  @ApiOperation({ summary: 'Record the acceptance (验收): passed or failed' })
  accept(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AcceptProjectDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<ProjectDto> {
    return this.lifecycle.accept(actor, id, dto, idempotencyKey);
  }

  /** 终止: releases what was committed and not paid back to the county's pool. */
  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @Roles('program')
  @ApiOperation({ summary: 'Cancel a project (终止), releasing unpaid commitments' })
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CancelProjectDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<ProjectDto> {
    return this.lifecycle.cancel(actor, id, dto, idempotencyKey);
  }

  /** The project with its amounts by fund and the timeline of its journal entries. */
  @Get(':id')
  @ApiOperation({ summary: 'Read one project with its amounts and timeline' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ProjectDto> {
    return this.reader.get(actor, id);
  }

  @Get()
  @ApiOperation({ summary: 'List projects' })
  list(@CurrentActor() actor: Actor, @Query() q: ListProjectsQuery): Promise<ProjectPageDto> {
    return this.reader.list(actor, q);
  }
}
