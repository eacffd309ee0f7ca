import { Module } from '@nestjs/common';
import { FundsModule } from '../funds/funds.module';
import { HouseholdsModule } from '../households/households.module';
import { FundImportController, HouseholdImportController } from './import.controller';
import { FundImportService } from './import/fund-import.service';
import { HouseholdImportService } from './import/household-import.service';

@Module({
  imports: [FundsModule, HouseholdsModule],
  controllers: [FundImportController, HouseholdImportController],
  providers: [FundImportService, HouseholdImportService],
  exports: [FundImportService, HouseholdImportService],
})
export class ExcelModule {}
