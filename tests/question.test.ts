import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQuestion, parseLine, sameQuestion } from '../src/news/query.ts';
import type { Question } from '../src/news/types.ts';

describe('parseLine reads Discord named options as Discord fills them', () => {
  it.each<[string, Question]>([
    ['/quote moyes topic:beattie', { kind: 'quote', person: 'moyes', topic: 'beattie' }],
    ['/quote person:tokayev topic:china', { kind: 'quote', person: 'tokayev', topic: 'china' }],
    ['/quote person:tokayev', { kind: 'quote', person: 'tokayev', topic: null }],
    ['/quote topic:china person:tokayev', { kind: 'quote', person: 'tokayev', topic: 'china' }],
    ['/quote romero topic:land reform', { kind: 'quote', person: 'romero', topic: 'land reform' }],
    ['/trade places:kazakhstan china', { kind: 'trade', places: 'kazakhstan china' }],
    ['/search query:oil prices', { kind: 'search', query: 'oil prices' }],
    ['/quote person: tokayev topic: china', { kind: 'quote', person: 'tokayev', topic: 'china' }],
  ])('%s', (line, question) => {
    expect(parseLine(line)).toEqual(question);
  });
});

describe('parseLine keeps the short forms working', () => {
  it.each<[string, Question]>([
    ['/quote tokayev', { kind: 'quote', person: 'tokayev', topic: null }],
    ['/quote tokayev about china', { kind: 'quote', person: 'tokayev', topic: 'china' }],
    ['/quote blair on the war in iraq', { kind: 'quote', person: 'blair', topic: 'the war in iraq' }],
    ['/quote leahy regarding farm credit', { kind: 'quote', person: 'leahy', topic: 'farm credit' }],
    ['/trade kazakhstan china', { kind: 'trade', places: 'kazakhstan china' }],
    ['/trade taiwan "united states"', { kind: 'trade', places: 'taiwan "united states"' }],
    ['/search one belt one road', { kind: 'search', query: 'one belt one road' }],
    ['/help', { kind: 'help' }],
    [
      'how much did Kazakhstan export to China?',
      { kind: 'ask', text: 'how much did Kazakhstan export to China?' },
    ],
    ['', { kind: 'help' }],
    ['/nonsense command', { kind: 'unknown', name: 'nonsense' }],
  ])('%s', (line, question) => {
    expect(parseLine(line)).toEqual(question);
  });
});

