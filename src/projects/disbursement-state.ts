import { notFound } from '../common/errors/domain-error';
import { UUID_PATTERN as UUID } from '../common/validation/uuid';
import { AppendContext, AppendedEntry, defineBatchRead } from '../journal/append/entry-draft';
import { payloadOf } from '../journal/projections';
import type { Project, ProjectFunding } from './project.entity';
import { DisbursementPaidPayload, fundingDeltas } from './projects.projection';

/** What the payment rules (disbursement-rules.ts) read of a project. */
export type PayableProject = Pick<
  Project,
  'status' | 'startedOn' | 'acceptedOn' | 'finalCost' | 'retention' | 'retentionDueOn' | 'advancePaid' | 'advanceLimit'
>;

export interface PaymentState {
  project: PayableProject;
  /** In commitment order (committed_seq, position), as loadFunding gives them. */
  lines: ProjectFunding[];
  /** The voucher number is already recorded in the book. */
  voucherUsed: boolean;
}

interface Row {
  status: Project['status'];
  started_on: string | null;
  accepted_on: string | null;
  final_cost: string | null;
  retention: string | null;
  retention_due_on: string | null;
  advance_paid: string;
  advance_limit: string | null;
  lines: Array<{
    fund_id: string;
    committed_seq: string;
    position: number;
    committed: string;
    released: string;
    disbursed: string;
  }>;
  voucher_used: boolean;
}

const fen = (v: string | null) => (v === null ? null : BigInt(v));

export interface PaymentStateKey {
  projectId: string;
  book: string;
  voucherNo: string;
  /** The payee's account key (payeeKey): its balances are loaded with the batch. */
  payee?: string;
}

/**
 * Everything a payment's checks need — the project, its funding lines, the voucher check — for many payments in
 * ONE round trip under the book lock: a batch's payments read together (AppendOptions.read), a payment alone
 * reads the same way.
 */
export async function loadPaymentStates(
  query: AppendContext['query'],
  keys: PaymentStateKey[],
): Promise<Array<PaymentState | null>> {
  const valid = keys.filter((k) => UUID.test(k.projectId));
  const rows: Array<Row & { i: number }> = valid.length
    ? await query(
        `SELECT k.i::int AS i, p.status, p.started_on::text, p.accepted_on::text, p.final_cost::text,
                p.retention::text,
                p.retention_due_on::text, p.advance_paid::text, p.advance_limit::text,
                COALESCE((SELECT json_agg(json_build_object('fund_id', f.fund_id,
                                                            'committed_seq', f.committed_seq::text,
                                                            'position', f.position,
                                                            'committed', f.committed::text,
                                                            'released', f.released::text,
                                                            'disbursed', f.disbursed::text)
                                          ORDER BY f.committed_seq, f.position)
                            FROM project_funding f WHERE f.project_id = p.id), '[]') AS lines,
                EXISTS (SELECT 1 FROM disbursement d WHERE d.book = k.book AND d.voucher_no = k.voucher) AS voucher_used
           FROM unnest($1::uuid[], $2::varchar[], $3::text[]) WITH ORDINALITY AS k(project_id, book, voucher, i)
           JOIN LATERAL (SELECT * FROM project WHERE id = k.project_id LIMIT 1) p ON true`,
        [valid.map((k) => k.projectId), valid.map((k) => k.book), valid.map((k) => k.voucherNo)],
      )
    : [];
  const byKey = new Map(rows.map((r) => [valid[r.i - 1], toState(valid[r.i - 1].projectId, r)]));
  return keys.map((k) => byKey.get(k) ?? null);
}

/** One payment's state (see loadPaymentStates); NOT_FOUND when there is no such project. */
export async function loadPaymentState(
  query: AppendContext['query'],
  projectId: string,
  book: string,
  voucherNo: string,
): Promise<PaymentState> {
  const [state] = await loadPaymentStates(query, [{ projectId, book, voucherNo }]);
  if (!state) throw notFound('Project', projectId);
  return state;
}

/**
 * The state a payment leaves its project in — what loadPaymentStates would read once the payment's projection
 * rows are written (projects.projection.ts, disbursementStatements): the advance total, settlement, and the
 * funding lines moved by its postings.
 */
export function paymentStateAfter(state: PaymentState, entry: AppendedEntry): PaymentState {
  const paid = payloadOf<DisbursementPaidPayload>(entry.document);
  const deltas = fundingDeltas(entry.document, false);
  const advance = paid.kind === 'advance' ? BigInt(paid.amount) : 0n;
  return {
    project: {
      ...state.project,
      advancePaid: state.project.advancePaid + advance,
      ...(paid.settles ? { status: 'settled' as const } : {}),
    },
    lines: state.lines.map((l) => {
      const d = deltas.get(l.fundId);
      return d
        ? {
            ...l,
            committed: l.committed + d.committed,
            released: l.released + d.released,
            disbursed: l.disbursed + d.disbursed,
          }
        : l;
    }),
    voucherUsed: false,
  };
}

function toState(projectId: string, r: Row): PaymentState {
  return {
    project: {
      status: r.status,
      startedOn: r.started_on,
      acceptedOn: r.accepted_on,
      finalCost: fen(r.final_cost),
      retention: fen(r.retention),
      retentionDueOn: r.retention_due_on,
      advancePaid: BigInt(r.advance_paid),
      advanceLimit: fen(r.advance_limit),
    },
    lines: r.lines.map((l) => ({
      projectId,
      fundId: l.fund_id,
      committedSeq: Number(l.committed_seq),
      position: l.position,
      committed: BigInt(l.committed),
      released: BigInt(l.released),
      disbursed: BigInt(l.disbursed),
    })),
    voucherUsed: r.voucher_used,
  };
}

/**
 * A payment's state as a batch read: the payments of a batch read their projects in one statement, and the next
 * payment of a project, while the book's head stays, reads nothing (paymentStateAfter).
 */
export const paymentState = defineBatchRead<PaymentStateKey, PaymentState | null>({
  kind: 'disbursement.state',
  load: loadPaymentStates,
  subjectOf: (k) => `project:${k.projectId}`,
  accountsOf: (k) => [`project:${k.projectId}`, ...(k.payee ? [`payee:${k.payee}`] : [])],
  after: (state, entry) => state && paymentStateAfter(state, entry),
});
