/** The add-checkpoint logic of c2sp.org/tlog-witness, independent of HTTP (the server and the monitor share it). */
import type { KeyObject } from 'node:crypto';
import { EMPTY_ROOT, verifyConsistency } from '../journal/merkle';
import {
  cosign,
  formatNote,
  rawPublicKey,
  SIG_COSIGNATURE_V1,
  signatureLine,
  signaturesBy,
  verifyEd25519,
  Verifier,
  formatVkey,
  keyIdOf,
} from './note';
import type { CrashHook, LogState, StateStore } from './state-store';
import { MalformedRequest, parseAddCheckpoint } from './tlog';

export interface WitnessResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface WitnessEvent {
  origin: string;
  status: number;
  reason: string;
  size?: number;
}

export interface WitnessOptions {
  /** POSIX seconds; the cosignature timestamp. */
  now?: () => bigint;
  hook?: CrashHook;
  /** Every refusal of a known, validly signed log (evidence of misbehaviour, tlog-witness allows logging it). */
  onRefusal?: (event: WitnessEvent) => void;
}

const text = (status: number, body: string, contentType = 'text/plain; charset=utf-8'): WitnessResponse => ({
  status,
  contentType,
  body: body.endsWith('\n') ? body : body + '\n',
});

export class Witness {
  readonly keyId: Buffer;
  readonly vkey: string;
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly now: () => bigint;
  private readonly hook: CrashHook;

  constructor(
    readonly name: string,
    private readonly privateKey: KeyObject,
    /** Trusted log keys by origin. */
    private readonly logs: Map<string, Verifier[]>,
    readonly store: StateStore,
    private readonly options: WitnessOptions = {},
  ) {
    const pub = rawPublicKey(privateKey);
    this.keyId = keyIdOf(name, SIG_COSIGNATURE_V1, pub);
    this.vkey = formatVkey(name, SIG_COSIGNATURE_V1, pub);
    this.now = options.now ?? (() => BigInt(Math.floor(Date.now() / 1000)));
    this.hook = options.hook ?? (() => {});
  }

  /** POST add-checkpoint: the body as received; answers with the status and body the spec prescribes. */
  async addCheckpoint(body: string): Promise<WitnessResponse> {
    let req;
    try {
      req = parseAddCheckpoint(body);
    } catch (err) {
      if (err instanceof MalformedRequest) return text(400, err.message);
      throw err;
    }
    const { origin, size, rootHash } = req.parsed;
    const keys = this.logs.get(origin);
    if (!keys) return text(404, `unknown log origin ${origin}`);
    let trusted = 0;
    for (const key of keys)
      for (const sig of signaturesBy(req.note, key)) {
        if (!verifyEd25519(req.note.text, key, sig.signature)) return text(403, 'a log signature fails to verify');
        trusted++;
      }
    if (trusted === 0) return text(403, 'no signature by a trusted key of this log');
    if (req.oldSize > size) {
      this.options.onRefusal?.({ origin, status: 400, reason: `old size ${req.oldSize} exceeds size ${size}`, size });
      return text(400, 'old size exceeds the checkpoint size');
    }
    return this.serially(origin, async () => {
      const known = await this.store.get(origin);
      const knownSize = known?.size ?? 0;
      if (req.oldSize !== knownSize) {
        // A validly signed checkpoint smaller than one already cosigned: the log went back (or forked).
        if (size < knownSize)
          this.options.onRefusal?.({
            origin,
            status: 409,
            reason: `size ${size} after ${knownSize} was cosigned`,
            size,
          });
        return text(409, `${knownSize}`, 'text/x.tlog.size');
      }
      const refuse = (reason: string) => {
        this.options.onRefusal?.({ origin, status: 422, reason, size });
        return text(422, reason);
      };
      if (size === 0 && !rootHash.equals(EMPTY_ROOT)) return refuse('a tree of size 0 must have the empty root');
      if (req.oldSize === 0 && req.proof.length) return refuse('a proof from size 0 must be empty');
      const oldRoot = known?.rootHash ?? EMPTY_ROOT;
      if (req.oldSize === size && !oldRoot.equals(rootHash))
        return refuse(`size ${size} was cosigned with another root hash`);
      if (!verifyConsistency(req.oldSize, size, oldRoot, rootHash, req.proof))
        return refuse(`the consistency proof from size ${req.oldSize} to ${size} does not verify`);
      this.hook('verified');
      const line = signatureLine(this.name, this.keyId, cosign(req.note.text, this.privateKey, this.now()));
      const next: LogState = { size, rootHash, note: formatNote(req.note.text, [...this.logLines(req), line]) };
      if (!(await this.store.swap(origin, known, next))) {
        const now = await this.store.get(origin);
        return text(409, `${now?.size ?? 0}`, 'text/x.tlog.size');
      }
      this.hook('stored');
      return text(200, line);
    });
  }

  /** GET <origin hash>/checkpoint: the latest cosigned checkpoint of a log, or null. */
  async latest(origin: string): Promise<string | null> {
    return (await this.store.get(origin))?.note ?? null;
  }

  origins(): string[] {
    return [...this.logs.keys()];
  }

  /** The log's own verified signature lines, kept with the cosigned checkpoint. */
  private logLines(req: ReturnType<typeof parseAddCheckpoint>): string[] {
    const keys = this.logs.get(req.parsed.origin) ?? [];
    return keys.flatMap((k) => signaturesBy(req.note, k).map((s) => signatureLine(s.name, s.keyId, s.signature)));
  }

  /** One request per origin at a time in this process; the store's compare-and-swap guards across processes. */
  private async serially<T>(origin: string, run: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(origin) ?? Promise.resolve();
    const current = previous.then(run, run);
    const tail = current.catch(() => undefined);
    this.locks.set(origin, tail);
    try {
      return await current;
    } finally {
      if (this.locks.get(origin) === tail) this.locks.delete(origin);
    }
  }
}
