import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildTemplate, FUND_TEMPLATE, HOUSEHOLD_TEMPLATE } from './templates';

/** `npm run templates`: regenerates templates/*.xlsx from the import column definitions. */
async function main(): Promise<void> {
  const dir = resolve(__dirname, '../../templates');
  mkdirSync(dir, { recursive: true });
  for (const spec of [FUND_TEMPLATE, HOUSEHOLD_TEMPLATE]) {
    writeFileSync(join(dir, spec.file), await buildTemplate(spec));
    console.log(`wrote templates/${spec.file}`);
  }
}

void main();
