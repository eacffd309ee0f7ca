import { Module } from '@nestjs/common';
import { JournalModule } from '../journal/journal.module';
import { RegionsModule } from '../regions/regions.module';
import { HouseholdKeyService } from './household-key.service';
import { HouseholdsController } from './households.controller';
import { HouseholdsService } from './households.service';

@Module({
  imports: [JournalModule, RegionsModule],
  controllers: [HouseholdsController],
  providers: [HouseholdsService, HouseholdKeyService],
  exports: [HouseholdsService, HouseholdKeyService],
})
export class HouseholdsModule {}
