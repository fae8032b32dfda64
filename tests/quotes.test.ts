import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/news/parse.ts';
import { extractQuotes, speakerMatches } from '../src/news/quotes/index.ts';
import { trieSource, VERB_RE, VERBS } from '../src/news/quotes/words.ts';
import { splitSentences } from '../src/news/sentences.ts';
import { type Found, quotesOf, quoteWith } from './quote-helpers.ts';

const SEED = new URL('../seeds/000_c9ca8e629531946f.txt', import.meta.url);
const CORPUS = new URL('../../shared/corpus/', import.meta.url);
const hasCorpus = existsSync(CORPUS);

/** Quotes of plain prose (no header). */
const quotesIn = (prose: string): Found[] => quotesOf(prose);

const corpusFile = (path: string): string => readFileSync(new URL(path, CORPUS), 'utf8');

describe('quotes in the seed article', () => {
  const quotes = quotesOf(readFileSync(SEED, 'utf8'));

  it('attributes every multi-sentence direct quote, whole, to Kassym-Jomart Tokayev', () => {
    const believe = quoteWith(quotes, 'I believe that Kazakh-Chinese relations');
    expect(believe).toMatchObject({ kind: 'direct', speaker: 'Kassym-Jomart Tokayev' });
    expect(believe.text.startsWith('"I believe')).toBe(true);
    expect(believe.text.endsWith('in all areas," he said.')).toBe(true);

    const visited = quoteWith(quotes, 'I recently visited Beijing');
    expect(visited).toMatchObject({ kind: 'direct', speaker: 'Kassym-Jomart Tokayev' });
    expect(visited.text).toContain('A visa-free regime has come into force," he said.');

    expect(quoteWith(quotes, 'paying special attention to this issue')).toEqual({
      kind: 'direct',
      speaker: 'Kassym-Jomart Tokayev',
      text: '"We are paying special attention to this issue at the highest level," Tokayev noted.',
    });
  });

  it('finds his reported speech through the surname, a pronoun, a role and an inverted said', () => {
    for (const words of [
      'As Tokayev noted, bringing bilateral relations',
      'According to him, developing cooperation with China is a priority.',
      'Kazakhstan will continue to fully promote',
      'President of Kazakhstan reminded that',
    ]) {
      expect(quoteWith(quotes, words)).toMatchObject({ kind: 'reported', speaker: 'Kassym-Jomart Tokayev' });
    }
  });

  it('never makes a speaker of people merely named: Xi Jinping, Ding Xuexiang, the agency', () => {
    expect(new Set(quotes.map((q) => q.speaker))).toEqual(new Set(['Kassym-Jomart Tokayev']));
    expect(quotes).toHaveLength(7);
  });

  it('does not quote the trade figures', () => {
    expect(quotes.some((q) => q.text.includes('$24.1 billion'))).toBe(false);
  });
});

