import { Module } from '@nestjs/common';
import { FdpService } from './fdp/fdp.service';
import { OcdsService } from './ocds/ocds.service';
import { OpenDataController } from './open-data.controller';

@Module({
  controllers: [OpenDataController],
  providers: [OcdsService, FdpService],
})
export class OpenDataModule {}
