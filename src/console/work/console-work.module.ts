import { Module } from '@nestjs/common';
import { AssetsModule } from '../../assets/assets.module';
import { ExcelModule } from '../../excel/excel.module';
import { FundsModule } from '../../funds/funds.module';
import { HouseholdsModule } from '../../households/households.module';
import { NoticesModule } from '../../notices/notices.module';
import { ProjectsModule } from '../../projects/projects.module';
import { ConsoleModule } from '../console.module';
import { ProgramProjectsController } from '../program/program-projects.controller';
import { TownshipController } from '../township/township.controller';
import { VillageProjectsController } from '../village/village-projects.controller';
import { JournalRefs } from './entries';

/** The console's pages of daily work (village, township, program office), on the API's services. */
@Module({
  imports: [ConsoleModule, ProjectsModule, HouseholdsModule, NoticesModule, AssetsModule, FundsModule, ExcelModule],
  controllers: [VillageProjectsController, TownshipController, ProgramProjectsController],
  providers: [JournalRefs],
})
export class ConsoleWorkModule {}