describe.skipIf(!hasCorpus)('quotes in corpus articles', () => {
  it('resolves "said Ms Cooper" to Yvette Cooper and keeps her reopened paragraphs as one quote', () => {
    const quotes = quotesOf(corpusFile('bbc/bbc-politics-176.txt'));
    expect(quoteWith(quotes, 'There are two major problems in the planning system')).toMatchObject({
      kind: 'direct',
      speaker: 'Yvette Cooper',
    });
    const continued = quoteWith(quotes, 'The result is that there are too many developments');
    expect(continued).toMatchObject({ kind: 'direct', speaker: 'Yvette Cooper' });
    expect(continued.text).toContain('Firstly, local authorities');
    expect(continued.text).toContain('That is why we are consulting');
    const ryder = quoteWith(quotes, 'Living on the side of the road');
    expect(ryder).toMatchObject({ kind: 'direct', speaker: 'Andrew Ryder' });
    expect(
      ryder.text.startsWith('Andrew Ryder, of the Traveller Law Reform Coalition, said: "We welcome'),
    ).toBe(true);
    // The MPs and the officials are not people with names.
    expect(quotes.some((q) => q.text.includes('temporary stop notices'))).toBe(false);
    expect(quotes.some((q) => q.text.includes('said the MPs'))).toBe(false);
  });

  it('gives David Davis his quote and its uncued continuation, and Blunkett his own words', () => {
    const quotes = quotesOf(corpusFile('bbc/bbc-politics-193.txt'));
    expect(quoteWith(quotes, 'The government is employing the politics of confusion').speaker).toBe(
      'David Davis',
    );
    expect(quoteWith(quotes, 'By confusing the country it hopes no one will notice').speaker).toBe(
      'David Davis',
    );
    expect(quoteWith(quotes, "If we don't like what other EU countries do").speaker).toBe('David Blunkett');
    expect(quoteWith(quotes, 'Mr Blunkett told MPs the UK would still').speaker).toBe('David Blunkett');
    expect(quoteWith(quotes, 'There is no question of Britain giving up our veto').speaker).toBe(
      'Tony Blair',
    );
  });

  it('reads the wire: "..., Foreign Minister Dante Caputo said." and "Caputo said the ..."', () => {
    const quotes = quotesOf(corpusFile('reuters/reuters-02535.txt'));
    expect(quoteWith(quotes, 'Trade between Argentina and Brazil jumped 90 pct')).toMatchObject({
      kind: 'reported',
      speaker: 'Dante Caputo',
    });
    expect(quoteWith(quotes, 'tangible and immediate results').speaker).toBe('Dante Caputo');
    expect(quoteWith(quotes, 'He said trade last year totalled').speaker).toBe('Dante Caputo');
    // `the accord said`: a document, not a person.
    expect(quotes.some((q) => q.text.includes('the accord said'))).toBe(false);
  });

  it('attributes "said Mr Sands" to Philippe Sands and the bracketed name inside it to nobody', () => {
    const quotes = quotesOf(corpusFile('bbc/bbc-politics-324.txt'));
    expect(quoteWith(quotes, 'After that Downing Street proceeded to set out')).toMatchObject({
      kind: 'direct',
      speaker: 'Philippe Sands',
    });
    expect(quoteWith(quotes, 'According to Mr Sands').speaker).toBe('Philippe Sands');
    expect(quotes.some((q) => q.text.includes('official spokesman also rejected'))).toBe(false);
  });

  it('finds David Blunkett quoted in other BBC articles', () => {
    const quotes = [
      'bbc/bbc-politics-041.txt',
      'bbc/bbc-politics-166.txt',
      'bbc/bbc-politics-248.txt',
    ].flatMap((f) => quotesOf(corpusFile(f)));
    const his = quotes.filter((q) => q.speaker === 'David Blunkett');
    expect(his.length).toBeGreaterThanOrEqual(3);
    expect(his.some((q) => q.kind === 'direct')).toBe(true);
  });
});

