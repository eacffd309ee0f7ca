import { Module } from '@nestjs/common';

/** Excel (.xlsx) imports and exports for finance offices. */
@Module({})
export class ExcelModule {}
