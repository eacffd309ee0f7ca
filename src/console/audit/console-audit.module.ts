import { Module } from '@nestjs/common';
import { AssetsModule } from '../../assets/assets.module';
import { FindingsModule } from '../../audit/findings/findings.module';
import { TraceModule } from '../../audit/trace/trace.module';
import { FundsModule } from '../../funds/funds.module';
import { HouseholdsModule } from '../../households/households.module';
import { JournalModule } from '../../journal/journal.module';
import { ConsoleModule } from '../console.module';
import { FindingsPagesController } from './findings-pages.controller';
import { TracePagesController } from './trace-pages.controller';
import { VerifyPagesController } from './verify-pages.controller';

/** The audit pages of the console (issue 16): 资金追踪, 疑点清单, 账本校验. */
@Module({
  imports: [ConsoleModule, TraceModule, FindingsModule, JournalModule, FundsModule, AssetsModule, HouseholdsModule],
  controllers: [TracePagesController, FindingsPagesController, VerifyPagesController],
})
export class ConsoleAuditModule {}
