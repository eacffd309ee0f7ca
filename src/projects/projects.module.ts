import { Module } from '@nestjs/common';

/** Projects (项目库) and their disbursements: filled in by the projects work. */
@Module({})
export class ProjectsModule {}
