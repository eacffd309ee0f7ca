import { UUID_PATTERN } from '../common/validation/uuid';

/**
 * One-dimensional arrays in PostgreSQL's binary format for batch statements' column arrays, so the server skips
 * parsing each element's text. The element type must be exactly the statement's cast; values are checked as strictly
 * as their text input would be.
 */
export type ElementType =
  'bool' | 'bytea' | 'int2' | 'int4' | 'int8' | 'text' | 'varchar' | 'date' | 'timestamptz' | 'uuid' | 'jsonb';

const OID: Record<ElementType, number> = {
  bool: 16,
  bytea: 17,
  int2: 21,
  int4: 23,
  int8: 20,
  text: 25,
  varchar: 1043,
  date: 1082,
  timestamptz: 1184,
  uuid: 2950,
  jsonb: 3802,
};

/** PostgreSQL counts dates and timestamps from 2000-01-01 UTC. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** What `Date#toISOString` writes: the journal's recorded_at, to the millisecond. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
/** PostgreSQL's uuid input takes upper-case hex too. */
const UUID = new RegExp(UUID_PATTERN.source, 'i');
const JSONB_VERSION = 1;

export type ElementValue = string | number | bigint | boolean | Buffer | null | undefined;

type Element = Exclude<ElementValue, null | undefined>;

/** Bytes of each element of a fixed width; text-like ones are as long as their UTF-8. */
const WIDTH: Partial<Record<ElementType, number>> = {
  bool: 1,
  int2: 2,
  int4: 4,
  int8: 8,
  date: 4,
  timestamptz: 8,
  uuid: 16,
};

function byteLength(type: ElementType, v: Element): number {
  const width = WIDTH[type];
  if (width !== undefined) return width;
  if (type === 'bytea') {
    if (!Buffer.isBuffer(v)) throw new TypeError(`bytea element must be a Buffer`);
    return v.length;
  }
  return Buffer.byteLength(String(v), 'utf8') + (type === 'jsonb' ? 1 : 0);
}

/** Writes an element's bytes (without its length word) at `at`; returns where they end. */
function write(out: Buffer, at: number, type: ElementType, v: Element): number {
  switch (type) {
    case 'bool':
      return out.writeUInt8(v ? 1 : 0, at);
    case 'bytea':
      return at + (v as Buffer).copy(out, at);
    case 'int2':
      return out.writeInt16BE(Number(v), at);
    case 'int4':
      return out.writeInt32BE(Number(v), at);
    case 'int8':
      return out.writeBigInt64BE(toBigInt(v), at);
    case 'text':
    case 'varchar':
      return at + out.write(String(v), at, 'utf8');
    case 'jsonb':
      out.writeUInt8(JSONB_VERSION, at);
      return at + 1 + out.write(String(v), at + 1, 'utf8');
    case 'date':
      return out.writeInt32BE(days(String(v)), at);
    case 'timestamptz':
      return out.writeBigInt64BE(micros(String(v)), at);
    case 'uuid': {
      const s = String(v);
      if (!UUID.test(s)) throw new TypeError(`"${s}" is not a uuid`);
      return at + out.write(s.replaceAll('-', ''), at, 'hex');
    }
  }
}

function toBigInt(v: Element): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d{1,19}$/.test(v)) return BigInt(v);
  throw new TypeError(`${String(v)} is not a 64-bit integer`);
}

/** Dates already checked: a batch's entries mostly share one. */
const dayCache = new Map<string, number>();

function days(s: string): number {
  let n = dayCache.get(s);
  if (n !== undefined) return n;
  const m = DATE.exec(s);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  // Date.UTC rolls 2025-02-30 over to March: only a date that reads back the same is one.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== s)
    throw new TypeError(`"${s}" is not a date YYYY-MM-DD`);
  n = (ms - PG_EPOCH_MS) / DAY_MS;
  if (dayCache.size < 10_000) dayCache.set(s, n);
  return n;
}

function micros(s: string): bigint {
  const ms = ISO_INSTANT.test(s) ? Date.parse(s) : NaN;
  if (Number.isNaN(ms)) throw new TypeError(`"${s}" is not an ISO instant`);
  return BigInt(ms - PG_EPOCH_MS) * 1000n;
}

/** `values` as a binary array of `type`; null and undefined elements are SQL NULLs. */
export function binaryArray(type: ElementType, values: readonly ElementValue[]): Buffer {
  const header = values.length ? 20 : 12;
  let size = header;
  let nulls = 0;
  for (const v of values) {
    if (v === null || v === undefined) nulls++;
    else size += byteLength(type, v);
  }
  size += 4 * values.length;
  const out = Buffer.allocUnsafe(size);
  out.writeInt32BE(values.length ? 1 : 0, 0); // dimensions (an empty array has none)
  out.writeInt32BE(nulls ? 1 : 0, 4); // has NULLs
  out.writeInt32BE(OID[type], 8);
  if (values.length) {
    out.writeInt32BE(values.length, 12); // length of the dimension
    out.writeInt32BE(1, 16); // its lower bound
  }
  let at = header;
  for (const v of values) {
    if (v === null || v === undefined) {
      at = out.writeInt32BE(-1, at);
    } else {
      const start = at + 4;
      const end = write(out, start, type, v);
      out.writeInt32BE(end - start, at);
      at = end;
    }
  }
  return out;
}
