import { Module } from '@nestjs/common';
import { JournalModule } from '../journal/journal.module';
import { RegionsModule } from '../regions/regions.module';
import { FundsController } from './funds.controller';
import { FundsService } from './funds.service';

@Module({
  imports: [JournalModule, RegionsModule],
  controllers: [FundsController],
  providers: [FundsService],
  exports: [FundsService],
})
export class FundsModule {}
