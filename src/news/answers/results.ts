import { clip } from '../clip.ts';
import type { NewsIndex } from '../index.ts';
import { type Passage, passageText } from '../library.ts';
import { findPlaces } from '../places.ts';
import { hideSecrets } from '../secrets.ts';
import { termSpans } from '../tokenize.ts';
import type { Answer, CommandName, Notice, Result, Span } from '../types.ts';

/**
 * What every answer kind builds its {@link Answer} from: cited results made from passage ids (one per
 * distinct text, with the matched words' spans), and the notices an answer carries when there is
 * nothing to show.
 */

/** Results an answer carries at most (a shell pages through them). */
export const MAX_RESULTS = 10;

export function notice(code: Notice['code'], message: string): Notice {
  return { code, message };
}

/** An answer with nothing to show, and the notice that says why. */
export function empty(command: CommandName, query: string, n: Notice): Answer {
  return { command, query, results: [], notice: n };
}

/** Quotes a user's words back safely inside a notice (short, no newlines). */
export function echo(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return `"${t.length > 60 ? `${clip(t, 59)}…` : t}"`;
}

/** Builds results from passage ids, best first: one per distinct text (duplicate articles show once). */
export function toResults(
  index: NewsIndex,
  ids: Iterable<number>,
  highlight: (p: Passage, text: string) => Span[],
): Result[] {
  const { lib } = index;
  const seen = new Set<string>();
  const out: Result[] = [];
  for (const id of ids) {
    const p = lib.passages[id];
    if (!p) continue;
    // An article may hold a token or a key (a pasted config, a scraped page): never shown.
    const text = hideSecrets(passageText(lib, p));
    // Duplicate articles, and wire rewrites that differ only at the end ("..., he said today."), show once.
    const key = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .slice(0, 100);
    if (seen.has(key)) continue;
    seen.add(key);
    const a = lib.articles[p.article]!;
    out.push({
      text,
      file: a.file,
      title: hideSecrets(a.title),
      date: a.date,
      source: a.source === null ? null : hideSecrets(a.source),
      speaker: p.speaker >= 0 ? lib.speakers[p.speaker]! : null,
      highlights: highlight(p, text),
    });
    if (out.length >= MAX_RESULTS) break;
  }
  return out;
}

/** Spans sorted by start, overlapping and touching ones merged. */
export function mergeSpans(spans: Span[]): Span[] {
  const sorted = spans.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** Highlights the wanted terms (processed as the index processes them) and the places of the given keys. */
export function highlighter(wanted: ReadonlySet<string>, placeKeys: ReadonlySet<string> = new Set()) {
  return (_p: Passage, text: string): Span[] => {
    const spans = termSpans(text, wanted);
    if (placeKeys.size) for (const m of findPlaces(text)) if (placeKeys.has(m.key)) spans.push(m.span);
    return mergeSpans(spans);
  };
}
