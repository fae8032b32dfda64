import { readdirSync, readFileSync } from 'node:fs';

/**
 * Processes the tests start, seen from outside: the shard processes of a spawned manager (from its log:
 * each `shard started` line names the child's pid) and every process below a pid (from /proc). Used to
 * check that no shard or child outlives what started it.
 */

/** The pids of every shard process the manager started (respawns included), in order. */
export function shardPids(output: string): number[] {
  return output
    .split('\n')
    .filter((l) => l.includes('"msg":"shard started"'))
    .map((l) => Number((JSON.parse(l) as { child?: number }).child))
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

/** Every process below `pid`, from /proc (Linux). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The parent is the 2nd field after the command, which is in parentheses and may hold spaces.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {} // exited meanwhile
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** Whether a process with this pid exists (signal 0 checks without signalling). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pids of `pids` still running. */
export function running(pids: readonly number[]): number[] {
  return pids.filter(alive);
}

/** Resolves with `p`'s value, or with 'timeout' after `ms`. */
export function within<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), ms);
    }),
  ]);
}

/**
 * Kills what is left of `pids` and of the manager's process group (SIGKILL; the shards are forked into
 * the group of the manager, which leads it): a failed test must not leave shard processes behind.
 */
export function killLeftovers(pids: readonly number[], managerPid?: number): void {
  if (managerPid)
    try {
      process.kill(-managerPid, 'SIGKILL');
    } catch {}
  for (const pid of running(pids)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
}
