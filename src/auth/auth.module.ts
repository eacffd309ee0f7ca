import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitModule } from '../common/rate-limit/rate-limit.module';
import { appConfig, type AppConfig } from '../config/app.config';
import { RegionsModule } from '../regions/regions.module';
import { AccessGuard } from './access.guard';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [RegionsModule, RateLimitModule],
  controllers: [UsersController],
  providers: [UsersService, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [UsersService],
})
export class AuthModule implements OnApplicationBootstrap {
  constructor(
    private readonly users: UsersService,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.adminToken) await this.users.ensureAdminToken(this.config.adminToken);
  }
}
