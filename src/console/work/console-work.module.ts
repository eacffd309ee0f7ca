import { Module } from '@nestjs/common';
import { AssetsModule } from '../../assets/assets.module';
import { ExcelModule } from '../../excel/excel.module';
import { FundsModule } from '../../funds/funds.module';
import { HouseholdsModule } from '../../households/households.module';
import { NoticesModule } from '../../notices/notices.module';
import { ProjectsModule } from '../../projects/projects.module';
import { ConsoleModule } from '../console.module';
import { ProgramAssetsController } from '../program/program-assets.controller';
import { ProgramProjectsController } from '../program/program-projects.controller';
import { TownshipController } from '../township/township.controller';
import { VillageAssetsController } from '../village/village-assets.controller';
import { VillageHouseholdsController } from '../village/village-households.controller';
import { VillageNoticesController } from '../village/village-notices.controller';
import { VillageProjectsController } from '../village/village-projects.controller';
import { JournalRefs } from './entries';

/** The console's pages of daily work (village, township, program office), on the API's services. */
@Module({
  imports: [ConsoleModule, ProjectsModule, HouseholdsModule, NoticesModule, AssetsModule, FundsModule, ExcelModule],
  controllers: [
    VillageProjectsController,
    VillageHouseholdsController,
    VillageNoticesController,
    VillageAssetsController,
    TownshipController,
    ProgramProjectsController,
    ProgramAssetsController,
  ],
  providers: [JournalRefs],
})
export class ConsoleWorkModule {}
