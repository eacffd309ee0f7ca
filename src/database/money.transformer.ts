import { ValueTransformer } from 'typeorm';

/** bigint fen columns ↔ JS bigint. node-postgres returns int8 as a string, never a lossy number. */
export const fenTransformer: ValueTransformer = {
  to: (value: bigint | null | undefined) => (value === null || value === undefined ? value : value.toString()),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};

/** Sequence numbers and tree sizes: int8 in the database, numbers in JS (far below 2^53; never money). */
export const seqTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
