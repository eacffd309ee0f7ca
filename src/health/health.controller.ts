import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/access.decorators';
import { ReadRouter } from '../database/replicas/read-router';

export class ReplicaHealthDto {
  @ApiProperty({ description: 'host:port/database, never credentials', example: '10.0.0.12:5432/ledger' })
  name: string;
  @ApiProperty({
    enum: ['ok', 'lagging', 'down'],
    description: '`lagging`: further behind than REPLICA_MAX_LAG_SECONDS; neither it nor a `down` one serves reads',
  })
  status: 'ok' | 'lagging' | 'down';
  @ApiPropertyOptional({ description: 'pg_last_wal_replay_lsn() when probed', example: '0/3A1B2C8' })
  replayLsn?: string;
  @ApiPropertyOptional({ description: 'Seconds behind the primary (docs/replicas.md: how it is measured)' })
  lagSeconds?: number;
  @ApiPropertyOptional({ description: 'Why it is down' })
  error?: string;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'] })
  status: 'ok' | 'error';
  @ApiProperty({ enum: ['ok', 'down'], description: 'The primary (DATABASE_URL)' })
  database: 'ok' | 'down';
  @ApiPropertyOptional({
    type: [ReplicaHealthDto],
    description: 'Only with DATABASE_REPLICA_URLS: each replica as a fresh probe finds it (one down is not an error)',
  })
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
