import type { EntityManager } from 'typeorm';
import { businessToday, isCalendarDate } from '../../common/business-date';
import { DomainError } from '../../common/errors/domain-error';
import { UUID_PATTERN as UUID } from '../../common/validation/uuid';
import type { EntryDocument } from '../chain/entry-document';
import type { SqlStatement } from '../projections';
import { accountKind } from './accounts';

export interface PostingDraft {
  account: string;
  /** Fund id (uuid). */
  fund: string;
  /** Signed fen; the postings of each fund in an entry sum to zero. */
  amount: bigint;
}

/** What a feature module asks the journal to record. */
export interface EntryDraft {
  /** `<subject>.<verb>`, e.g. `fund.received`, `project.approved`. */
  type: string;
  /** The business date it happened (YYYY-MM-DD, not in the future). */
  occurredOn: string;
  /** User id, or `system`. */
  actor: string;
  /** `<kind>:<id>` references for timelines, e.g. `project:<uuid>`. No personal data. */
  subjects?: string[];
  payload?: Record<string, unknown>;
  postings?: PostingDraft[];
  /** Fund ids that this entry registers in the book (a fund document or an allocation). */
  newFunds?: string[];
  reverses?: number;
  idempotencyKey?: string;
}

/** The state a prepare callback may read, inside the book's lock. */
export interface AppendContext {
  em: EntityManager;
  /** Current balance as this batch sees it (includes earlier entries of the same batch). */
  balance(book: string, account: string, fund: string): Promise<bigint>;
  /**
   * A row beside the entry — not in it, not a projection (personal data the journal refuses, such
   * as a payee's bank account) — written in the entry's own statement, so it exists exactly when
   * the entry does. An INSERT/UPDATE with `$1…` parameters that touches no journal table.
   */
  alsoWrite(statement: SqlStatement): void;
  /**
   * A read on the transaction's connection as a prepared statement (parsed and planned once per
   * connection): for a callback's hot reads, whose text must be fixed (values only in `$n`).
   */
  query<T>(sql: string, params: unknown[]): Promise<T[]>;
  /**
   * The result of this append's `read` (AppendOptions.read), made with the batch's others right
   * after the book locks — or undefined when an earlier entry of the batch is about the read's
   * subject (the result may be stale): then read it yourself.
   */
  readResult(): unknown;
}

/**
 * A read a callback will need, made up front for the whole batch: the appends of a batch with
 * reads of one `kind` share one `run` (one statement) — so `run` must answer for many args at once.
 */
export interface BatchRead<A = unknown, R = unknown> {
  kind: string;
  arg: A;
  /** One result per arg, in order; it runs after the book locks, in the batch's transaction. */
  run(query: AppendContext['query'], args: A[]): Promise<R[]>;
  /** The subject (`project:<id>`) whose entries would make the result stale. */
  subject: string;
  /**
   * What `run` would return for this subject, for any later arg, once this read's own entry is
   * written (a payment's project with the payment applied). Given, the cached route remembers it
   * with the book's new head and answers the subject's next read from memory while that head stays
   * — which the cached route's write checks. Other entries about the subject make it forgotten.
   */
  after?(result: R, entry: AppendedEntry): R;
}

export interface AppendOptions {
  idempotencyKey?: string;
  /**
   * The callback only reads (its writes go through `alsoWrite`) and throws all its refusals before
   * returning: it then needs no savepoint, and its entry, projections and beside rows go in one
   * statement. Should anything fail after that point, the batch is retried request by request.
   */
  checksFirst?: boolean;
  /**
   * Account paths the entry will likely post to (e.g. `project:<id>`): their balances in every fund,
   * and those funds, are loaded and locked with the batch's first query instead of one per entry.
   * Only a hint: anything else the entry posts to is loaded as usual.
   */
  accounts?: string[];
  /** A read the callback needs, made for the whole batch in one statement (AppendContext.readResult). */
  read?: BatchRead;
}

