import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/access.decorators';
import { ReadRouter } from '../database/replicas/read-router';

export class ReplicaHealthDto {
  /** host:port/database, never credentials. */
  name: string;
  /** `lagging`: further behind than REPLICA_MAX_LAG_SECONDS; neither it nor a `down` one serves reads. */
  status: 'ok' | 'lagging' | 'down';
  replayLsn?: string;
  lagSeconds?: number;
  error?: string;
}

export class HealthDto {
  status: 'ok' | 'error';
  database: 'ok' | 'down';
  /** Only with DATABASE_REPLICA_URLS: each replica as a fresh probe finds it (a replica down is not an error). */
  replicas?: ReplicaHealthDto[];
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reads: ReadRouter,
  ) {}

  /** Liveness and database readiness; 503 when the database does not answer. */
  @Public()
  @Get()
  @ApiOperation({ summary: 'Liveness and database readiness' })
  @ApiOkResponse({ description: 'The service and its database answer', type: HealthDto })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer', type: HealthDto })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const database = await this.db.query('SELECT 1').then(
      () => 'ok' as const,
      () => 'down' as const,
    );
    if (database !== 'ok') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    const health: HealthDto = { status: database === 'ok' ? 'ok' : 'error', database };
    if (this.reads.enabled) health.replicas = await this.reads.health();
    return health;
  }
}
