/**
 * A/B of journal append throughput (16 books, one writer each: issue 3's hard case) between two
 * checkouts, for machines whose speed drifts from minute to minute (docs/benchmarks.md). Each side
 * runs in its own process on its own embedded server (support/append-worker.ts); they take the
 * load in turns — short slices, A B B A … — so a slow minute hits both. Only one is loaded at a time.
 *
 *   git worktree add /tmp/base <commit> && ln -s "$PWD/node_modules" /tmp/base/
 *   AB_A=/tmp/base npm run bench:append-ab
 *
 * AB_A, AB_B: the checkouts (their src/ is loaded through ts-node); B defaults to this one.
 * AB_ROUNDS=10 slices each of AB_SECONDS=3.
 */
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { machine } from './support/bench-database';
import type { Slice } from './support/append-worker';

const ROOTS = [process.env.AB_A, process.env.AB_B ?? join(__dirname, '..')];
const ROUNDS = Number(process.env.AB_ROUNDS ?? 10);
const SECONDS = Number(process.env.AB_SECONDS ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function start(root: string): Promise<ChildProcess> {
  // Node's flags as npm start runs the service (without them the default young generation adds
  // ~10 µs of Node CPU per append, mostly scavenges).
  const execArgv = ['--max-semi-space-size=64', '-r', 'ts-node/register/transpile-only'];
  const child = fork(join(__dirname, 'support/append-worker.ts'), [root], { execArgv });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker for ${root} exited with ${code}`)));
  });
}

function run(child: ChildProcess, seconds: number): Promise<Slice> {
  return new Promise((resolve) => {
    child.once('message', (s: Slice) => resolve(s));
    child.send({ seconds });
  });
}

async function main(): Promise<void> {
  if (!ROOTS[0]) throw new Error('AB_A must name the checkout to compare with');
  const sides: ChildProcess[] = [];
  try {
    // One at a time: both start-ups at once would compete for the two cores.
    for (const root of ROOTS) sides.push(await start(root!));
    const slices: Slice[][] = [[], []];
    for (let r = 0; r < ROUNDS; r++) {
      for (const k of r % 2 ? [1, 0] : [0, 1]) slices[k].push(await run(sides[k], SECONDS));
    }
    const rate = (s: Slice) => s.appends / s.seconds;
    const ratios = slices[1].map((b, i) => rate(b) / rate(slices[0][i]));
    const lines = [
      `machine      ${machine()}; ${ROUNDS} rounds of ${SECONDS} s each, 16 books × 1 writer`,
      ...ROOTS.map((root, k) => {
        const s = slices[k];
        const cpu = `node ${median(s.map((x) => x.nodeUs)).toFixed(0)} / PG ${median(s.map((x) => x.pgUs)).toFixed(0)}`;
        return (
          `${'AB'[k]} appends/s ${s.map((x) => rate(x).toFixed(0)).join(' ')}  ` +
          `median ${median(s.map(rate)).toFixed(0)}; CPU µs/append ${cpu}  (${root})`
        );
      }),
      `B/A          median ratio ${median(ratios).toFixed(3)}; ` +
        `B ahead in ${ratios.filter((x) => x > 1).length} of ${ROUNDS} rounds`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    for (const child of sides) child.send({});
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
