import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/role';
import { assertInScope } from '../auth/scope';
import type { AppendedEntry, DraftSource } from '../journal/append/entry-draft';
import { JournalService } from '../journal/journal.service';
import { Asset } from './asset.entities';
import { loadAsset } from './asset-rules';
import { assetsProjection } from './assets.projection';

/** Asset steps in the county book; state checks run in the journal callback, under the book lock. */
@Injectable()
export class AssetJournal implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly journal: JournalService,
  ) {}

  onModuleInit(): void {
    this.journal.registerProjection(assetsProjection);
  }

  /** The asset, if its village (or location) is in the actor's region; neither ever changes, so no lock. */
  async inScope(actor: Actor, id: string): Promise<Asset> {
    const asset = await loadAsset(this.db.manager, id);
    assertInScope(actor, asset.villageCode ?? asset.location);
    return asset;
  }

  append<P extends object>(book: string, source: DraftSource<P>, idempotencyKey?: string): Promise<AppendedEntry<P>> {
    return this.journal.append(book, source, { idempotencyKey });
  }

  balance(book: string, account: string, fund: string): Promise<bigint> {
    return this.journal.balance(book, account, fund);
  }
}
