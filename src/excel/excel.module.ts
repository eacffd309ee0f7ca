import { Module } from '@nestjs/common';
import { FundsModule } from '../funds/funds.module';
import { HouseholdsModule } from '../households/households.module';
import { ExportController } from './export.controller';
import { ExportService } from './export/export.service';
import { FundImportController, HouseholdImportController } from './import.controller';
import { FundImportService } from './import/fund-import.service';
import { HouseholdImportService } from './import/household-import.service';

@Module({
  imports: [FundsModule, HouseholdsModule],
  controllers: [FundImportController, HouseholdImportController, ExportController],
  providers: [FundImportService, HouseholdImportService, ExportService],
  exports: [FundImportService, HouseholdImportService],
})
export class ExcelModule {}
