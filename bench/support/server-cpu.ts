import { readdirSync, readFileSync } from 'node:fs';

/** utime, stime, cutime, cstime … of a process, from /proc (undefined once it exited). */
function statFields(pid: string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * CPU ms used so far by a PostgreSQL postmaster and its backends (live ones, plus the exited ones
 * it reaped): PostgreSQL's cost per operation, a figure that a neighbour's load barely moves.
 */
export function serverCpuMs(postmaster: number | undefined): number {
  if (postmaster === undefined) return NaN;
  const self = String(postmaster);
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const f = statFields(pid);
    if (!f) continue;
    if (pid === self) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    else if (f[1] === self) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks * 10; // USER_HZ = 100 on Linux
}

/** CPU ms used so far by one process (user + system), e.g. the app under test. */
export function processCpuMs(pid: number | undefined): number {
  const f = pid === undefined ? undefined : statFields(String(pid));
  return f ? (Number(f[11]) + Number(f[12])) * 10 : NaN;
}
