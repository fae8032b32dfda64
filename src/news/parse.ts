import { clip } from './clip.ts';
import type { Article } from './types.ts';

/**
 * Parsing one article file into an {@link Article}: header, front matter, hard wraps, provider noise.
 *
 * Shapes accepted (all seen in real feeds):
 * - the MENAFN/corpus header: ` date 2023-11-27 (MENAFN- Trend News Agency) ASTANA, ...`, or only
 *   `(BBC News) ...` when there is no date;
 * - Markdown with YAML-ish front matter (`---` / `title:` / `date:` / `source:` / `---`), `#` headings;
 * - plain text without any header;
 * - CRLF or CR line ends, a UTF-8 BOM, hard-wrapped lines (joined back with a space).
 * Removed as not news: the provider id line (`MENAFN27112023000187011040ID1107491122`), everything from
 * `Legal Disclaimer:` on, and a trailing Reuters sign-off (`REUTER`).
 */

const HEADER = /^\s*(?:date\s+(\d{4}-\d{2}-\d{2})\s+)?\(([^()\n]{1,80})\)\s*/;
const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/;
const PROVIDER_ID = /^\s*MENAFN\d{6,}ID\d+\s*$/;
const DISCLAIMER = /^\s*Legal Disclaimer:/i;
const SIGN_OFF = /\s+REUTER\b[\s\S]{0,20}$/;
/** Whitespace other than a space (two spaces in a row are checked apart: one class scans fastest). */
const ODD_SPACE = /[^\S ]/;
const MONTH =
  'Jan(?:uary|\\.)?|Feb(?:ruary|\\.)?|March|Mar\\.|April|Apr\\.|May|June?|July?|Aug(?:ust|\\.)?|Sept?(?:ember|\\.)?|Oct(?:ober|\\.)?|Nov(?:ember|\\.)?|Dec(?:ember|\\.)?';
/** `ASTANA, Kazakhstan, November 27.` or `BUENOS AIRES, March 5 -` at the start of the body. */
const DATELINE = new RegExp(
  `^(\\p{Lu}[\\p{Lu}\\p{M} .'’-]{1,40}(?:, [\\p{L} .'’-]{2,30})?,? (?:${MONTH}) \\d{1,2}(?:, \\d{4})?(?:\\.| ?[-–—]{1,2}))\\s+`,
  'u',
);
/** An ALL-CAPS Reuters headline ending with the period the corpus added. */
const CAPS_HEADLINE = /^([^\p{Ll}]{3,200}?[.!?])\s+/u;

const TITLE_MAX = 120;

/** What {@link parseArticle} returns besides the article: paragraph starts, for the sentence splitter. */
export interface ParsedArticle {
  article: Article;
  /** Offsets in `article.text` where a new paragraph (or Markdown block) starts. */
  breaks: number[];
}

function frontMatterField(block: string, key: string): string | null {
  const m = new RegExp(`^${key}\\s*:\\s*(.+)$`, 'mi').exec(block);
  if (!m) return null;
  return (
    m[1]!
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2')
      .trim() || null
  );
}

/** `MENAFN- Trend News Agency` → `Trend News Agency`; other sources as given. */
export function cleanSource(raw: string): string | null {
  const s = raw
    .replace(/^MENAFN\s*[-–—:]\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  return s || null;
}

function normalizeDate(raw: string | null): string | null {
  if (!raw) return null;
  const m = /(\d{4})-(\d{2})-(\d{2})/.exec(raw);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** Cuts `s` to at most `max` characters at a word boundary, adding an ellipsis when cut. */
export function cutAtWord(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = clip(s, max - 1);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–-]+$/, '') + '…';
}

function titleCaseIfShouting(s: string): string {
  if (/\p{Ll}/u.test(s)) return s;
  return s.toLowerCase().replace(/(^|[\s(-])(\p{L})/gu, (_, pre: string, c: string) => pre + c.toUpperCase());
}

/**
 * Parses the decoded content of one file. Never throws on odd input; an article with no text left is
 * returned with an empty `text` (the reader reports it as skipped).
 * @param file the path relative to the seeds folder, with `/` (also the article's id)
 */
export function parseArticle(content: string, file: string): ParsedArticle {
  // Each replace below copies the text: run it only when there is something to replace (most files).
  let raw = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (raw.includes('\r')) raw = raw.replace(/\r\n?/g, '\n');
  let title: string | null = null;
  let date: string | null = null;
  let source: string | null = null;

  const fm = FRONT_MATTER.exec(raw);
  if (fm) {
    const block = fm[1]!;
    title = frontMatterField(block, 'title');
    date = normalizeDate(frontMatterField(block, 'date'));
    source = frontMatterField(block, 'source');
    source = source ? cleanSource(source) : null;
    raw = raw.slice(fm[0].length);
  }

  const header = HEADER.exec(raw);
  if (header) {
    date = date ?? normalizeDate(header[1] ?? null);
    source = source ?? cleanSource(header[2]!);
    raw = raw.slice(header[0].length);
  }

  // Lines → paragraphs. A blank line or a Markdown heading starts a new paragraph; other lines are
  // hard wraps and are joined with a space. Provider noise ends the article.
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = (): void => {
    if (current.length) paragraphs.push(current.join(' '));
    current = [];
  };
  for (const line of raw.split('\n')) {
    if (PROVIDER_ID.test(line) || DISCLAIMER.test(line)) break;
    const trimmed = line.trim();
    if (!trimmed) {
      flush();
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(trimmed);
    if (heading) {
      flush();
      title = title ?? heading[1]!.trim();
      paragraphs.push(heading[1]!.trim());
      continue;
    }
    current.push(trimmed);
  }
  flush();

  const breaks: number[] = [];
  let text = '';
  for (const p of paragraphs) {
    // Lines were trimmed and joined with single spaces: most paragraphs have nothing to collapse.
    const collapsed = ODD_SPACE.test(p) || p.includes('  ') ? p.replace(/\s+/g, ' ').trim() : p;
    if (!collapsed) continue;
    if (text) {
      text += ' ';
      breaks.push(text.length);
    }
    text += collapsed;
  }
  if (text.includes('REUTER')) text = text.replace(SIGN_OFF, '');

  // Headline (ALL CAPS, as the wire writes it) then dateline.
  let bodyStart = 0;
  let headline: string | null = null;
  const caps = CAPS_HEADLINE.exec(text);
  if (caps && /\p{Lu}{2}/u.test(caps[1]!) && caps[1]!.length < text.length / 2) {
    headline = caps[1]!;
    bodyStart = caps[0].length;
  }
  let dateline: string | null = null;
  const dl = DATELINE.exec(text.slice(bodyStart));
  if (dl) {
    dateline = dl[1]!;
    bodyStart += dl[0].length;
  }

  if (!title && headline) title = titleCaseIfShouting(headline.replace(/[.!?]$/, ''));
  if (!title) {
    const firstSentenceEnd = /[.!?](?=\s|$)/.exec(text.slice(bodyStart));
    const first = firstSentenceEnd
      ? text.slice(bodyStart, bodyStart + firstSentenceEnd.index)
      : text.slice(bodyStart);
    title = first.trim() || file;
  }
  title = cutAtWord(title.replace(/\s+/g, ' '), TITLE_MAX);

  return {
    article: { id: file, file, title, date, source, dateline, text, bodyStart },
    breaks: breaks.filter((b) => b > bodyStart),
  };
}
