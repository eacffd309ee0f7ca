import { Module } from '@nestjs/common';

/** Project assets (扶贫项目资产): register, hand-over, income, distribution, disposal. */
@Module({})
export class AssetsModule {}