/** A draft, or a callback that builds it inside the transaction holding the book lock. */
export type DraftSource = EntryDraft | ((ctx: AppendContext) => Promise<EntryDraft> | EntryDraft);

export interface AppendedEntry {
  book: string;
  seq: number;
  hash: string;
  /** True when an entry with the same idempotency key already existed and is returned instead. */
  replayed: boolean;
  document: EntryDocument;
}

const TYPE = /^[a-z][a-z_-]*(\.[a-z][a-z_-]*)+$/;
const SUBJECT = /^[a-z][a-z_-]*:[A-Za-z0-9_.:-]{1,100}$/;
/** Personal data belongs in access-controlled tables, never in hashed payloads. */
const PERSONAL_KEYS =
  /^(id_?number|id_?card|phone|mobile|tel(ephone)?|account_?no|bank_?account|idNumber|idCard|accountNo|bankAccount)$/i;

function findPersonalKey(value: unknown, path = 'payload'): string | undefined {
  if (Array.isArray(value)) return value.map((v, i) => findPersonalKey(v, `${path}[${i}]`)).find(Boolean);
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (PERSONAL_KEYS.test(k)) return `${path}.${k}`;
    const nested = findPersonalKey(v, `${path}.${k}`);
    if (nested) return nested;
  }
  return undefined;
}

/** RFC 8785 cannot represent lone UTF-16 surrogates; other implementations could not re-hash them. */
function findMalformedString(value: unknown, path = 'payload'): string | undefined {
  if (typeof value === 'string') return value.isWellFormed() ? undefined : path;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const bad = !k.isWellFormed() ? `${path}.<key>` : findMalformedString(v, `${path}.${k}`);
    if (bad) return bad;
  }
  return undefined;
}

function invalid(message: string, details?: unknown): DomainError {
  return new DomainError('VALIDATION_FAILED', message, details);
}

/** Checks everything about a draft that needs no database: shape, dates, balance per fund. */
export function validateDraft(draft: EntryDraft): void {
  if (!TYPE.test(draft.type)) throw invalid(`Entry type "${draft.type}" must look like "fund.received"`);
  if (!isCalendarDate(draft.occurredOn))
    throw invalid(`occurredOn "${draft.occurredOn}" is not a date YYYY-MM-DD / 日期格式错误`);
  if (draft.occurredOn > businessToday())
    throw invalid(`occurredOn ${draft.occurredOn} is in the future / 日期不得晚于今天`);
  if (!draft.actor) throw invalid('An entry needs an actor');
  for (const s of draft.subjects ?? [])
    if (!SUBJECT.test(s)) throw invalid(`Subject "${s}" must look like "project:<id>"`);
  const malformed = findMalformedString(draft.payload ?? {});
  if (malformed) throw invalid(`${malformed} contains a lone surrogate (not valid Unicode) / 含有无效字符`);
  const personal = findPersonalKey(draft.payload ?? {});
  if (personal)
    throw invalid(`${personal} looks like personal data; reference the household by id instead / 日志不得包含个人信息`);

  const perFund = new Map<string, bigint>();
  for (const p of draft.postings ?? []) {
    if (!UUID.test(p.fund))
      throw new DomainError('UNKNOWN_FUND', `Fund "${p.fund}" is not a fund id / 未知资金`, { fund: p.fund });
    accountKind(p.account);
    if (typeof p.amount !== 'bigint' || p.amount === 0n)
      throw invalid(`Posting to ${p.account} needs a non-zero amount in fen`);
    perFund.set(p.fund, (perFund.get(p.fund) ?? 0n) + p.amount);
  }
  const unbalanced = [...perFund].filter(([, sum]) => sum !== 0n);
  if (unbalanced.length) {
    throw new DomainError('UNBALANCED_POSTINGS', 'The postings of each fund must sum to zero / 借贷不平衡', {
      unbalanced: unbalanced.map(([fund, sum]) => ({ fund, sum: sum.toString() })),
    });
  }
  if ((draft.postings?.length ?? 0) > 1000) throw invalid('At most 1000 postings per entry');
}
