/** The checkpoint note text of c2sp.org/tlog-checkpoint and the add-checkpoint request of c2sp.org/tlog-witness. */
import { decodeBase64, Note, parseNote } from './note';

export interface CheckpointText {
  origin: string;
  size: number;
  rootHash: Buffer;
  /** Extension lines, opaque. */
  extensions: string[];
}

export interface AddCheckpointRequest {
  oldSize: number;
  proof: Buffer[];
  /** The whole submitted checkpoint, a signed note. */
  checkpoint: string;
  note: Note;
  parsed: CheckpointText;
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;
/** tlog-witness: a client MUST NOT send more than 63 consistency proof lines. */
export const MAX_PROOF_LINES = 63;

export class MalformedRequest extends Error {}

function size(text: string, what: string): number {
  const n = Number(text);
  if (!DECIMAL.test(text) || !Number.isSafeInteger(n)) throw new MalformedRequest(`malformed ${what}`);
  return n;
}

/** Origin, tree size (decimal, no leading zeroes), base64 root hash, then optional non-empty extension lines. */
export function parseCheckpointText(text: string): CheckpointText {
  if (!text.endsWith('\n')) throw new MalformedRequest('checkpoint text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3 || lines.some((l) => l === '')) throw new MalformedRequest('checkpoint needs 3 non-empty lines');
  const [origin, sizeText, rootText, ...extensions] = lines;
  const rootHash = decodeBase64(rootText);
  if (!rootHash || rootHash.length !== 32) throw new MalformedRequest('malformed checkpoint root hash');
  return { origin, size: size(sizeText, 'checkpoint size'), rootHash, extensions };
}

/** `old <size>\n`, up to 63 base64 hash lines, an empty line, then the checkpoint; throws MalformedRequest. */
export function parseAddCheckpoint(body: string): AddCheckpointRequest {
  const blank = body.indexOf('\n\n');
  if (blank < 0) throw new MalformedRequest('request needs an old size line, proof lines and an empty line');
  const head = body.slice(0, blank).split('\n');
  const checkpoint = body.slice(blank + 2);
  const oldLine = head[0];
  if (!oldLine.startsWith('old ')) throw new MalformedRequest('the first line must be "old <size>"');
  const oldSize = size(oldLine.slice(4), 'old size');
  const proofLines = head.slice(1);
  if (proofLines.length > MAX_PROOF_LINES) throw new MalformedRequest('more than 63 consistency proof lines');
  const proof = proofLines.map((line) => {
    const hash = decodeBase64(line);
    if (!hash || hash.length !== 32) throw new MalformedRequest('malformed consistency proof line');
    return hash;
  });
  let note: Note;
  try {
    note = parseNote(checkpoint);
  } catch (err) {
    throw new MalformedRequest((err as Error).message);
  }
  return { oldSize, proof, checkpoint, note, parsed: parseCheckpointText(note.text) };
}

export function formatAddCheckpoint(oldSize: number, proof: Uint8Array[], checkpoint: string): string {
  const lines = proof.map((h) => Buffer.from(h).toString('base64') + '\n').join('');
  return `old ${oldSize}\n${lines}\n${checkpoint}`;
}
