import type { EntityManager } from 'typeorm';
import { businessToday, isCalendarDate } from '../../common/business-date';
import { DomainError } from '../../common/errors/domain-error';
import { UUID_PATTERN as UUID } from '../../common/validation/uuid';
import type { EntryDocument } from '../chain/entry-document';
import type { RowTable, SqlStatement, TableRow } from '../projections';
import { accountKind } from './accounts';

export interface PostingDraft {
  account: string;
  fund: string;
  /** Signed fen; the postings of each fund in an entry sum to zero. */
  amount: bigint;
}

/** What a feature module asks the journal to record; `P` is the payload type of its entry type. */
export interface EntryDraft<P extends object = Record<string, unknown>> {
  type: string;
  occurredOn: string;
  actor: string;
  subjects?: string[];
  payload?: P;
  postings?: PostingDraft[];
  newFunds?: string[];
  reverses?: number;
  idempotencyKey?: string;
}

/** What a callback may use inside the batch's transaction; `R` is the result type of its `read`. */
export interface AppendContext<R = unknown> {
  /** Reading through it sends the batch to the careful route (see DraftCallback). */
  em: EntityManager;
  balance(book: string, account: string, fund: string): Promise<bigint>;
  /** A row beside the entry (personal data the journal refuses), written in the entry's own statement. */
  alsoInsert<T extends TableRow>(table: RowTable<T>, row: T): void;
  /** As alsoInsert, for a statement of any shape (it then leaves the cached route). */
  alsoWrite(statement: SqlStatement): void;
  /** A prepared read on the batch's connection; like `em`, it sends the batch to the careful route. */
  query<T>(sql: string, params: unknown[]): Promise<T[]>;
  /** The result of this append's `read`, or undefined when it may be stale: then read it yourself. */
  readResult(): R | undefined;
}

/**
 * Builds an entry inside the batch's transaction. It may run more than once for one append (a failed batch is retried
 * request by request; the cached route may hand it to the careful one), so it has no side effects outside `ctx` and
 * refuses by throwing. Any read but `ctx.readResult()` sends the batch to the careful route.
 */
export type DraftCallback<P extends object = Record<string, unknown>, R = unknown> = (
  ctx: AppendContext<R>,
) => Promise<EntryDraft<P>> | EntryDraft<P>;

export type DraftSource<P extends object = Record<string, unknown>, R = unknown> = EntryDraft<P> | DraftCallback<P, R>;

/** A read a callback will need, made for the whole batch: reads of one `kind` share one `run`. */
export interface BatchRead<A = unknown, R = unknown> {
  kind: string;
  arg: A;
  run(query: AppendContext['query'], args: A[]): Promise<R[]>;
  /** The subject (`project:<id>`) whose entries make the result stale. */
  subject: string;
  /** Account paths the entry will post to, loaded with the batch's first query on the careful route. */
  accounts?: string[];
  /** What `run` would return once this read's own entry is written; the cached route remembers it. */
  after?(result: R, entry: AppendedEntry): R;
}

export interface BatchReadSpec<A, R> {
  kind: string;
  load(query: AppendContext['query'], args: A[]): Promise<R[]>;
  subjectOf(arg: A): string;
  accountsOf?(arg: A): string[];
  after?(result: R, entry: AppendedEntry): R;
}

/** A kind of batch read, defined once; `read: paymentState.for(arg)` asks for one. */
export function defineBatchRead<A, R>(spec: BatchReadSpec<A, R>): { for(arg: A): BatchRead<A, R> } {
  return {
    for: (arg) => ({
      kind: spec.kind,
      arg,
      run: spec.load,
      subject: spec.subjectOf(arg),
      accounts: spec.accountsOf?.(arg),
      after: spec.after,
    }),
  };
}

export interface AppendOptions<R = unknown> {
  idempotencyKey?: string;
  /**
   * The callback only reads (writes go through `alsoInsert`) and throws all its refusals before returning: no
   * savepoint, and its entry and rows go out with the batch's others in one statement.
   */
  checksFirst?: boolean;
  /** Account paths to load with the batch's first query (a BatchRead may name them instead). */
  accounts?: string[];
  /** A read made for the whole batch up front; its result is `ctx.readResult()`. */
  read?: BatchRead<unknown, R>;
}

export interface AppendedEntry<P extends object = Record<string, unknown>> {
  book: string;
  seq: number;
  hash: string;
  /** An entry with the same idempotency key already existed and is returned instead. */
  replayed: boolean;
  document: EntryDocument<P>;
}

const TYPE = /^[a-z][a-z_-]*(\.[a-z][a-z_-]*)+$/;
const SUBJECT = /^[a-z][a-z_-]*:[A-Za-z0-9_.:-]{1,100}$/;
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

// RFC 8785 cannot represent lone surrogates: other implementations could not re-hash them.
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
export function validateDraft(draft: EntryDraft<object>): void {
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
