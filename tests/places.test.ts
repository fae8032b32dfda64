import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Country } from 'world-countries';
import {
  allPlaces,
  findPlaces,
  type Place,
  parsePlaces,
  placeByKey,
  placeWordsAt,
  resolvePlace,
  SUPPLEMENT,
} from '../src/news/places.ts';

const seed = readFileSync(new URL('../seeds/000_c9ca8e629531946f.txt', import.meta.url), 'utf8').replace(
  /\s+/g,
  ' ',
);
const corpus = new URL('../../shared/corpus/', import.meta.url);
const hasCorpus = existsSync(new URL('reuters/reuters-02535.txt', corpus));

/** A corpus article as one line (the corpus hard-wraps; the library collapses whitespace the same way). */
function article(path: string): string {
  return readFileSync(new URL(path, corpus), 'utf8').replace(/\s+/g, ' ');
}

/** `KEY:text` for every mention, in order. */
function mentions(text: string): string[] {
  return findPlaces(text).map((m) => `${m.key}:${text.slice(m.span.start, m.span.end)}`);
}

const keys = (places: Place[]): string[] => places.map((p) => p.key);

describe('places in the seed article (Kazakhstan and China)', () => {
  const found = mentions(seed);

  it('finds Kazakhstan by its name, the Kazakh adjective and the possessive', () => {
    expect(found).toContain('KAZ:Kazakhstan');
    expect(found).toContain('KAZ:Kazakh');
    expect(found).toContain('KAZ:Republic of Kazakhstan');
    const possessive = seed.indexOf("Kazakhstan's exports");
    expect(findPlaces(seed)).toContainEqual({
      key: 'KAZ',
      span: { start: possessive, end: possessive + 10 },
    });
  });

  it('finds China by its name, demonym, official name and capital', () => {
    for (const form of ['China', 'Chinese', "People's Republic of China", 'Beijing']) {
      expect(found).toContain(`CHN:${form}`);
    }
  });

  it('splits Kazakh-Chinese into two mentions', () => {
    const at = seed.indexOf('Kazakh-Chinese strategic');
    const pair = findPlaces(seed).filter((m) => m.span.start >= at && m.span.end <= at + 14);
    expect(pair).toEqual([
      { key: 'KAZ', span: { start: at, end: at + 6 } },
      { key: 'CHN', span: { start: at + 7, end: at + 14 } },
    ]);
  });

  it('names no other place', () => {
    expect(new Set(findPlaces(seed).map((m) => m.key))).toEqual(new Set(['KAZ', 'CHN']));
  });

  it('gives mentions in order, each span slicing to the form', () => {
    const list = findPlaces(seed);
    for (let i = 1; i < list.length; i++)
      expect(list[i]!.span.start).toBeGreaterThanOrEqual(list[i - 1]!.span.end);
  });
});

describe.skipIf(!hasCorpus)('places in the 1987 Reuters wire', () => {
  it('reads an ALL-CAPS hyphenated headline as two places', () => {
    const text = article('reuters/reuters-02535.txt');
    expect(mentions(text).slice(0, 2)).toEqual(['ARG:ARGENTINA', 'BRA:BRAZIL']);
    expect(mentions(text)).toContain('ARG:Argentine');
  });

  it('knows the Soviet Union, West Germany and the U.S. of the wire', () => {
    expect(mentions(article('reuters/reuters-02937.txt'))).toEqual([
      'SUN:SOVIET',
      'DEU:West German',
      'SUN:Soviet Union',
      'DEU:West Germany',
      'SUN:Soviets',
      'SUN:Soviet Union',
      'USA:U.S.',
      'ITA:Italy',
    ]);
  });
});

describe.skipIf(!hasCorpus)('places in BBC prose', () => {
  const text = hasCorpus ? article('bbc/bbc-politics-007.txt') : '';

  it('finds Britain and the UK, and the nations of the UK, as the United Kingdom', () => {
    expect(mentions(text)).toEqual(['GBR:UK', 'GBR:Britain', 'GBR:Britain', 'GBR:Scotland', 'GBR:Wales']);
  });

  it('does not take Mr Blair for a place', () => {
    expect(findPlaces('Mr Blair told Labour members the Tories offered a "hard right agenda".')).toEqual([]);
  });
});

