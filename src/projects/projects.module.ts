import { Module } from '@nestjs/common';
import { JournalModule } from '../journal/journal.module';
import { RegionsModule } from '../regions/regions.module';
import { ApplyProjectService } from './apply-project.service';
import { ApproveProjectService } from './approve-project.service';
import { DisbursementsController } from './disbursements.controller';
import { PostDisbursementService } from './post-disbursement.service';
import { ProjectJournal } from './project-journal.service';
import { ProjectLifecycleService } from './project-lifecycle.service';
import { ProjectReadService } from './project-read.service';
import { ProjectsController } from './projects.controller';

/** Projects (项目库) and their disbursements (拨付/报账). */
@Module({
  imports: [JournalModule, RegionsModule],
  controllers: [ProjectsController, DisbursementsController],
  providers: [
    ProjectJournal,
    ProjectReadService,
    ApplyProjectService,
    ApproveProjectService,
    ProjectLifecycleService,
    PostDisbursementService,
  ],
  exports: [
    ProjectReadService,
    ApplyProjectService,
    ApproveProjectService,
    ProjectLifecycleService,
    PostDisbursementService,
  ],
})
export class ProjectsModule {}
