/** A small C2SP log for tests and the benchmark: an in-memory tree, signed checkpoints, consistency proofs. */
import { createHash, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { consistencyProof, MemorySubtreeStore, rootHash } from '../../journal/merkle';
import { formatVkey, keyIdOf, rawPublicKey, SIG_ED25519, signatureLine } from '../note';
import { formatAddCheckpoint } from '../tlog';

export class TestLog {
  readonly store = new MemorySubtreeStore();
  readonly privateKey: KeyObject;
  readonly vkey: string;
  private next = 0;

  constructor(
    readonly origin = 'example.com/test-log',
    key?: KeyObject,
  ) {
    this.privateKey = key ?? generateKeyPairSync('ed25519').privateKey;
    this.vkey = formatVkey(origin, SIG_ED25519, rawPublicKey(this.privateKey));
  }

  /** Appends n synthetic entries (distinct per log and seed). */
  append(n: number, seed = ''): void {
    const entries: Buffer[] = [];
    for (let i = 0; i < n; i++)
      entries.push(createHash('sha256').update(`${this.origin}/${seed}/${this.next++}`).digest());
    this.store.append(entries);
  }

  /** The signed checkpoint note of the tree of `size` leaves (default: all), or of a given root. */
  async checkpoint(size = this.store.size, root?: Buffer): Promise<string> {
    const r = root ?? (await rootHash(size, this.store));
    const text = `${this.origin}\n${size}\n${r.toString('base64')}\n`;
    const keyId = keyIdOf(this.origin, SIG_ED25519, rawPublicKey(this.privateKey));
    return `${text}\n${signatureLine(this.origin, keyId, sign(null, Buffer.from(text), this.privateKey))}`;
  }

  async proof(from: number, to: number): Promise<Buffer[]> {
    return from === 0 ? [] : consistencyProof(from, to, this.store);
  }

  /** An add-checkpoint request body from `from` to the tree of `to` leaves. */
  async request(from: number, to = this.store.size): Promise<string> {
    return formatAddCheckpoint(from, await this.proof(from, to), await this.checkpoint(to));
  }
}
