import { DomainError } from '../../common/errors/domain-error';
import { fenToYuan } from '../../common/money';
import { canonicalBytes, chainHash, EntryDocument, HASH_SCHEME_VERSION } from '../chain/entry-document';
import { accountKey, BatchState } from './batch-state';
import type { AppendPart } from './batch-writer';
import type { AppendedEntry, EntryDraft } from './entry-draft';
import { StagedRows } from './staged-rows';

export interface Staged {
  staged: StagedRows;
  entries: AppendedEntry[];
}

/** Checks valid drafts against the batch's balances and funds, then assigns seqs and chains the hashes. */
export async function stageEntries(state: BatchState, parts: AppendPart[], drafts: EntryDraft[]): Promise<Staged> {
  await state.load(
    parts.flatMap((part, i) =>
      (drafts[i].postings ?? []).map((p) => ({ book: part.book, account: p.account, fund: p.fund })),
    ),
    drafts.flatMap((d) => [...(d.postings ?? []).map((p) => p.fund), ...(d.newFunds ?? [])]),
  );

  const staged = new StagedRows();
  parts.forEach((part, i) => {
    const newFunds = drafts[i].newFunds ?? [];
    for (const f of newFunds) {
      if (state.funds.get(f))
        throw new DomainError('ALREADY_EXISTS', `Fund ${f} is already registered / 资金已登记`, { fund: f });
    }
    for (const p of drafts[i].postings ?? []) {
      if (state.funds.get(p.fund) !== part.book && !newFunds.includes(p.fund)) {
        throw new DomainError('UNKNOWN_FUND', `Fund ${p.fund} is not in book ${part.book} / 本账套无此资金`, {
          fund: p.fund,
          book: part.book,
        });
      }
      const key = accountKey(part.book, p.account, p.fund);
      const current = staged.accounts.get(key) ?? {
        book: part.book,
        account: p.account,
        fund: p.fund,
        ...state.accounts.get(key)!,
      };
      staged.accounts.set(key, { ...current, balance: current.balance + p.amount });
    }
  });
  for (const a of staged.accounts.values()) {
    if (a.nonNegative && a.balance < 0n) {
      throw new DomainError(
        'INSUFFICIENT_FUNDS',
        `Not enough money in ${a.account}: short by ${fenToYuan(-a.balance)} yuan / 余额不足`,
        {
          book: a.book,
          account: a.account,
          fund: a.fund,
          shortBy: fenToYuan(-a.balance),
        },
      );
    }
  }

  const seqs = parts.map((p) => state.head(p.book).seq + 1);
  const recordedAt = new Date().toISOString();
  const entries = parts.map((part, i): AppendedEntry => {
    const d = drafts[i];
    const other = parts.length === 2 ? 1 - i : -1;
    const doc: EntryDocument = {
      v: HASH_SCHEME_VERSION,
      book: part.book,
      seq: seqs[i],
      type: d.type,
      occurredOn: d.occurredOn,
      recordedAt,
      actor: d.actor,
      subjects: d.subjects ?? [],
      payload: d.payload ?? {},
      postings: (d.postings ?? []).map((p) => ({ account: p.account, fund: p.fund, amount: p.amount.toString() })),
      ...(d.newFunds?.length ? { newFunds: d.newFunds } : {}),
      ...(d.reverses !== undefined ? { reverses: d.reverses } : {}),
      ...(other >= 0 ? { counterpart: { book: parts[other].book, seq: seqs[other] } } : {}),
    };
    const body = canonicalBytes(doc);
    const prevHash = state.head(part.book).hash;
    const hash = chainHash(prevHash, body);
    staged.entries.push({
      doc,
      body,
      prevHash,
      hash,
      idempotencyKey: part.idempotencyKey ?? d.idempotencyKey ?? null,
    });
    staged.heads.set(part.book, { seq: doc.seq, hash });
    for (const f of d.newFunds ?? []) staged.funds.push({ fund: f, book: part.book, seq: doc.seq });
    return { book: part.book, seq: doc.seq, hash: hash.toString('hex'), replayed: false, document: doc };
  });
  return { staged, entries };
}