describe('parseLine on hostile lines', () => {
  it('reads an option name only where the command has that option: /search time:out searches for it', () => {
    expect(parseLine('/search time:out')).toEqual({ kind: 'search', query: 'time:out' });
    expect(parseLine('/search topic:oil')).toEqual({ kind: 'search', query: 'topic:oil' });
    expect(parseLine('/trade query:peru chile')).toEqual({ kind: 'trade', places: 'query:peru chile' });
  });

  it('keeps unknown options as text of the option they follow', () => {
    expect(parseLine('/quote moyes colour:red')).toEqual({
      kind: 'quote',
      person: 'moyes colour:red',
      topic: null,
    });
    expect(parseLine('/quote moyes topic:beattie at:noon')).toEqual({
      kind: 'quote',
      person: 'moyes',
      topic: 'beattie at:noon',
    });
  });

  it('reads option names in any case', () => {
    expect(parseLine('/QUOTE Moyes TOPIC:Beattie')).toEqual({
      kind: 'quote',
      person: 'Moyes',
      topic: 'Beattie',
    });
    expect(parseLine('/Quote Person:Tokayev Topic:China')).toEqual({
      kind: 'quote',
      person: 'Tokayev',
      topic: 'China',
    });
    expect(parseLine('/Search QUERY:oil')).toEqual({ kind: 'search', query: 'oil' });
  });

  it('counts an empty option as not given', () => {
    expect(parseLine('/quote moyes topic:')).toEqual({ kind: 'quote', person: 'moyes', topic: null });
    expect(parseLine('/quote moyes topic:   ')).toEqual({ kind: 'quote', person: 'moyes', topic: null });
    expect(parseLine('/quote person: topic:china')).toEqual({ kind: 'quote', person: '', topic: 'china' });
    expect(parseLine('/search query:')).toEqual({ kind: 'search', query: '' });
  });

  it('keeps every value of an option given twice, in the order typed', () => {
    expect(parseLine('/quote person:tokayev person:xi')).toEqual({
      kind: 'quote',
      person: 'tokayev xi',
      topic: null,
    });
    expect(parseLine('/trade places:peru places:chile')).toEqual({ kind: 'trade', places: 'peru chile' });
    expect(parseLine('/search oil query:prices')).toEqual({ kind: 'search', query: 'oil prices' });
  });

  it('reads the free form `about` only when no topic is named, and never inside a named person', () => {
    expect(parseLine('/quote tokayev about china topic:oil')).toEqual({
      kind: 'quote',
      person: 'tokayev about china',
      topic: 'oil',
    });
    expect(parseLine('/quote person:tokayev about china')).toEqual({
      kind: 'quote',
      person: 'tokayev about china',
      topic: null,
    });
  });

  it('reads no option inside a closed pair of double quotes, straight or curly', () => {
    expect(parseLine('/search query:"topic: query:x"')).toEqual({
      kind: 'search',
      query: '"topic: query:x"',
    });
    expect(parseLine('/trade “a places:b” c')).toEqual({ kind: 'trade', places: '“a places:b” c' });
    expect(parseLine('/quote "kassym-jomart tokayev" topic:china')).toEqual({
      kind: 'quote',
      person: '"kassym-jomart tokayev"',
      topic: 'china',
    });
  });

  it('reads options after a quote that is never closed', () => {
    expect(parseLine('/quote "tokayev topic:china')).toEqual({
      kind: 'quote',
      person: '"tokayev',
      topic: 'china',
    });
    expect(parseLine('/trade taiwan "united states')).toEqual({
      kind: 'trade',
      places: 'taiwan "united states',
    });
  });

  it('reads an option name only at the start of a word', () => {
    expect(parseLine('/quote moyes xtopic:beattie')).toEqual({
      kind: 'quote',
      person: 'moyes xtopic:beattie',
      topic: null,
    });
    expect(parseLine('/search query:query:x')).toEqual({ kind: 'search', query: 'query:x' });
  });

  it('cleans the line first: mentions, invisible characters, runs of spaces', () => {
    expect(parseLine('  /quote   <@123>  moyes\u200B   topic:\tbeattie  ')).toEqual({
      kind: 'quote',
      person: 'moyes',
      topic: 'beattie',
    });
  });

  it('reads a very long line quickly', () => {
    const long = `/quote ${'person:a topic:b x:y "q '.repeat(20_000)}`;
    const t0 = performance.now();
    const q = parseLine(long);
    expect(q.kind).toBe('quote');
    const open = parseLine(`/quote ${'“ topic:x '.repeat(20_000)}`);
    expect(open.kind).toBe('quote');
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe('formatQuestion writes the line that parseLine reads back', () => {
  it('uses the short forms', () => {
    expect(formatQuestion({ kind: 'trade', places: 'kazakhstan china' })).toBe('/trade kazakhstan china');
    expect(formatQuestion({ kind: 'quote', person: 'tokayev', topic: null })).toBe('/quote tokayev');
    expect(formatQuestion({ kind: 'quote', person: 'moyes', topic: 'beattie' })).toBe(
      '/quote moyes topic:beattie',
    );
    expect(formatQuestion({ kind: 'search', query: 'oil prices' })).toBe('/search oil prices');
    expect(formatQuestion({ kind: 'help' })).toBe('/help');
  });

  it('names an option when the short form would read differently', () => {
    const q: Question = { kind: 'quote', person: 'tokayev about china', topic: null };
    expect(formatQuestion(q)).toBe('/quote person:tokayev about china');
    expect(parseLine(formatQuestion(q))).toEqual(q);
  });

  it('round-trips any clean option values (property)', () => {
    const word = fc.oneof(
      fc.constantFrom(
        'tokayev',
        'about',
        'on',
        'China',
        '"united states"',
        '“south korea”',
        'time:out',
        'x:',
        ':',
        'Q&A',
        'topic:x',
        'person:',
        'places:y',
        'query:z',
      ),
      fc.stringMatching(/^[a-z]{1,8}$/),
    );
    const value = fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(' '));
    const question: fc.Arbitrary<Question> = fc.oneof(
      value.map((places) => ({ kind: 'trade' as const, places })),
      fc
        .tuple(value, fc.option(value, { nil: null }))
        .map(([person, topic]) => ({ kind: 'quote' as const, person, topic })),
      value.map((query) => ({ kind: 'search' as const, query })),
    );
    fc.assert(
      fc.property(question, (q) => {
        // Values holding an option of their own command (`topic:`) are the one case a line cannot say;
        // shells keep such a question itself (see sameQuestion).
        const parsed = parseLine(formatQuestion(q));
        const names = q.kind === 'quote' ? ['person', 'topic'] : q.kind === 'trade' ? ['places'] : ['query'];
        const holdsOption = Object.values(q).some(
          (v) => typeof v === 'string' && names.some((n) => new RegExp(`(^|\\s)${n}:`, 'i').test(v)),
        );
        if (!holdsOption) expect(sameQuestion(parsed, q)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
