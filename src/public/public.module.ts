import { Module } from '@nestjs/common';

/** Public pages: notices by region and in-browser verification, no login. */
@Module({})
export class PublicModule {}
