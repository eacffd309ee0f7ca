/** A WAL position as PostgreSQL prints it (`16/B374D848`): two hex halves of a 64-bit byte offset. */
const LSN = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i;

/** The position as a number to compare, or undefined when the text is not an LSN. */
export function parseLsn(text: string | undefined | null): bigint | undefined {
  const m = text ? LSN.exec(text.trim()) : null;
  return m ? (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`) : undefined;
}

/** The inverse of parseLsn, in PostgreSQL's own spelling (upper-case hex, no padding). */
export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}