describe('recognising places in article text', () => {
  it('ignores lowercase words that are country names in capitals', () => {
    expect(findPlaces('They ate roast turkey off fine china in chad-coloured light.')).toEqual([]);
    expect(mentions('Turkey and China signed.')).toEqual(['TUR:Turkey', 'CHN:China']);
  });

  it('knows the regions the wire trades with as one partner, as a whole, not as their countries', () => {
    expect(
      mentions(
        'Exports to the U.S., Japan and Southeast Asia slipped; demand from South East Asia and the Middle East rose.',
      ),
    ).toEqual([
      'USA:U.S.',
      'JPN:Japan',
      'SEASIA:Southeast Asia',
      'SEASIA:South East Asia',
      'MIDEAST:Middle East',
    ]);
    expect(keys(parsePlaces('taipei "southeast asia"').places)).toEqual(['TWN', 'SEASIA']);
  });

  it('prefers the longest form', () => {
    expect(mentions('Papua New Guinea and the United States of America')).toEqual([
      'PNG:Papua New Guinea',
      'USA:United States of America',
    ]);
    expect(mentions('Guinea-Bissau, Equatorial Guinea and South Korea')).toEqual([
      'GNB:Guinea-Bissau',
      'GNQ:Equatorial Guinea',
      'KOR:South Korea',
    ]);
  });

  it('matches US only as a whole token in capitals', () => {
    expect(mentions('the US and the U.S. and the USA')).toEqual(['USA:US', 'USA:U.S.', 'USA:USA']);
    expect(findPlaces('Let us go. Us and them. USB sticks. BUS lanes. AUSTIN')).toEqual([]);
    expect(mentions('U.S. TRADE DEFICIT WIDENS')).toEqual(['USA:U.S.']);
  });

  it('reads possessives with either apostrophe, leaving the ending out of the span', () => {
    expect(mentions("China’s and Kazakhstan’s and JAPAN'S")).toEqual([
      'CHN:China',
      'KAZ:Kazakhstan',
      'JPN:JAPAN',
    ]);
  });

  it('splits hyphenated compounds, Sino- included', () => {
    expect(mentions('the Sino-Japanese and Sino-Soviet talks, U.S.-Japan trade')).toEqual([
      'CHN:Sino',
      'JPN:Japanese',
      'CHN:Sino',
      'SUN:Soviet',
      'USA:U.S.',
      'JPN:Japan',
    ]);
  });

  it('knows capitals, Washington and the states of 1987', () => {
    expect(mentions('Astana, Beijing, Peking, Washington D.C. and Washington')).toEqual([
      'KAZ:Astana',
      'CHN:Beijing',
      'CHN:Peking',
      'USA:Washington D.C.',
      'USA:Washington',
    ]);
    expect(
      mentions('the USSR, East Germany, the GDR, Bonn, the East Bloc, Comecon, the EC and the EU'),
    ).toEqual([
      'SUN:USSR',
      'DDR:East Germany',
      'DDR:GDR',
      'DEU:Bonn',
      'EBLOC:East Bloc',
      'EBLOC:Comecon',
      'EEC:EC',
      'EEC:EU',
    ]);
  });

  it('drops phrases that only contain a place', () => {
    expect(
      findPlaces('New Jersey, New Mexico, Latin American debt, the Indian Ocean, British Columbia'),
    ).toEqual([]);
    expect(findPlaces('12 mln U.S. dlrs against the U.S. dollar')).toEqual([]);
    expect(mentions('Northern Ireland and Ireland')).toEqual(['GBR:Northern Ireland', 'IRL:Ireland']);
  });

  it('gives a demonym shared by two countries to the independent one', () => {
    expect(mentions('French, Dutch, American and Dominican')).toEqual([
      'FRA:French',
      'NLD:Dutch',
      'USA:American',
      'DOM:Dominican',
    ]);
  });

  it('does not match a capital inside a word', () => {
    expect(findPlaces('iChina and McJapan and 3Chad')).toEqual([]);
  });

  it('never throws, and every span slices to text within bounds, in order', () => {
    const pieces = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom(
        'U.S.',
        'US',
        'China',
        "China's",
        '’s',
        'Papua New',
        ' Guinea',
        'Sino-',
        '-',
        ' ',
        'St.',
        'D.C.',
        'Côte d’Ivoire',
        'KAZAKH',
        'New Jersey',
        '\u0301',
        '\ud83c',
      ),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        let last = 0;
        for (const m of findPlaces(text)) {
          expect(m.span.start).toBeGreaterThanOrEqual(last);
          expect(m.span.end).toBeGreaterThan(m.span.start);
          expect(m.span.end).toBeLessThanOrEqual(text.length);
          expect(text.slice(m.span.start, m.span.end).trim()).not.toBe('');
          expect(placeByKey(m.key)).toBeDefined();
          last = m.span.end;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('scans text fast (benchmark: logs, asserts nothing about time)', () => {
    const dir = new URL('wikinews/', corpus);
    const texts = existsSync(dir)
      ? readdirSync(dir).map((f) => readFileSync(new URL(f, dir), 'utf8').replace(/\s+/g, ' '))
      : Array.from({ length: 500 }, () => seed);
    const sentences = texts.flatMap((t) => t.split(/(?<=[.!?]) (?=[A-Z"])/));
    const chars = sentences.reduce((n, s) => n + s.length, 0);
    let best = Number.POSITIVE_INFINITY;
    let found = 0;
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      found = 0;
      for (const s of sentences) found += findPlaces(s).length;
      best = Math.min(best, performance.now() - t0);
    }
    console.log(
      `findPlaces: ${sentences.length} sentences, ${(chars / 1e6).toFixed(2)} M chars in ${best.toFixed(0)} ms ` +
        `(${(chars / 1e6 / (best / 1000)).toFixed(1)} M chars/s), ${found} mentions`,
    );
    expect(found).toBeGreaterThan(0);
  });
});

describe('resolving a place a user names', () => {
  it.each([
    ['kazakhstan', 'KAZ'],
    ['Kazakh', 'KAZ'],
    ['china', 'CHN'],
    ['prc', 'CHN'],
    ['peking', 'CHN'],
    ['united states', 'USA'],
    ['us', 'USA'],
    ['u.s.', 'USA'],
    ['USA', 'USA'],
    ['america', 'USA'],
    ['uk', 'GBR'],
    ['U.K.', 'GBR'],
    ['britain', 'GBR'],
    ['south korea', 'KOR'],
    ['North  Korea', 'PRK'],
    ['soviet union', 'SUN'],
    ['ussr', 'SUN'],
    ['west germany', 'DEU'],
    ['east germany', 'DDR'],
    ['the netherlands', 'NLD'],
    ['holland', 'NLD'],
    ['turkey', 'TUR'],
    ['Türkiye', 'TUR'],
    ['CÔTE D’IVOIRE', 'CIV'],
    ['cote d ivoire', undefined],
    ['taiwan', 'TWN'],
    ['eu', 'EEC'],
    ['narnia', undefined],
    ['new jersey', undefined],
    ['', undefined],
    ['china japan', undefined],
  ])('%s -> %s', (name, key) => {
    expect(resolvePlace(name)?.key).toBe(key);
  });
});

describe('splitting a user phrase into places', () => {
  it('takes the longest place at each word', () => {
    expect(keys(parsePlaces('south korea japan').places)).toEqual(['KOR', 'JPN']);
    expect(keys(parsePlaces('kazakhstan china').places)).toEqual(['KAZ', 'CHN']);
    expect(keys(parsePlaces('argentina brazil').places)).toEqual(['ARG', 'BRA']);
    expect(keys(parsePlaces('trinidad and tobago united states').places)).toEqual(['TTO', 'USA']);
  });

  it('honours quotes', () => {
    expect(parsePlaces('taiwan "united states"')).toEqual({
      places: [placeByKey('TWN'), placeByKey('USA')],
      unknown: [],
    });
    expect(parsePlaces('“narnia land” china')).toEqual({
      places: [placeByKey('CHN')],
      unknown: ['narnia land'],
    });
  });

  it('returns unknown words as typed and skips connecting words', () => {
    expect(parsePlaces('Narnia china')).toEqual({ places: [placeByKey('CHN')], unknown: ['Narnia'] });
    expect(keys(parsePlaces('trade between Kazakhstan and China').places)).toEqual(['KAZ', 'CHN']);
    expect(parsePlaces('trade between Kazakhstan and China').unknown).toEqual(['trade']);
    expect(parsePlaces('u.s. vs japan')).toEqual({
      places: [placeByKey('USA'), placeByKey('JPN')],
      unknown: [],
    });
  });

  it('lists a place named twice once', () => {
    expect(keys(parsePlaces('china PRC chinese').places)).toEqual(['CHN']);
  });

  it('reports a phrase that only contains a place as unknown', () => {
    expect(parsePlaces('new mexico china')).toEqual({ places: [placeByKey('CHN')], unknown: ['new mexico'] });
  });
});

describe('the list of places', () => {
  const countries = createRequire(import.meta.url)('world-countries') as readonly Country[];

  it('holds every country of the data, the historic states and the trading regions, sorted by name', () => {
    const all = allPlaces();
    expect(all.length).toBe(countries.length + 8);
    for (const key of [
      'KAZ',
      'CHN',
      'USA',
      'SUN',
      'DDR',
      'EBLOC',
      'EEC',
      'YUG',
      'CSK',
      'SEASIA',
      'MIDEAST',
    ]) {
      expect(all.some((p) => p.key === key)).toBe(true);
    }
    const names = all.map((p) => p.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('finds a place by key, in any case, with its aliases', () => {
    expect(placeByKey('kaz')).toMatchObject({ key: 'KAZ', name: 'Kazakhstan' });
    expect(placeByKey('KAZ')?.aliases).toEqual(expect.arrayContaining(['Kazakh', 'Kazakhstani', 'Astana']));
    expect(placeByKey('USA')?.aliases).toEqual(
      expect.arrayContaining(['U.S.', 'American', 'Washington D.C.']),
    );
    expect(placeByKey('ATF')?.aliases).not.toContain('French');
    expect(placeByKey('XYZ')).toBeUndefined();
  });

  it('adds in its supplement only forms the data lacks (or lists only as ISO codes)', () => {
    const data = new Set<string>();
    for (const c of countries) {
      const eng = c.demonyms.eng;
      const forms = [
        c.name.common,
        c.name.official,
        ...c.altSpellings,
        ...c.capital,
        eng?.m ?? '',
        eng?.f ?? '',
      ];
      for (const form of forms) if (form !== c.cca2 && form !== c.cca3) data.add(form.toLowerCase());
    }
    for (const { forms } of SUPPLEMENT) {
      for (const form of forms) expect(data.has(form.replace(/-$/, '').toLowerCase()), form).toBe(false);
    }
  });
});

describe('places among the words of a name', () => {
  it('measures the longest place at a word, with abbreviations in capitals only', () => {
    expect(placeWordsAt(['Papua', 'New', 'Guinea', 'Minister'], 0)).toBe(3);
    expect(placeWordsAt(['President', 'of', 'Kazakhstan'], 2)).toBe(1);
    expect(placeWordsAt(["China's"], 0)).toBe(1);
    expect(placeWordsAt(['US'], 0)).toBe(1);
    expect(placeWordsAt(['Us'], 0)).toBe(0);
    expect(placeWordsAt(['New', 'Jersey'], 0)).toBe(2);
    expect(placeWordsAt(['Papua', 'New', 'Guinea'], 0, 2)).toBe(0);
  });

  it('takes capitals that are common names for names (Douglas, Stanley, Hamilton)', () => {
    for (const w of ['Douglas', 'Stanley', 'Hamilton', 'Victoria', 'Smith'])
      expect(placeWordsAt([w], 0)).toBe(0);
  });
});
