import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestSpeakers } from '../src/discord/suggest.ts';
import { answer } from '../src/news/answers/index.ts';
import { matchSpeakers, quoteAnswer } from '../src/news/answers/quote.ts';
import type { NewsIndex } from '../src/news/index.ts';
import { loadIndex } from '../src/news/load.ts';
import { nameParts } from '../src/news/quotes/match.ts';
import {
  buildSpeakerTable,
  type NameWords,
  namesSomeoneElse,
  type SpeakerFacts,
  YEARS,
} from '../src/news/speakers.ts';

/** A speaker quoted `quotes` times in `source` in `year` (null: undated), in article `article`. */
function said(name: string, { quotes = 1, source = 'Wire', year = 1987 as number | null, article = 0 } = {}) {
  const span = year === null ? { from: Infinity, to: -Infinity } : { from: year, to: year };
  return { name, quotes, outlets: new Map([[source, span]]), articles: [article] } satisfies SpeakerFacts;
}

/** The people of a table, each as its names (the name it goes by first), sorted for comparison. */
function peopleOf(speakers: SpeakerFacts[], texts: string[] = []): string[][] {
  const table = buildSpeakerTable(speakers, (a) => texts[a] ?? '');
  return table.people.map((m) => m.map((s) => speakers[s]!.name)).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** The names joined to `name`'s person, without it. */
function aliasesOf(name: string, speakers: SpeakerFacts[], texts?: string[]): string[] {
  const person = peopleOf(speakers, texts).find((p) => p.includes(name)) ?? [];
  return person.filter((n) => n !== name);
}

const words = (name: string): NameWords => {
  const parts = nameParts(name);
  return { tokens: parts.map((p) => p.join('-')), words: parts.flat() };
};

describe('speakers as people: the alias table', () => {
  it('joins a surname to the one longer name it ends', () => {
    expect(peopleOf([said('Reagan', { quotes: 70 }), said('Ronald Reagan', { quotes: 23 })])).toEqual([
      ['Ronald Reagan', 'Reagan'],
    ]);
    expect(aliasesOf('Kassym-Jomart Tokayev', [said('Tokayev'), said('Kassym-Jomart Tokayev')])).toEqual([
      'Tokayev',
    ]);
  });

  it('joins a surname through a shorter full name of the same person', () => {
    const speakers = [said('Rafsanjani'), said('Hashemi Rafsanjani'), said('Ali Akbar Hashemi Rafsanjani')];
    expect(aliasesOf('Ali Akbar Hashemi Rafsanjani', speakers).sort()).toEqual([
      'Hashemi Rafsanjani',
      'Rafsanjani',
    ]);
  });

  it('does not guess between two people with the same surname', () => {
    expect(peopleOf([said('Bush'), said('George Bush'), said('Jeb Bush')])).toEqual([
      ['Bush'],
      ['George Bush'],
      ['Jeb Bush'],
    ]);
  });

  it('keeps a middle initial: George W. Bush is not his father George Bush', () => {
    expect(peopleOf([said('George W. Bush'), said('George Bush')])).toEqual([
      ['George Bush'],
      ['George W. Bush'],
    ]);
    expect(aliasesOf('Bush', [said('Bush'), said('George W. Bush'), said('George Bush')])).toEqual([]);
    expect(aliasesOf('George W. Bush', [said('Bush'), said('George W. Bush')])).toEqual(['Bush']);
  });

  it('treats the same name with other accents, case or hyphens as one person', () => {
    expect(peopleOf([said('Recep Tayyip Erdoğan'), said('Recep Tayyip Erdogan', { quotes: 3 })])).toEqual([
      ['Recep Tayyip Erdogan', 'Recep Tayyip Erdoğan'],
    ]);
    expect(peopleOf([said('Antonio Ortiz Mena'), said('Antonio Ortiz-Mena')])).toHaveLength(1);
    expect(peopleOf([said('Herman De Croo', { quotes: 15 }), said('Herman de Croo')])).toHaveLength(1);
  });

  it('never joins a given name to a full name', () => {
    expect(aliasesOf('David Davis', [said('David'), said('David Davis')])).toEqual([]);
  });

  it('takes a surname from a whole word, not from inside a hyphenated one or after a particle', () => {
    expect(aliasesOf('Jane Heywood-Smith', [said('Smith'), said('Jane Heywood-Smith')])).toEqual([]);
    expect(aliasesOf('Rimmer de Vries', [said('Vries'), said('Rimmer de Vries')])).toEqual([]);
    expect(aliasesOf('Rimmer de Vries', [said('de Vries'), said('Rimmer de Vries')])).toEqual(['de Vries']);
  });

  it("reads a possessive name as a firm's, never a person's surname", () => {
    expect(aliasesOf('Dai Lloyd', [said("Lloyd's"), said('Dai Lloyd')])).toEqual([]);
  });

  it("keeps a peer's title: Lord Browne is not Des Browne, nor a bare Browne", () => {
    expect(peopleOf([said('Lord Browne'), said('Des Browne')])).toEqual([['Des Browne'], ['Lord Browne']]);
    expect(aliasesOf('Lord Browne', [said('Lord Browne'), said('Browne')])).toEqual([]);
    expect(aliasesOf('Baroness Boothroyd', [said('Baroness Boothroyd'), said('Lady Boothroyd')])).toEqual([
      'Lady Boothroyd',
    ]);
    expect(aliasesOf('Betty Boothroyd', [said('Baroness Boothroyd'), said('Betty Boothroyd')])).toEqual([]);
  });

  it('reads a courtesy honorific as no part of the name, but never across genders', () => {
    expect(aliasesOf('Nasser Ahmed', [said('Dr Ahmed'), said('Nasser Ahmed')])).toEqual(['Dr Ahmed']);
    expect(peopleOf([said('Mr Smith'), said('Mrs Smith')])).toEqual([['Mr Smith'], ['Mrs Smith']]);
    expect(aliasesOf('John Smith', [said('Mrs Smith'), said('John Smith')])).toEqual([]);
    expect(aliasesOf('Sue Essex', [said('Ms Essex'), said('Sue Essex')])).toEqual(['Ms Essex']);
  });

  it('drops a knighthood before a full name, but not before a given name', () => {
    expect(
      aliasesOf('Menzies Campbell', [said('Sir Menzies Campbell'), said('Menzies Campbell')]),
    ).toHaveLength(1);
    expect(aliasesOf('Robert Menzies', [said('Sir Menzies'), said('Robert Menzies')])).toEqual([]);
  });

  it('joins names only within one outlet, in the same years', () => {
    // The BBC's 2005 `Bush` is George W. Bush, not Reuters' 1987 `George Bush`, his father.
    const bbc = said('Bush', { source: 'BBC News', year: null });
    expect(aliasesOf('George Bush', [bbc, said('George Bush', { source: 'Reuters' })])).toEqual([]);
    const later = said('Bush', { source: 'Reuters', year: 1987 + YEARS + 1 });
    expect(aliasesOf('George Bush', [later, said('George Bush', { source: 'Reuters' })])).toEqual([]);
    const near = said('Bush', { source: 'Reuters', year: 1988 });
    expect(aliasesOf('George Bush', [near, said('George Bush', { source: 'Reuters' })])).toEqual(['Bush']);
  });

  it('leaves out speakers without quotes (of removed articles): they make no name ambiguous', () => {
    const gone = said('Jeb Bush', { quotes: 0 });
    const table = buildSpeakerTable([said('Bush'), said('George Bush'), gone]);
    expect(table.personOf[2]).toBe(-1);
    expect(table.people).toEqual([[1, 0]]);
  });

  it("does not join a surname when its article names someone else by it (the article's words first)", () => {
    const texts = [
      'Lib Dem Norman Baker accused the government of ignoring the warnings. Mr Baker, the Lib Dem ' +
        'environment spokesman, said: "I have been warning for months that this would happen."',
      '"A lot of this is driven by just the ability to do it," said Stephen Baker, a consumer ' +
        'electronics analyst with retail research firm NPD Group.',
    ];
    const speakers = [
      said('Baker', { source: 'BBC News', article: 0 }),
      said('Stephen Baker', { source: 'BBC News', article: 1 }),
    ];
    expect(aliasesOf('Stephen Baker', speakers, texts)).toEqual([]);
    expect(aliasesOf('Stephen Baker', speakers)).toEqual(['Baker']); // without the text, rule 5 alone
  });
});

describe('rule 8: who an article names by a surname', () => {
  it('finds a full name just before the surname, titles and roles off', () => {
    const text =
      'Federal Reserve Chairman Alan Greenspan warned on Friday that the deficit must fall. ' +
      'Mr Greenspan told Congress that the central bank was on guard.';
    expect(namesSomeoneElse(text, words('Greenspan'), words('Alan Greenspan'))).toBe(false);
    expect(namesSomeoneElse(text, words('Greenspan'), words('Stephen Greenspan'))).toBe(true);
  });

  it('reads a bare surname, a role before it or a headline in capitals as no one in particular', () => {
    const text =
      'BYRD URGES REAGAN TO NEGOTIATE. Senate Democratic leader Robert Byrd urged President Reagan on ' +
      'Monday to compromise. But Reagan said he would not. "We will see," Reagan told reporters.';
    expect(namesSomeoneElse(text, words('Reagan'), words('Ronald Reagan'))).toBe(false);
  });

  it('lets a mention of the longer name outweigh one of another person', () => {
    const text =
      'Vice President George Bush and his son George W. Bush campaigned in Iowa, where Bush said ' +
      'the race would be decided.';
    expect(namesSomeoneElse(text, words('Bush'), words('George Bush'))).toBe(false);
  });

  it('sees a nickname in quotes inside a name', () => {
    const text =
      'Antonio "LA" Reid, chairman of The Island Def Jam Music Group, said: "I can think of no-one better."';
    expect(namesSomeoneElse(text, words('Reid'), words('John Reid'))).toBe(true);
  });

  it('sees a given name before the surname of someone quoted in the article', () => {
    const text =
      'His wife Sharon, who called the police, said her rings were taken. Sharon Osbourne later thanked fans.';
    expect(namesSomeoneElse(text, words('Sharon'), words('Ariel Sharon'), new Set(['osbourne']))).toBe(true);
    expect(namesSomeoneElse(text, words('Sharon'), words('Ariel Sharon'))).toBe(false);
  });
});

describe('/quote and autocomplete with aliases, on a small archive', () => {
  let dir: string;
  let index: NewsIndex;
  const articles: Record<string, string[]> = {
    'budget.txt': [
      'date 1987-02-03 (Fixture Wire) Reagan sends Congress a budget without tax rises',
      'WASHINGTON, Feb 3 - President Ronald Reagan sent Congress a budget on Tuesday that cuts domestic',
      'spending and leaves taxes alone.',
      '"This budget meets the deficit target without a tax increase," Reagan said in a message to lawmakers.',
    ],
    'veto.txt': [
      'date 1987-03-27 (Fixture Wire) Reagan vows to veto highway bill',
      'WASHINGTON, March 27 - President Reagan said on Friday he would veto the highway bill passed by the House.',
      '"I have no choice but to veto this budget-busting bill," Reagan told reporters at the White House.',
      '"It spends far more than the nation can afford," Reagan said.',
    ],
    'chips.txt': [
      'date 1987-04-02 (Fixture Wire) Yeutter warns Japan over chips',
      'WASHINGTON, April 2 - U.S. Trade Representative Clayton Yeutter said on Thursday that Japan must open',
      'its markets. "We cannot accept a market that stays closed to American chips," Yeutter said.',
      '"The sanctions will stay until the agreement is honoured," Yeutter added.',
    ],
    'iowa.txt': [
      'date 1987-05-04 (Fixture Wire) Bush opens campaign office in Iowa',
      'DES MOINES, May 4 - Vice President George Bush opened his campaign office in Iowa on Monday.',
      '"Iowa will decide a great deal in this race," George Bush told supporters.',
    ],
    'florida.txt': [
      'date 1987-05-06 (Fixture Wire) Jeb Bush backs state tax cut',
      'MIAMI, May 6 - Florida commerce secretary Jeb Bush said on Wednesday the state should cut its sales tax.',
      '"Florida can afford to give families some of their money back," Jeb Bush said.',
    ],
    'students.txt': [
      'date 1987-05-08 (Fixture Wire) Bush says party must reach young voters',
      'WASHINGTON, May 8 - Mr Bush told a meeting of Republican students on Friday that the party must do',
      'more to reach young voters. "We have to earn every vote, and we will," Mr Bush said.',
    ],
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'speakers-'));
    for (const [file, lines] of Object.entries(articles)) writeFileSync(join(dir, file), lines.join('\n'));
    index = await loadIndex(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const speakersOf = (line: string) => answer(index, line).results.map((r) => r.speaker);

  it('reads the archive as the tests expect: Reagan in one article, Ronald Reagan in another', () => {
    expect([...index.lib.speakers].sort()).toEqual(
      ['Bush', 'Clayton Yeutter', 'George Bush', 'Jeb Bush', 'Reagan', 'Ronald Reagan'].sort(),
    );
  });

  it('answers /quote Ronald Reagan with the quotes of his alias Reagan too', () => {
    const a = answer(index, '/quote Ronald Reagan');
    expect(a.notice).toBeNull();
    expect(a.results.map((r) => r.file).sort()).toEqual(['budget.txt', 'veto.txt', 'veto.txt']);
    expect(a.results.map((r) => r.text).join(' ')).toContain('budget-busting bill');
    expect(speakersOf('/quote reagan').sort()).toEqual(['Reagan', 'Reagan', 'Ronald Reagan']);
  });

  it("keeps the person's own quotes in their order, and only gains the alias's", () => {
    const ronald = index.lib.speakers.indexOf('Ronald Reagan');
    const before = quoteAnswer(index, '/quote Ronald Reagan', 'Ronald Reagan', '', [ronald]).results;
    const after = answer(index, '/quote Ronald Reagan').results;
    expect(after.filter((r) => r.speaker === 'Ronald Reagan')).toEqual(before);
    expect(answer(index, '/quote yeutter').results.map((r) => r.speaker)).toEqual([
      'Clayton Yeutter',
      'Clayton Yeutter',
    ]);
  });

  it('does not give a shared surname to either of two people', () => {
    expect(speakersOf('/quote george bush')).toEqual(['George Bush']);
    expect(speakersOf('/quote jeb bush')).toEqual(['Jeb Bush']);
    expect(new Set(speakersOf('/quote bush'))).toEqual(new Set(['Bush', 'George Bush', 'Jeb Bush']));
    const bush = index.lib.speakers.indexOf('Bush');
    expect(matchSpeakers(index, 'George Bush')).not.toContain(bush);
  });

  it('still does not match a given name alone', () => {
    expect(answer(index, '/quote ronald').results).toEqual([]);
  });

  it('suggests one entry per person, the full name, counted with its alias', () => {
    const all = suggestSpeakers(index, '').map((c) => c.name);
    expect(all).toContain('Ronald Reagan');
    expect(all).not.toContain('Reagan');
    // 1 + 2 quotes: ahead of Clayton Yeutter's 2, though neither name alone has more.
    expect(all.indexOf('Ronald Reagan')).toBeLessThan(all.indexOf('Clayton Yeutter'));
    expect(suggestSpeakers(index, 'reag')).toEqual([{ name: 'Ronald Reagan', value: 'Ronald Reagan' }]);
    expect(
      suggestSpeakers(index, 'bush')
        .map((c) => c.name)
        .sort(),
    ).toEqual(['Bush', 'George Bush', 'Jeb Bush']);
  });

  it('finds all the quotes of the person when the suggestion is chosen', () => {
    const [choice] = suggestSpeakers(index, 'reag');
    expect(answer(index, `/quote ${choice!.value}`).results).toHaveLength(3);
  });
});
