import { Module } from '@nestjs/common';

/** Notices (三公示一公告): publishing, PDFs, objections, gates. */
@Module({})
export class NoticesModule {}
