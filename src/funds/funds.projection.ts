import type { EntityManager } from 'typeorm';
import type { Projection } from '../journal/projections';
import { payloadOf } from '../journal/projections';
import { Fund, SourceLevel } from './fund.entity';

/** What fund entries carry in their payload (no personal data; amounts are in the postings). */
export interface FundPayload {
  fundId: string;
  docNo: string;
  title: string;
  sourceLevel: SourceLevel;
  regionCode: string;
  amount: string;
  purpose?: string;
  parentFundId?: string;
}

export const fundsProjection: Projection = {
  name: 'funds',
  tables: ['fund'],
  types: ['fund.received', 'fund.allocation_received'],
  async apply(em: EntityManager, { book, seq, document }) {
    const p = payloadOf<FundPayload>(document);
    await em.getRepository(Fund).insert({
      id: p.fundId,
      book,
      regionCode: p.regionCode,
      docNo: p.docNo,
      title: p.title,
      sourceLevel: p.sourceLevel,
      amount: BigInt(p.amount),
      issuedOn: document.occurredOn,
      year: Number(document.occurredOn.slice(0, 4)),
      purpose: p.purpose ?? null,
      parentFundId: p.parentFundId ?? null,
      entrySeq: seq,
    });
  },
};
