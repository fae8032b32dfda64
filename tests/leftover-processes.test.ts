import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FILE_MARKER, markedProcesses, RUN_MARKER } from './leftover-processes.ts';

describe('the check for processes that outlive the run', () => {
  it("finds a process by its run's marker, with its group and the file that started it, until it is gone", async () => {
    const id = randomUUID();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {
      detached: true,
      stdio: 'ignore',
      env: { [RUN_MARKER]: id, [FILE_MARKER]: 'tests/somewhere.test.ts' },
    });
    const exited = new Promise((r) => child.once('exit', r));
    try {
      await expect
        .poll(() => markedProcesses(id))
        .toEqual([
          {
            pid: child.pid,
            pgid: child.pid,
            command: expect.stringContaining('setTimeout'),
            file: 'tests/somewhere.test.ts',
          },
        ]);
      expect(markedProcesses(randomUUID())).toEqual([]);
    } finally {
      process.kill(-child.pid!, 'SIGKILL');
    }
    await exited;
    expect(markedProcesses(id)).toEqual([]);
  });
});
