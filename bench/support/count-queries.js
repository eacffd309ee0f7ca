// Preloaded into the app by `BENCH_QUERIES=1 npm run bench:disburse`: counts the SQL statements the
// app sends, by their first words, and prints the table when the process stops.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain -r preload, no TypeScript on this path
const { Client } = require('pg');
const counts = new Map();
const original = Client.prototype.query;
Client.prototype.query = function (config, ...rest) {
  const text = typeof config === 'string' ? config : config && config.text;
  if (text) {
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 90);
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  return original.call(this, config, ...rest);
};
let printed = false;
function print() {
  if (printed) return;
  printed = true;
  const rows = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40);
  process.stderr.write(`\n[queries] ${[...counts.values()].reduce((a, b) => a + b, 0)} statements\n`);
  for (const [text, n] of rows) process.stderr.write(`[queries] ${String(n).padStart(7)}  ${text}\n`);
}
// Nest's shutdown hook re-raises SIGTERM after closing, so 'exit' may never come.
process.on('SIGTERM', print);
process.on('exit', print);
