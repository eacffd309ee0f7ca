/** The publication on the county's server and the subscription on the audit bureau's (one name for both). */
export const AUDIT_COPY = 'sunshine_audit_copy';

/**
 * The journal's append-only tables and the checkpoints: on the copy their triggers fire for the replication
 * apply too, so an edit made on the county's side behind its triggers is refused instead of copied.
 */
export const APPEND_ONLY_TABLES = [
  'journal_entry',
  'journal_posting',
  'journal_checkpoint',
  'journal_tree_node',
  'notice_content',
  'checkpoint_cosignature',
] as const;

/**
 * What the audit traces, findings and the replay check read besides: the book heads, balances and every
 * projection, whose rows change as the journal grows. Left out: users and their token hashes, idempotency
 * records, rate-limit counters, objectors' contact details (objection_submission), witness refusals, the
 * household key check — none is evidence, and some are secrets or personal data the audit does not need.
 */
export const PROJECTION_TABLES = [
  'region',
  'journal_book',
  'journal_tree_state',
  'ledger_account',
  'ledger_fund',
  'fund',
  'household',
  'project',
  'project_funding',
  'disbursement',
  'disbursement_payee_account',
  'notice',
  'objection',
  'asset',
  'asset_funding',
  'asset_ownership',
  'asset_income',
  'asset_distribution',
  'checkpoint_witness',
] as const;

export const PUBLISHED_TABLES = [...APPEND_ONLY_TABLES, ...PROJECTION_TABLES];

/** How each append-only table's row is named in a refusal: its book and the number that places it. */
export const ROW_KEY: Record<(typeof APPEND_ONLY_TABLES)[number], string> = {
  journal_entry: 'seq',
  journal_posting: 'seq',
  journal_checkpoint: 'tree_size',
  journal_tree_node: 'idx',
  notice_content: '',
  checkpoint_cosignature: 'tree_size',
};
