import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appConfig, type AppConfig } from '../../config/app.config';
import { signCheckpoint } from '../merkle';

export interface PublicKeyView {
  algorithm: 'Ed25519';
  keyId: string;
  /** 32 raw bytes, base64: what Web Crypto's importKey('raw', …, 'Ed25519') takes. */
  publicKeyRaw: string;
  publicKeyPem: string;
}

/**
 * The Ed25519 key that signs checkpoints: SIGNING_KEY (PKCS#8 PEM) when set — do so when several instances
 * share a database — else a key generated into DATA_DIR on first start.
 */
@Injectable()
export class SigningKeyService {
  private readonly logger = new Logger('SigningKey');
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;

  constructor(@Inject(appConfig.KEY) config: AppConfig) {
    this.privateKey = createPrivateKey(process.env.SIGNING_KEY ?? this.fileKey(config.dataDir));
    if (this.privateKey.asymmetricKeyType !== 'ed25519') throw new Error('SIGNING_KEY must be an Ed25519 private key');
    this.publicKey = createPublicKey(this.privateKey);
    this.keyId = createHash('sha256').update(this.raw()).digest('hex').slice(0, 16);
  }

  sign(body: string): string {
    return signCheckpoint(body, this.privateKey);
  }

  view(): PublicKeyView {
    return {
      algorithm: 'Ed25519',
      keyId: this.keyId,
      publicKeyRaw: this.raw().toString('base64'),
      publicKeyPem: this.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  }

  private raw(): Buffer {
    // The last 32 bytes of an Ed25519 SPKI DER are the raw key.
    return this.publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
  }

  private fileKey(dataDir: string): string {
    const file = join(dataDir, 'signing-key.pem');
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      const { privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      this.logger.log(`generated a checkpoint signing key in ${file}`);
    }
    return readFileSync(file, 'utf8');
  }
}
