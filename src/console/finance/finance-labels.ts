import { SOURCE_LEVEL_NAMES, SOURCE_LEVELS } from '../../funds/fund.entity';
import { DISBURSEMENT_KIND_LABEL, PAYEE_TYPE_LABEL, PROJECT_STATUS_LABEL } from '../../excel/export/export-labels';
import { DISBURSEMENT_KINDS, PAYEE_TYPES } from '../../projects/disbursement.entity';
import { formatYuan } from '../../notices/pdf/format';
import type { Response } from 'express';

/** The Chinese names the finance pages show, from the labels the exports already use. */
export const SOURCE_OPTIONS = SOURCE_LEVELS.map((s): [string, string] => [s, SOURCE_LEVEL_NAMES[s]]);
export const KIND_OPTIONS = DISBURSEMENT_KINDS.map((k): [string, string] => [k, DISBURSEMENT_KIND_LABEL[k]]);
export const PAYEE_OPTIONS = PAYEE_TYPES.map((k): [string, string] => [k, PAYEE_TYPE_LABEL[k]]);
export const sourceName = (s: string) => (SOURCE_LEVEL_NAMES as Record<string, string>)[s] ?? s;
export const statusName = (s: string) => PROJECT_STATUS_LABEL[s] ?? s;
export const kindName = (s: string | null) => (s ? (DISBURSEMENT_KIND_LABEL[s] ?? s) : '');
export const payeeTypeName = (s: string | null) => (s ? (PAYEE_TYPE_LABEL[s] ?? s) : '');

/** "1,250.00" (no unit: the column header says 元). */
export const money = (yuan: string | null | undefined) => (yuan == null ? '' : formatYuan(yuan));

export const send = (res: Response, page: string, status = 200) => res.status(status).type('html').send(page);

/** A keyset cursor we hand out (a uuid); anything else is ignored rather than refused. */
export const uuidCursor = (v: unknown) => (typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? v : undefined);
export const entryHref = (book: string, seq: number | string) => `/console/audit/trace/entries/${book}/${seq}`;
