import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StaticAsset {
  body: Buffer;
  etag: string;
}

/** The page scripts, kept as plain .js files (nest-cli.json copies them into dist beside this file). */
export const ASSET_NAMES = ['verify-primitives.js', 'verify-witness.js', 'verify.js', 'objection.js'] as const;
export type AssetName = (typeof ASSET_NAMES)[number];

let cache: Map<string, StaticAsset> | null = null;

export function publicAsset(name: string): StaticAsset | undefined {
  if (!cache) {
    cache = new Map();
    for (const file of ASSET_NAMES) {
      const body = readFileSync(join(__dirname, 'assets', file));
      cache.set(file, { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
    }
  }
  return cache.get(name);
}
