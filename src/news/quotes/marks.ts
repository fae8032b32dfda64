/**
 * Stage 1: quote regions at character level, paired from the marks around them, and the masked copy of
 * the text in which every quoted passage is blanked out (stage 2).
 */
export interface Mark {
  pos: number;
  kind: 'open' | 'close';
  /** An opener right after a sentence end (`... sites. "The result`): may continue an open quote. */
  afterEnd: boolean;
  /** An opener where a quote may begin (sentence start, after `:` `,` or a speech verb). */
  leadOk: boolean;
}

/** Longest quote accepted, in characters; past it an unclosed opener is taken as a stray mark. */
export const MAX_QUOTE = 4000;

export function quoteMarks(text: string, paragraphs: ReadonlySet<number> = new Set()): Mark[] {
  const marks: Mark[] = [];
  // The New York Times writes its quote marks as two apostrophes (`''I am not ...,'' Mrs. Clinton said`):
  // read like a straight `"`, from the character before the first to the one after the second.
  const re = text.includes("''") ? /''|["“”]/g : /["“”]/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const width = m[0].length;
    let i = m.index;
    const c = width === 2 ? '"' : m[0];
    const prev = i > 0 ? text[i - 1]! : ' ';
    const next = i + width < text.length ? text[i + width]! : ' ';
    let kind: 'open' | 'close' | null = null;
    if (c === '“') kind = 'open';
    else if (c === '”') kind = 'close';
    else {
      const prevGap = /[\s([{\u2014\u2013/-]/.test(prev) || i === 0;
      const nextGap = /\s/.test(next) || i + width === text.length;
      if (prevGap && !nextGap) kind = 'open';
      else if (!prevGap && (nextGap || /[.,;:!?)\]}\u2014\u2013-]/.test(next))) kind = 'close';
      // `... the football world. " England's players`: a closing mark typed after a space.
      else if (prevGap && nextGap && /[.,?!]\s$/.test(text.slice(Math.max(0, i - 2), i))) kind = 'close';
    }
    if (!kind) continue;
    // A closing pair ends at its second mark, so what follows it is the text after the quote.
    if (kind === 'close') i += width - 1;
    let afterEnd = false;
    let leadOk = false;
    if (kind === 'open') {
      const before = text.slice(Math.max(0, i - 24), i);
      // A paragraph that opens with a mark goes on with a quote left open (`Here they are:` ¶ `"Has ...`).
      afterEnd = /[.?!…][)\]]?\s+$/.test(before) || paragraphs.has(i);
      leadOk =
        i === 0 ||
        /[.?!…]["”'’)\]]*\s+$/.test(before) ||
        /(?:^|[:,;(\u2014\u2013-]|\b(?:said|says|added|asked|replied|wrote|declared|told \S+))\s*$/.test(
          before,
        );
    }
    marks.push({ pos: i, kind, afterEnd, leadOk });
  }
  return marks;
}

/** A quote: from its opening mark to its closing mark (inclusive). */
export interface Region {
  open: number;
  close: number;
}

/**
 * Pairs quote marks into regions. An opener after a sentence end inside an open quote continues it (the
 * BBC's reopened paragraphs); other openers inside nest. An opener never closed within
 * {@link MAX_QUOTE} characters is dropped as a stray mark and pairing restarts after it.
 */
export function findRegions(text: string, paragraphs: ReadonlySet<number> = new Set()): Region[] {
  const marks = quoteMarks(text, paragraphs);
  const regions: Region[] = [];
  let k = 0;
  while (k < marks.length) {
    const first = marks[k]!;
    if (first.kind !== 'open') {
      k++;
      continue;
    }
    let startIdx = k;
    let depth = 0;
    let found = -1;
    let continued = false;
    for (let j = k + 1; j < marks.length; j++) {
      const m = marks[j]!;
      if (m.pos - marks[startIdx]!.pos > MAX_QUOTE) break;
      if (m.kind === 'close') {
        if (depth > 0) depth--;
        else {
          found = j;
          break;
        }
      } else if (m.afterEnd && depth === 0) {
        // A quote that opened mid-sentence (a scare quote never closed) does not run on: start afresh.
        if (!marks[startIdx]!.leadOk && !continued) startIdx = j;
        else continued = true;
      } else depth++;
    }
    if (found >= 0) {
      regions.push({ open: marks[startIdx]!.pos, close: marks[found]!.pos });
      k = found + 1;
    } else k++;
  }
  return regions;
}

/** The text with every quoted passage (and party tag) blanked out, same length, so no name inside a quote is seen. */
export function maskQuotes(text: string, regions: readonly Region[]): string {
  const masked = maskParties(text);
  if (!regions.length) return masked;
  const parts: string[] = [];
  let at = 0;
  for (const r of regions) {
    parts.push(masked.slice(at, r.open + 1));
    parts.push('x'.repeat(r.close - r.open - 1));
    at = r.close;
  }
  parts.push(masked.slice(at));
  return parts.join('');
}

/** A party and state after a name (`(D-Nev.)`, `(R-Tex.)`, `(R)`, `(I-Vt.)`, `(Vt.)`). */
/** A cheap test for {@link PARTY}, so most articles skip the replace. */
const PARTY_START = /\s\([DRI]\)|\s\([A-Z][-a-z.]/;
const PARTY = /\s\((?:[DRI](?:-[A-Z][A-Za-z.]{0,6})?|[A-Z][a-z]{1,4}\.)\)/g;

/**
 * The text with party tags blanked out (same length): `Harry M. Reid (D-Nev.) told` reads as a name and
 * its verb, as the cues need it.
 */
function maskParties(text: string): string {
  if (!PARTY_START.test(text)) return text;
  return text.replace(PARTY, (m) => ' '.repeat(m.length));
}
