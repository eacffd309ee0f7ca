import Ajv, { ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const FILES = [
  'release-schema.json',
  'release-package-schema.json',
  'record-package-schema.json',
  'versioned-release-validation-schema.json',
];
/** The official files beside the checkout (the team's shared/), and their unchanged copies in the repo. */
export const SHARED_DIR = resolve(__dirname, '../../../shared/standards/ocds-1.1.5');
export const REPO_DIR = resolve(__dirname, '../../standards/ocds-1.1.5');

/** Where the schemas are read from: ../shared when it is there (CI's clone may not have it), else the copy. */
export const schemaDir = (): string => (existsSync(SHARED_DIR) ? SHARED_DIR : REPO_DIR);

export const schemaBytes = (dir: string, file: string): Buffer => readFileSync(join(dir, file));
export const SCHEMA_FILES = FILES;

export interface OcdsValidators {
  releasePackage: ValidateFunction;
  recordPackage: ValidateFunction;
}

/**
 * Draft-04 validators of the official schemas. The package schemas `$ref` the release schema by its URL, so
 * every file is registered under its own `id`; nothing is fetched. OCDS's own keywords (codelist,
 * omitWhenMerged, …) are annotations: strict mode is off so that ajv ignores them.
 */
export function ocdsValidators(dir = schemaDir()): OcdsValidators {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const schemas = Object.fromEntries(FILES.map((f) => [f, JSON.parse(schemaBytes(dir, f).toString('utf8'))]));
  for (const f of FILES) ajv.addSchema(schemas[f]);
  return {
    releasePackage: ajv.getSchema(schemas['release-package-schema.json'].id)!,
    recordPackage: ajv.getSchema(schemas['record-package-schema.json'].id)!,
  };
}

/** ajv's errors, short enough to read in a failed expectation. */
export const errorsOf = (v: ValidateFunction) =>
  (v.errors ?? []).slice(0, 10).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
