/**
 * Vitest global setup: no process a test spawned may outlive the run. Every bot that `spawnBot` starts
 * carries `NEWS_BOT_TEST_RUN=<this run's id>` in its environment, and so does every process it starts in
 * turn (its shards); at the end of the run, any process still carrying this run's id is listed,
 * killed (its process group too) and reported as an error, which fails the run.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The value of {@link RUN_MARKER} for the processes this run spawns. */
    spawnMarker: string;
  }
}

/** The environment variable that marks a process as spawned by a test of this run. */
export const RUN_MARKER = 'NEWS_BOT_TEST_RUN';
/** The environment variable that names the test file that spawned a process. */
export const FILE_MARKER = 'NEWS_BOT_TEST_FILE';

interface Leftover {
  pid: number;
  pgid: number;
  command: string;
  /** The test file that spawned it (or its parent), when known. */
  file: string;
}

/** State and process group of a process, from /proc/<pid>/stat (the fields after the command's bracket). */
export function stat(pid: number | 'self'): { state: string; pgid: number } {
  const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const [state, , pgrp] = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: state ?? '', pgid: Number(pgrp) };
}

/** The live processes (not zombies) whose environment holds `NEWS_BOT_TEST_RUN=<id>` (Linux /proc). */
export function markedProcesses(id: string): Leftover[] {
  const needle = `${RUN_MARKER}=${id}`;
  const found: Leftover[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const env = readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0');
      if (!env.includes(needle)) continue;
      const file = env.find((v) => v.startsWith(`${FILE_MARKER}=`))?.slice(FILE_MARKER.length + 1) ?? '?';
      const { state, pgid: pgrp } = stat(Number(entry));
      if (state === 'Z' || state === 'X') continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0').join(' ').trim();
      found.push({ pid: Number(entry), pgid: Number(pgrp), command, file });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

export default function setup(project: TestProject): () => Promise<void> {
  const id = randomUUID();
  project.provide('spawnMarker', id);
  return async () => {
    // A process killed just now may take a moment to go.
    let left = markedProcesses(id);
    for (let i = 0; i < 20 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = markedProcesses(id);
    }
    if (left.length === 0) return;
    // Never the group this run itself belongs to (a process spawned without `detached` shares it).
    const own = stat('self').pgid;
    for (const p of left) {
      for (const target of p.pgid === own ? [p.pid] : [-p.pgid, p.pid]) {
        try {
          process.kill(target, 'SIGKILL');
        } catch {}
      }
    }
    // Thrown from a teardown, an error is printed but leaves the exit status alone: fail the run here.
    process.exitCode = 1;
    throw new Error(
      `${left.length} process(es) spawned by a test outlived the run (now killed):\n` +
        left.map((p) => `  pid ${p.pid} (group ${p.pgid}), from ${p.file}: ${p.command}`).join('\n'),
    );
  };
}
