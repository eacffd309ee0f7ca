import { DomainError, notFound } from '../common/errors/domain-error';
import type { AppendContext, EntryDraft } from './append/entry-draft';
import type { EntryDocument } from './chain/entry-document';

export const REVERSAL_TYPE = 'entry.reversed';

/** A correction: the same postings with the signs flipped, pointing at the original. */
export function reversalDraft(book: string, seq: number, input: { reason: string; reversedOn: string; actor: string }) {
  return async ({ em }: AppendContext): Promise<EntryDraft> => {
    const rows: Array<{ body: Buffer; reversed: boolean }> = await em.query(
      `SELECT body, EXISTS (SELECT 1 FROM journal_entry r WHERE r.book = e.book AND r.reverses_seq = e.seq) AS reversed
         FROM journal_entry e WHERE e.book = $1 AND e.seq = $2`,
      [book, seq],
    );
    if (!rows.length) throw notFound('Entry', `${book}/${seq}`);
    const original = JSON.parse(rows[0].body.toString('utf8')) as EntryDocument;
    if (original.type === REVERSAL_TYPE)
      throw new DomainError('INVALID_STATE', 'A reversal cannot itself be reversed / 冲销记录不能再冲销');
    if (original.counterpart)
      throw new DomainError(
        'INVALID_STATE',
        'Reverse a cross-book entry through its feature (e.g. cancel the allocation) / 跨账套记录不能单独冲销',
      );
    if (rows[0].reversed)
      throw new DomainError('ALREADY_REVERSED', `Entry ${book}/${seq} has already been reversed / 该记录已冲销`);
    if (input.reversedOn < original.occurredOn) {
      throw new DomainError(
        'DATE_ORDER',
        `The reversal date ${input.reversedOn} is before the entry's date ${original.occurredOn} / 冲销日期早于原记录日期`,
      );
    }
    return {
      type: REVERSAL_TYPE,
      occurredOn: input.reversedOn,
      actor: input.actor,
      subjects: original.subjects,
      payload: { reason: input.reason, reversedType: original.type },
      postings: original.postings.map((p) => ({ account: p.account, fund: p.fund, amount: -BigInt(p.amount) })),
      reverses: seq,
    };
  };
}
