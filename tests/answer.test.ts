import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, answerQuestion } from '../src/news/answers/index.ts';
import { MAX_NAME_WORDS } from '../src/news/answers/quote.ts';
import { MAX_CONCEPTS } from '../src/news/answers/search.ts';
import type { NewsIndex } from '../src/news/index.ts';
import { loadIndex } from '../src/news/load.ts';
import type { Answer } from '../src/news/types.ts';

const FIXTURES = new URL('./fixtures/corpus', import.meta.url).pathname;
const SEED = 'asia/000_c9ca8e629531946f.txt';
let index: NewsIndex;

beforeAll(async () => {
  index = await loadIndex(FIXTURES);
});

const ask = (line: string) => answer(index, line);

describe('/trade', () => {
  it('answers kazakhstan china with the turnover figure first, cited', () => {
    const a = ask('/trade kazakhstan china');
    expect(a.notice).toBeNull();
    expect(a.results[0]).toMatchObject({
      file: SEED,
      date: '2023-11-27',
      source: 'Trend News Agency',
      speaker: null,
    });
    expect(a.results[0]!.text).toContain('trade turnover with China amounted to $24.1 billion');
  });

  it('does not care about order or which name of a place is used', () => {
    const first = ask('/trade kazakhstan china').results[0]!.text;
    expect(ask('/trade china kazakhstan').results[0]!.text).toBe(first);
    expect(ask('/trade Kazakh PRC').results[0]!.text).toBe(first);
  });

  it('includes passages naming one of the places inside an article about both', () => {
    const texts = ask('/trade kazakhstan china').results.map((r) => r.text);
    expect(
      texts.some((t) => t.includes('Exports from Kazakhstan increased over the year by 34.7 percent')),
    ).toBe(true);
  });

  it('shows a passage repeated in a duplicate article once', () => {
    const texts = ask('/trade kazakhstan china').results.map((r) => r.text);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('reads Markdown articles with front matter', () => {
    const a = ask('/trade peru chile');
    expect(a.results[0]).toMatchObject({
      file: 'wire/andes-trade.md',
      source: 'Fixture Wire',
      date: '2021-06-14',
    });
    expect(a.results.map((r) => r.text).join(' ')).toContain('$4.2 billion');
  });

  it('says which place it does not know, and never answers another pair', () => {
    const a = ask('/trade narnia china');
    expect(a.results).toEqual([]);
    expect(a.notice?.code).toBe('unknown-place');
    expect(a.notice?.message).toContain('narnia');
  });

  it('says so when two known places have no coverage together', () => {
    const a = ask('/trade kazakhstan peru');
    expect(a.results).toEqual([]);
    expect(a.notice?.code).toBe('no-coverage');
  });

  it('asks for places when none are given', () => {
    const a = ask('/trade');
    expect(a.results).toEqual([]);
    expect(a.notice?.message).toMatch(/two places/);
  });
});

describe('/quote', () => {
  it("gives Tokayev's direct quotes first, attributed by full name", () => {
    const a = ask('/quote tokayev');
    expect(a.results.length).toBeGreaterThanOrEqual(3);
    for (const r of a.results) expect(r.speaker).toBe('Kassym-Jomart Tokayev');
    expect(a.results[0]!.text.startsWith('"')).toBe(true);
    expect(
      a.results
        .slice(0, 3)
        .map((r) => r.text)
        .join(' '),
    ).toContain('paying special attention');
  });

  it('matches a full name too', () => {
    expect(ask('/quote Kassym-Jomart Tokayev').results.length).toBeGreaterThanOrEqual(2);
  });

  it('never quotes someone merely named near a quote', () => {
    for (const who of ['xi jinping', 'ding xuexiang']) {
      const a = ask(`/quote ${who}`);
      expect(a.results).toEqual([]);
      expect(a.notice).not.toBeNull();
    }
  });

  it('resolves "Mr Hale said" to the full name', () => {
    const a = ask('/quote hale');
    expect(a.results[0]?.speaker).toBe('Tom Hale');
    expect(a.results[0]?.text).toContain('Inflation is still too high');
  });

  it('says when no one by that name is quoted', () => {
    const a = ask('/quote zzyzx qwertyuiop');
    expect(a.results).toEqual([]);
    expect(a.notice?.code).toBe('unknown-person');
  });
});

describe('/search and free text', () => {
  it('finds the passage with the words', () => {
    expect(ask('/search visa-free regime').results[0]?.text).toContain(
      'A visa-free regime has come into force',
    );
  });

  it('highlights the query terms inside the passage', () => {
    const r = ask('/search visa-free regime').results[0]!;
    const words = r.highlights.map((h) => r.text.slice(h.start, h.end).toLowerCase());
    expect(words).toEqual(expect.arrayContaining(['visa', 'free', 'regime']));
  });

  it('answers "what share" with the percentage', () => {
    const a = ask("what share of Kazakhstan's imports come from China?");
    expect(a.results[0]?.text).toContain('21.9 percent');
  });

  it('routes "what did X say" to quotes', () => {
    const a = ask('what did Tokayev say about China?');
    expect(a.command).toBe('quote');
    expect(a.results.every((r) => r.speaker === 'Kassym-Jomart Tokayev')).toBe(true);
  });

  it('routes trade questions between two places to trade', () => {
    const a = ask('how much was the trade between Peru and Chile?');
    expect(a.command).toBe('trade');
    expect(a.results[0]?.text).toContain('$4.2 billion');
  });

  it('asks for words when the search is empty', () => {
    const a = ask('/search');
    expect(a.results).toEqual([]);
    expect(a.notice?.code).toBe('empty-query');
  });

  it('answers help', () => {
    expect(ask('/help').help?.map((h) => h.command)).toEqual(['trade', 'quote', 'search', 'help']);
  });
});

/** An answer without the line it was asked with: what two ways of asking the same question share. */
const sansQuery = ({ query: _query, ...rest }: Answer) => rest;

describe('named options, as Discord fills them', () => {
  it('answer a quote topic the same as the free form', () => {
    const about = ask('/quote tokayev about china');
    expect(about.results.length).toBeGreaterThan(0);
    for (const line of ['/quote tokayev topic:china', '/quote person:tokayev topic:china']) {
      expect(sansQuery(ask(line))).toEqual(sansQuery(about));
    }
    const shouted = ask('/QUOTE Tokayev TOPIC:China');
    expect(shouted.results).toEqual(about.results);
    expect(shouted.question).toEqual({ kind: 'quote', person: 'Tokayev', topic: 'China' });
  });

  it('answer /trade places: and /search query: the same as the short forms', () => {
    expect(sansQuery(ask('/trade places:kazakhstan china'))).toEqual(
      sansQuery(ask('/trade kazakhstan china')),
    );
    expect(sansQuery(ask('/search query:visa-free regime'))).toEqual(
      sansQuery(ask('/search visa-free regime')),
    );
  });

  it("keep the line as typed as the answer's query", () => {
    expect(ask('/quote person:tokayev').query).toBe('/quote person:tokayev');
    expect(ask('/quote person:tokayev').results[0]?.speaker).toBe('Kassym-Jomart Tokayev');
  });

  it('answer a typed question as its line, asked as the line a user would type', () => {
    const typed = answerQuestion(index, { kind: 'quote', person: 'tokayev', topic: 'china' });
    expect(typed.query).toBe('/quote tokayev topic:china');
    expect(sansQuery(typed)).toEqual(sansQuery(ask('/quote tokayev topic:china')));
    const trade = answerQuestion(index, { kind: 'trade', places: 'Kazakh PRC' });
    expect(trade.query).toBe('/trade Kazakh PRC');
    expect(trade.results[0]?.text).toContain('$24.1 billion');
  });

  it("clean a typed question's text as a typed line is cleaned", () => {
    const typed = answerQuestion(index, { kind: 'search', query: '  visa-free\u200B <@123>  regime ' });
    expect(typed.query).toBe('/search visa-free regime');
    expect(typed.results[0]?.text).toContain('A visa-free regime has come into force');
  });

  it('count an empty topic as none', () => {
    expect(sansQuery(ask('/quote tokayev topic:'))).toEqual(sansQuery(ask('/quote tokayev')));
    const typed = answerQuestion(index, { kind: 'quote', person: 'tokayev', topic: ' ' });
    expect(typed.query).toBe('/quote tokayev');
  });

  it('say which person is unknown, without the topic', () => {
    const a = ask('/quote zzyzx topic:china');
    expect(a.notice?.code).toBe('unknown-person');
    expect(a.notice?.message).toContain('"zzyzx"');
    expect(a.notice?.message).not.toContain('china');
  });
});

describe('/quote with a topic, on a small archive', () => {
  let dir: string;
  let small: NewsIndex;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quote-topic-'));
    writeFileSync(
      join(dir, 'everton.txt'),
      [
        '(Fixture Sport) Moyes rules out January sales',
        'Everton manager David Moyes says the club will not sell in January. "We are not',
        'looking to sell anyone, and the board agrees," Moyes said. He added that the squad was',
        'settled. "We have a strong group and I am happy with it," said Moyes.',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'beattie.txt'),
      [
        '(Fixture Sport) Moyes backs Beattie for England',
        'Everton manager David Moyes has backed striker James Beattie to win an England recall.',
        '"He has been terrific since he arrived and deserves his chance," Moyes said of Beattie.',
        '"The rest of the squad must now follow him," said Moyes.',
      ].join('\n'),
    );
    small = await loadIndex(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers "what did X say about T" with the passages where X and T meet when no quote of X is about T', () => {
    const about = answer(small, 'what did moyes say about the board?');
    expect(about.command).toBe('quote');
    expect(about.results[0]?.text).toContain('the board agrees');
    const met = answer(small, 'what did moyes say about england?');
    expect(met.command).toBe('ask');
    expect(met.results[0]?.text).toContain('England recall');
    expect(met.results[0]?.speaker).toBeNull();
  });

  it('gives /quote moyes topic:beattie and /quote moyes about beattie the same answer, Beattie first', () => {
    const named = answer(small, '/quote moyes topic:beattie');
    const about = answer(small, '/quote moyes about beattie');
    expect(sansQuery(named)).toEqual(sansQuery(about));
    expect(named.results[0]?.speaker).toBe('David Moyes');
    expect(named.results[0]?.text).toContain('deserves his chance');
    expect(answer(small, '/quote moyes').results[0]?.text).not.toContain('deserves his chance');
  });
});

describe('bad input', () => {
  const bad = [
    '',
    ' '.repeat(10),
    'x'.repeat(5000),
    '/search **bold** _it_ `code` ```fence```',
    '/search @everyone @here <@123> <@&456>',
    '/search (.*+?[\\^$|{',
    '/trade taiwan "united states',
    '/quote "',
    '/quote person: topic:',
    '/quote topic:china',
    '/quote person:a person:b topic:c topic:d',
    '/trade places:',
    '/search query:"',
    '/search time:out',
    '/nonsense command',
    '/search \u202Eevil\u202C \u200Bzero',
    '/search \uD800 lone surrogate',
    '/search 🇰🇿 🐉',
  ];
  it.each(bad.map((b) => [b.slice(0, 40), b]))('answers %j without a crash', (_label, line) => {
    const a = ask(line);
    expect(Array.isArray(a.results)).toBe(true);
    if (!a.results.length && !a.help) expect(a.notice?.message).toBeTruthy();
  });

  it('refuses a 5,000-character question with a notice', () => {
    expect(ask('y'.repeat(5000)).notice?.code).toBe('query-too-long');
  });

  it('folds a word repeated to the length limit into one word: the answer is the one for the word', () => {
    const once = ask('/search turnover');
    const many = ask(`/search ${'turnover '.repeat(50)}`);
    expect(many.notice).toBeNull();
    expect(many.results.map((r) => r.text)).toEqual(once.results.map((r) => r.text));
  });

  it('refuses a question about more distinct things than it searches at once, saying so', () => {
    const words = Array.from(
      { length: MAX_CONCEPTS + 1 },
      (_, i) => `word${String.fromCharCode(97 + (i % 26))}${i}`,
    );
    const a = ask(`/search ${words.join(' ')}`);
    expect(a.notice?.code).toBe('query-too-long');
    expect(a.notice?.message).toContain(String(MAX_CONCEPTS));
    // One word fewer is searched as usual (here: nothing mentions these words).
    expect(ask(`/search ${words.slice(1).join(' ')}`).notice?.code).not.toBe('query-too-long');
  });

  it('refuses as a name more words than a name has, and reads a repeated name once', () => {
    const long = ask(`/quote ${'u.s. '.repeat(Math.ceil(MAX_NAME_WORDS / 2) + 1)}`);
    expect(long.notice?.code).toBe('query-too-long');
    expect(ask('/quote tokayev tokayev').notice?.code).not.toBe('query-too-long');
  });
});

describe('results are verbatim (property)', () => {
  it('every result is a substring of its article text', () => {
    const words = [
      'trade',
      'China',
      'Kazakhstan',
      'percent',
      'Tokayev',
      'rates',
      'Peru',
      'visa',
      'billion',
      'said',
    ];
    const byFile = new Map(index.lib.articles.map((a) => [a.file, a.text]));
    fc.assert(
      fc.property(
        fc.constantFrom('/search ', '/trade ', '/quote ', ''),
        fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 4 }),
        (cmd, ws) => {
          for (const r of ask(cmd + ws.join(' ')).results) expect(byFile.get(r.file)).toContain(r.text);
        },
      ),
      { numRuns: 150 },
    );
  });
});
