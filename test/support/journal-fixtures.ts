import { randomUUID } from 'node:crypto';
import type { JournalService } from '../../src/journal/journal.service';

export const COUNTY_BOOK = '411103000000';

/** Registers a fund in a book with `amount` fen in its pool, the way a fund document does. */
export async function receiveFund(journal: JournalService, book: string, amount: bigint, occurredOn = '2024-03-01') {
  const fund = randomUUID();
  const entry = await journal.append(book, {
    type: 'test.funded',
    occurredOn,
    actor: 'test',
    subjects: [`fund:${fund}`],
    payload: { docNo: '豫财农〔2024〕12号' },
    newFunds: [fund],
    postings: [
      { account: 'source:central', fund, amount: -amount },
      { account: `pool:${book}`, fund, amount },
    ],
  });
  return { fund, entry };
}

/** Moves money from a book's pool to a test account (stands in for a commitment or a payment). */
export function spend(
  journal: JournalService,
  book: string,
  fund: string,
  amount: bigint,
  to = 'test:sink',
  key?: string,
) {
  return journal.append(
    book,
    {
      type: 'test.spent',
      occurredOn: '2024-03-02',
      actor: 'test',
      postings: [
        { account: `pool:${book}`, fund, amount: -amount },
        { account: to, fund, amount },
      ],
    },
    { idempotencyKey: key },
  );
}