describe('who is speaking, in small pieces of news prose', () => {
  it('follows a pronoun back to the person who last spoke', () => {
    const quotes = quotesIn(
      'Canada will raise corporate tax revenues by about five billion dlrs over five years, finance minister ' +
        'Michael Wilson said. "The jobs of many Canadians depend on a competitive tax system," Wilson said ' +
        'in a speech to the House of Commons. "And it will ensure that profitable corporations carry a bigger ' +
        'share," he added. According to him, the changes take effect in July.',
    );
    expect(quotes.map((q) => [q.kind, q.speaker])).toEqual([
      ['reported', 'Michael Wilson'],
      ['direct', 'Michael Wilson'],
      ['direct', 'Michael Wilson'],
      ['reported', 'Michael Wilson'],
    ]);
  });

  it('does not let a pronoun jump over an unnamed speaker', () => {
    const quotes = quotesIn(
      'Transport secretary Alistair Darling said the rail review was finished. A spokesman for the rail ' +
        'unions said the plans were a disgrace. "We will fight them every step of the way," he said.',
    );
    expect(quotes.map((q) => q.speaker)).toEqual(['Alistair Darling']);
  });

  it('resolves "said Ms X" and "Mr X" to the full name given earlier, without the title', () => {
    const quotes = quotesIn(
      'Councils will get new powers, said local government minister Nick Raynsford. Conservative spokeswoman ' +
        'Caroline Spelman criticised the plans. "This is too little, too late," said Mrs Spelman. ' +
        'Mr Raynsford said the money would be available from April.',
    );
    expect(quotes.map((q) => q.speaker)).toEqual(['Nick Raynsford', 'Caroline Spelman', 'Nick Raynsford']);
    expect(quoteWith(quotes, 'too little, too late').kind).toBe('direct');
  });

  it('keeps the speaker for a quote that goes on without a cue, and for reopened paragraphs', () => {
    const quotes = quotesIn(
      '"We are very disappointed with the decision," said Mr Hain, the Welsh secretary Peter Hain. ' +
        '"It is not the end of the matter. We will appeal. "The people of Wales deserve better." ' +
        'The appeal will be heard in March.',
    );
    expect(quotes).toHaveLength(2);
    expect(quotes[1]).toMatchObject({ kind: 'direct', speaker: 'Peter Hain' });
    expect(quotes[1]!.text).toBe(
      '"It is not the end of the matter. We will appeal. "The people of Wales deserve better."',
    );
  });

  it('never makes a speaker of a name inside the quoted words', () => {
    const quotes = quotesIn(
      'Prime Minister Tony Blair met reporters in Downing Street. "I spoke to President George Bush this ' +
        'morning and Gerhard Schroeder said he agreed," Mr Blair said. "Jacques Chirac told me the same."',
    );
    expect(quotes.length).toBeGreaterThan(0);
    for (const q of quotes) expect(q.speaker).toBe('Tony Blair');
  });

  it('does not take a ministry, an agency, officials or a document for a person', () => {
    const quotes = quotesIn(
      'Exports rose 12 pct in January, the trade ministry said. The surplus widened to 1.2 billion dlrs, ' +
        'Trend reports. "The figures show a strong recovery," officials said. Imports will fall further, ' +
        'the accord said. Texaco Inc said it would appeal. "We are confident," a company spokesman said.',
    );
    expect(quotes).toEqual([]);
  });

  it('resolves a role to the one person introduced with it, and not to a deputy', () => {
    const quotes = quotesIn(
      'Deputy Prime Minister John Prescott opened the conference. Health Secretary John Reid also spoke. ' +
        'The health secretary said waiting lists would fall. The prime minister said the plan was working.',
    );
    expect(quotes.map((q) => [q.speaker, q.text])).toEqual([
      ['John Reid', 'The health secretary said waiting lists would fall.'],
    ]);
  });

  it('closes a quote whose closing mark was typed after a space, and gives the next quote to the new subject', () => {
    const quotes = quotesIn(
      'Coach Luis Aragones defended himself. "I never intended to offend anyone. " The row grew. ' +
        'Sports minister Jaime Lissavetzky backed the decision. "We will have zero tolerance," he said.',
    );
    expect(quotes.map((q) => [q.speaker, q.text])).toEqual([
      // The sentence splitter does not end a sentence at `. " The`, so the quote carries that sentence.
      ['Luis Aragones', '"I never intended to offend anyone. " The row grew.'],
      ['Jaime Lissavetzky', '"We will have zero tolerance," he said.'],
    ]);
  });

  it('does not quote a headline scare quote in apostrophes or a quoted phrase', () => {
    const quotes = quotesIn(
      "Councils 'must find Gypsy sites' Ministers want more sites. The plan was called a \"recipe for " +
        'chaos" by critics.',
    );
    expect(quotes).toEqual([]);
  });

  it('survives an unbalanced quote mark without swallowing the rest of the article', () => {
    const prose =
      'Shares fell sharply on the "bad news from the mines. The index lost 40 points. Dealers were ' +
      'nervous. Mining analyst Peter Holt said the sector would recover by the summer. "Prices are too low ' +
      'to last," he said. Gold rose 2 dlrs.';
    const quotes = quotesIn(prose);
    expect(quotes.map((q) => [q.kind, q.speaker])).toEqual([
      ['reported', 'Peter Holt'],
      ['direct', 'Peter Holt'],
    ]);
    expect(quoteWith(quotes, 'Prices are too low').text).toBe('"Prices are too low to last," he said.');
  });

  it('handles curly quotes and a cue split off after a question mark', () => {
    const quotes = quotesIn(
      'Opposition leader Michael Howard attacked the budget. “Where is the money coming from?” Mr Howard asked. ' +
        '“Nobody knows.”',
    );
    expect(quotes.map((q) => [q.kind, q.speaker, q.text])).toEqual([
      ['direct', 'Michael Howard', '“Where is the money coming from?” Mr Howard asked.'],
      ['direct', 'Michael Howard', '“Nobody knows.”'],
    ]);
  });
});

