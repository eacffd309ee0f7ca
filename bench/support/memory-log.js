/**
 * Loaded with `node -r` by bench/soak.ts only: writes the process's memory (process.memoryUsage(), MB) to
 * BENCH_MEMORY_FILE every second, so the soak can tell a growing heap from RSS the allocator keeps. Under
 * --expose-gc (SOAK_GC=1) it collects first, every 10 s, so heap used is what is really retained.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a plain -r preload, no TypeScript on this path */
const { writeFileSync } = require('node:fs');
/* eslint-enable @typescript-eslint/no-require-imports */

const file = process.env.BENCH_MEMORY_FILE;
if (file) {
  const mb = (n) => Math.round((n / 1048576) * 10) / 10;
  const collect = typeof global.gc === 'function';
  setInterval(
    () => {
      if (collect) global.gc();
      const m = process.memoryUsage();
      writeFileSync(file, JSON.stringify({ rss: mb(m.rss), heapUsed: mb(m.heapUsed), external: mb(m.external) }));
    },
    collect ? 10_000 : 1000,
  ).unref();
}
