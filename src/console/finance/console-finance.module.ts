import { Module } from '@nestjs/common';
import { ExcelModule } from '../../excel/excel.module';
import { ExportsModule } from '../../exports/exports.module';
import { FundsModule } from '../../funds/funds.module';
import { ProjectsModule } from '../../projects/projects.module';
import { ConsoleModule } from '../console.module';
import { ExportsPagesController } from './exports-pages.controller';
import { FundImportPagesController } from './fund-import.controller';
import { FundsPagesController } from './funds-pages.controller';
import { PaymentsController } from './payments.controller';

/** The finance bureau's console pages (issue 16): funds, allocations, payments, exports. */
@Module({
  imports: [ConsoleModule, FundsModule, ExcelModule, ProjectsModule, ExportsModule],
  // The import page first: its fixed path must win over the funds pages' `:id`.
  controllers: [FundImportPagesController, FundsPagesController, PaymentsController, ExportsPagesController],
})
export class ConsoleFinanceModule {}
