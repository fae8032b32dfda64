import type { Answer } from '../types.ts';

/**
 * The contract's JSON shape for one answer (DESIGN.md: `npm run ask -- --json` prints one per query):
 * the console prints it, and the benchmarks compare answers in it.
 */
export function toJson(a: Answer): string {
  return JSON.stringify({
    query: a.query,
    command: a.command,
    results: a.results.map((r) => ({
      text: r.text,
      file: r.file,
      title: r.title,
      date: r.date,
      source: r.source,
      speaker: r.speaker,
    })),
    notice: a.notice?.message ?? null,
  });
}
