import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/access.decorators';

export class HealthDto {
  status: 'ok' | 'error';
  database: 'ok' | 'down';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

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
    return { status: database === 'ok' ? 'ok' : 'error', database };
  }
}