describe('matching a /quote query to a speaker', () => {
  it('matches the surname, the full name, and hyphens or spaces alike', () => {
    for (const q of ['tokayev', 'Tokayev', 'kassym-jomart tokayev', 'Kassym Jomart Tokayev', 'TOKAYEV']) {
      expect(speakerMatches(q, 'Kassym-Jomart Tokayev'), q).toBe(true);
    }
    expect(speakerMatches('yvette cooper', 'Yvette Cooper')).toBe(true);
    expect(speakerMatches('Mr Blair', 'Tony Blair')).toBe(true);
    expect(speakerMatches('goldsmith', 'Lord Goldsmith')).toBe(true);
  });

  it('ignores case and accents', () => {
    expect(speakerMatches('erdogan', 'Recep Tayyip Erdoğan')).toBe(true);
    expect(speakerMatches('ERDOĞAN', 'Recep Tayyip Erdogan')).toBe(true);
  });

  it('does not match a given name alone, a title alone, or part of a word', () => {
    expect(speakerMatches('david', 'David Davis')).toBe(false);
    expect(speakerMatches('kassym', 'Kassym-Jomart Tokayev')).toBe(false);
    expect(speakerMatches('lord', 'Lord Goldsmith')).toBe(false);
    expect(speakerMatches('blai', 'Tony Blair')).toBe(false);
    expect(speakerMatches('', 'Tony Blair')).toBe(false);
    expect(speakerMatches('cooper yvette', 'Yvette Cooper')).toBe(false);
  });

  it('matches a speaker known by one name', () => {
    expect(speakerMatches('subroto', 'Subroto')).toBe(true);
  });
});

describe('extractQuotes on any input', () => {
  const seedText = (() => {
    const { article } = parseArticle(readFileSync(SEED, 'utf8'), 'seed');
    return article.text;
  })();

  /** Never throws; spans are whole sentences, in order, inside the text and not overlapping. */
  const wellFormed = (text: string): void => {
    const sentences = splitSentences(text);
    const starts = new Set(sentences.map((s) => s.start));
    const ends = new Set(sentences.map((s) => s.end));
    const quotes = extractQuotes(text, sentences);
    let last = -1;
    for (const q of quotes) {
      expect(q.span.start).toBeGreaterThanOrEqual(0);
      expect(q.span.end).toBeLessThanOrEqual(text.length);
      expect(q.span.start).toBeGreaterThanOrEqual(last);
      expect(starts.has(q.span.start)).toBe(true);
      expect(ends.has(q.span.end)).toBe(true);
      expect(q.speaker.trim()).not.toBe('');
      last = q.span.end;
    }
  };

  it('holds for arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), wellFormed), { numRuns: 300 });
  });

  it('holds for news-like strings full of quote marks, cues and names', () => {
    const piece = fc.constantFrom(
      '"',
      '“',
      '”',
      "'",
      ' ',
      '. ',
      ', ',
      ': ',
      'said',
      'he said.',
      'said Mr Smith.',
      'Ms Cooper',
      'Yvette Cooper',
      'President of Kazakhstan',
      'According to him,',
      'the ministry said',
      'We',
      'Trade rose',
      '?" ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => wellFormed(parts.join(''))),
      {
        numRuns: 300,
      },
    );
  });

  it('holds for random slices of the seed article', () => {
    fc.assert(
      fc.property(fc.nat(seedText.length), fc.nat(seedText.length), (a, b) =>
        wellFormed(seedText.slice(Math.min(a, b), Math.max(a, b))),
      ),
      { numRuns: 300 },
    );
  });
});

describe('the speech verbs expression', () => {
  it('finds exactly what the plain alternation of the verbs finds (a trie is only faster)', () => {
    const plain = new RegExp(`\\b(?:${[...VERBS.keys()].join('|')})\\b`, 'g');
    // A fresh copy: `matchAll` starts from the shared expression's `lastIndex`, which the extractor moves.
    const trie = new RegExp(VERB_RE.source, VERB_RE.flags);
    const verbs = [...VERBS.keys()];
    const text = fc.array(
      fc.oneof(
        fc.constantFrom(...verbs),
        fc.constantFrom('sai', 'saidx', 'pointed', 'went', 'on', 'out', 'Said', 'tell', 'wrote,', 'x'),
      ),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(text, fc.constantFrom(' ', ', ', '. ', '-'), (words, sep) => {
        const s = words.join(sep);
        const all = (re: RegExp): string[] => [...s.matchAll(re)].map((m) => `${m.index}:${m[0]}`);
        expect(all(trie)).toEqual(all(plain));
      }),
    );
  });

  it('builds a trie of any word list that matches each word and nothing shorter', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 20 }),
        (words) => {
          const re = new RegExp(`^${trieSource(words)}$`);
          for (const w of words) expect(re.test(w)).toBe(true);
          for (const w of words)
            if (!words.includes(w.slice(0, -1))) expect(re.test(w.slice(0, -1))).toBe(false);
        },
      ),
    );
  });
});
