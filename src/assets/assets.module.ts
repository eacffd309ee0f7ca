import { Module } from '@nestjs/common';
import { JournalModule } from '../journal/journal.module';
import { AssetExportService } from './asset-export.service';
import { AssetJournal } from './asset-journal.service';
import { AssetMoneyService } from './asset-money.service';
import { AssetReadService } from './asset-read.service';
import { AssetsController, ProjectAssetsController } from './assets.controller';
import { RegisterAssetService } from './register-asset.service';

@Module({
  imports: [JournalModule],
  controllers: [ProjectAssetsController, AssetsController],
  providers: [AssetJournal, AssetReadService, RegisterAssetService, AssetMoneyService, AssetExportService],
  exports: [AssetReadService, RegisterAssetService, AssetMoneyService],
})
export class AssetsModule {}
