import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ProjectsModule } from '../projects/projects.module';
import { RegionsModule } from '../regions/regions.module';
import { DashboardService } from './dashboard.service';
import { RateLimitModule } from '../common/rate-limit/rate-limit.module';
import { AccountController } from './account.controller';
import { AdminRegionsController } from './admin/admin-regions.controller';
import { AdminUsersController } from './admin/admin-users.controller';
import { HomeController } from './home.controller';
import { ConsoleSessions } from './session.service';
import { SignInService } from './sign-in.service';

/** The staff console (issue 16): server-rendered pages under /console, signed in by session cookie. */
@Module({
  imports: [AuthModule, RateLimitModule, ProjectsModule, RegionsModule],
  controllers: [AccountController, HomeController, AdminUsersController, AdminRegionsController],
  providers: [ConsoleSessions, SignInService, DashboardService],
  exports: [ConsoleSessions],
})
export class ConsoleModule {}
