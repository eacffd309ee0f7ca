import { Module } from '@nestjs/common';
import { CheckpointScheduler } from './checkpoints/checkpoint.scheduler';
import { CheckpointService } from './checkpoints/checkpoint.service';
import { SigningKeyService } from './checkpoints/signing-key.service';
import { LedgerReadService } from './http/ledger-read.service';
import { LedgerController } from './http/ledger.controller';
import { JournalService } from './journal.service';
import { ReplayService } from './replay/replay.service';
import { CosigningService } from './witnesses/cosigning.service';

@Module({
  controllers: [LedgerController],
  providers: [
    JournalService,
    SigningKeyService,
    CheckpointService,
    CosigningService,
    CheckpointScheduler,
    LedgerReadService,
    ReplayService,
  ],
  exports: [JournalService, CheckpointService, CosigningService, SigningKeyService, ReplayService, LedgerReadService],
})
export class JournalModule {}
