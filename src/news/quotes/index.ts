/**
 * Quotes: who said what in an article, as spans of whole sentences ({@link extractQuotes}), and the
 * name matching behind `/quote P` ({@link speakerMatches}).
 *
 * The approach, in the order the work is done for one article:
 * 1. **Quote regions at character level**, before any sentence grouping, so that a quote of several
 *    sentences stays one unit. Straight `"` are told apart as openers or closers by what surrounds them;
 *    curly `“ ”` are unambiguous; apostrophes are never quote marks (headline scare quotes such as
 *    `Councils 'must find Gypsy sites'` must not become quotes). The BBC lost its paragraph breaks, and
 *    a quoted paragraph that goes on into the next one reopens with `"` without closing: an opener right
 *    after a sentence end inside an open quote continues the quote. An opener that is never closed is
 *    treated as a stray mark, so one bad mark cannot swallow the rest of the article.
 * 2. **A masked copy of the text** in which everything inside quote marks is blanked out. All the
 *    attribution logic reads the masked copy, so a name inside the quoted words (`Xi Jinping` in
 *    Tokayev's quote) can never be taken for a speaker.
 * 3. **A table of the article's people**: runs of capitalised words with titles (`President of
 *    Kazakhstan`), honorifics (`Ms`, `Lord`), places and organisation words stripped, kept only with
 *    some evidence that they are people (a title or role word before them, an apposition after them,
 *    the surname used with an honorific elsewhere). Short forms (`Ms Cooper`, `Tokayev`) and roles
 *    (`President of Kazakhstan`, `the minister`) resolve to a full name from this table.
 * 4. **Sentences in text order**: quote regions become groups of whole sentences (direct quotes), whose
 *    speaker comes from a cue after the quote (`," he said.`, `," said Ms Cooper.`), before it
 *    (`Ms Essex said: "`, `..., warning: "`), or, for a quote that opens its sentence without a cue,
 *    from the quote just before (a continuation) or from a person who speaks, argues, calls ... in the
 *    sentence just before (`Menzies Campbell repeated his party's calls ... "The public interest"`). Other
 *    sentences are searched for reported speech (`X said ...`, `..., X said.`, `According to X, ...`).
 *    Pronouns resolve to the most recent person who spoke or was the subject of a sentence, gender
 *    permitting, within a few sentences; not past an unnamed speaker (`a spokesman said`), and not when
 *    a mere subject and a different recent speaker compete for the same `he`.
 *
 * Precision over recall throughout: an organisation, a place, an unnamed official, an ambiguous role or
 * an unresolved pronoun leaves the quote out rather than guessing.
 *
 * Cost: a handful of regular-expression scans per article plus short string work at each speech verb
 * and at the capitalised runs a cue asks about; no regular expression is built per name. The whole
 * corpus (17,481 articles, 22 M characters of article text) takes 2.3-4 s on one core of the
 * development machine, depending on its load.
 */
import { createRequire } from 'node:module';
import type { Country } from 'world-countries';
import type { Quote, Sentence } from '../types.ts';

/** Loaded through `require`: the package is CommonJS and its default-export typing does not fit NodeNext. */
const countries = createRequire(import.meta.url)('world-countries') as readonly Country[];

// ---------------------------------------------------------------------------------------------------
// Word lists (all lowercase)

const wordSet = (s: string): ReadonlySet<string> => new Set(s.trim().split(/\s+/));

/** Honorifics, with the gender they imply (`null`: none). */
const HONORIFICS: ReadonlyMap<string, 'm' | 'f' | null> = new Map([
  ['mr', 'm'],
  ['mrs', 'f'],
  ['ms', 'f'],
  ['miss', 'f'],
  ['dr', null],
  ['prof', null],
  ['professor', null],
  ['sir', 'm'],
  ['dame', 'f'],
  ['lord', 'm'],
  ['lady', 'f'],
  ['baroness', 'f'],
  ['baron', 'm'],
  ['rev', null],
  ['reverend', null],
  ['mme', 'f'],
  ['mlle', 'f'],
]);

/** Honorifics written with a period (`Mr.`); `Miss.` is Mississippi, never an honorific. */
const ABBREVIATED_HONORIFICS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'rev', 'mme', 'mlle']);

/**
 * Peerage titles. A peer known only as `Lord Goldsmith` keeps the title in the speaker name: it is how
 * the article names him, and `Goldsmith` alone would be a different, unknown person.
 */
const PEERAGE = wordSet('lord lady baroness baron');

/** `Sir Menzies` and `Dame Judi` use the given name: look it up as a first name. */
const GIVEN_NAME_HONORIFICS = wordSet('sir dame');

/**
 * Words that name a role or office. Before a name (`housing minister Yvette Cooper`, `Foreign Minister
 * Dante Caputo`) they are evidence that the name is a person's; alone (`the minister said`) they refer
 * back to a person introduced with that role.
 */
const ROLE = wordSet(`
  president vice-president president-elect minister premier secretary secretary-general chancellor
  spokesman spokeswoman spokesperson leader chairman chairwoman chair chief executive director
  director-general head governor senator congressman congresswoman representative mayor ambassador envoy
  commissioner analyst economist strategist trader dealer professor lecturer expert author writer editor
  journalist correspondent reporter lawyer attorney attorney-general judge prosecutor barrister solicitor
  adviser advisor aide manager coach boss captain striker midfielder defender goalkeeper keeper winger star
  actor actress singer presenter host founder co-founder owner officer inspector commander
  colonel candidate campaigner activist counterpart colleague rival opponent treasurer negotiator delegate
  lawmaker legislator banker investor consultant researcher scientist doctor surgeon teacher headteacher
  headmaster headmistress principal superintendent constable detective producer designer musician
  guitarist drummer rapper comedian novelist playwright broadcaster champion player skipper batsman bowler
  sprinter athlete cyclist jockey trainer referee whip councillor mp mep msp qc deputy king queen prince
  princess pope archbishop bishop cardinal rabbi imam cleric priest vicar sheikh emir sultan ayatollah
  diplomat tycoon entrepreneur magnate historian philosopher psychologist psychiatrist nurse pilot chef
  artist poet composer conductor dancer photographer filmmaker screenwriter vocalist frontman bassist
  pianist boxer golfer swimmer spokesmen chairperson vice-chairman vice-chair ceo cfo coo md president's
  premier-elect chief-executive prosecutor-general solicitor-general auditor-general inspector-general
  sen rep gov gen col capt lt sgt adm cmdr supt insp financier technician accountant brigadier songwriter
  speaker sheriff monsignor monsenor presidents ministers magistrate coroner sister brother son daughter
  wife husband mother father widow widower fiancee fiance girlfriend boyfriend uncle aunt cousin niece
  nephew grandson granddaughter grandmother grandfather
`);

/** Role words that are also common surnames: a name ending in one (`Mervyn King`) keeps it. */
const SURNAME_ROLES = wordSet('king major bishop judge dean marshal cardinal prince pope general chancellor');

/** Role words that imply a gender. */
const ROLE_GENDER: ReadonlyMap<string, 'm' | 'f'> = new Map([
  ['spokesman', 'm'],
  ['spokeswoman', 'f'],
  ['chairman', 'm'],
  ['chairwoman', 'f'],
  ['congressman', 'm'],
  ['congresswoman', 'f'],
  ['actor', 'm'],
  ['actress', 'f'],
  ['king', 'm'],
  ['queen', 'f'],
  ['prince', 'm'],
  ['princess', 'f'],
  ['headmaster', 'm'],
  ['headmistress', 'f'],
]);

/** Capitalised words that qualify a title (`Foreign Minister`, `Vice Premier`) and are never names. */
const TITLE_MODIFIERS = wordSet(`
  foreign home prime vice deputy finance defence defense interior health education trade justice economy
  economic environment culture shadow acting former senior junior chief executive general attorney state
  federal regional interim first second third assistant associate managing principal lord high supreme
  emergency emergencies agriculture energy industry transport labour labor treasury communications
  information foreign-affairs internal external sports culture media european commerce development
  security intelligence national international financial technical press public cabinet party opposition
  exchequer staff lib dem
  liberal democrat democratic republican conservative tory green ex- ex outgoing incoming new vice- co-
`);

/** Capitalised words at the start of a run that are not part of a name (sentence openers, dates). */
const STOP = wordSet(`
  the a an in on at but and as if when while after before since for from to with by of under over during
  speaking according last next this that these those it he she they we i you his her their its our my your
  meanwhile however earlier later yesterday today tonight tomorrow also then now still yet so although
  though because despite following asked writing there here what why how where who whom which both each
  every all some many most other another no not one two three mr. mrs. ms. dr. monday tuesday wednesday
  thursday friday saturday sunday january february march april may june july august september october
  november december jan feb mar apr jun jul aug sep sept oct nov dec christmas easter new thanks
  according instead nevertheless indeed besides further furthermore moreover only even just
`);

/**
 * Words that make a capitalised run an organisation, a party, a place or a work rather than a person
 * (`Downing Street`, `Texaco Inc`, `Bank of England`, `Liberal Democrats`).
 */
const ORG = wordSet(`
  bank banks corp corporation inc co cos ltd plc llc group holdings ministry party council committee
  commission office department agency association union federation institute university college school
  hospital court street road square house hall centre center airport airlines airline airways motors
  systems industries partners brothers securities capital fund trust exchange market markets reserve board
  authority service services news times post journal network television tv radio club united city fc
  rovers athletic government parliament congress senate assembly army navy force forces police church
  foundation society organisation organization coalition alliance league cup championship games awards
  festival theatre theater museum gallery records studios studio pictures entertainment communications
  technologies technology electronics software petroleum oil gas energy power steel mining resources
  chemical chemicals pharmaceuticals pharmaceutical foods stores financial insurance investment
  investments properties limited sa ag nv gmbh company international worldwide global national federal
  republic kingdom states province island islands river valley bay sea ocean gulf lake park avenue bridge
  tower palace castle station port north south east west northern southern eastern western central
  commons lords treasury downing whitehall kremlin pentagon reuters bbc mail mirror guardian telegraph
  observer independent express herald tribune gazette review magazine daily weekly channel music mobile
  telecom telecommunications computer computers microsystems semiconductor labs laboratories cinema film
  films labour tory tories conservative conservatives democrat democrats republican republicans liberal
  liberals greens socialist socialists communist communists nationalist nationalists euro europe
  european africa african asia asian america american americas middle day week year world olympic
  olympics premiership division stadium county borough district region regions zone agreement accord
  treaty act bill plan report programme program project initiative forum summit conference show series
  album book novel website web internet online microsoft google apple yahoo sony nokia intel ibm motors
  fund funds index gate wall unit units division metals processors products brands motor associates
  centers centres research brokers institutional bureau revenue communities watch
`);

/**
 * Leading words of a subject that are not part of it (`As Tokayev noted`, `But Mr Smith said`). Not
 * `before`, `after`, `when`, `if`: in `..., before he announced he would stand down` the sentence is not
 * his words.
 */
const LEADING_CONJ = wordSet(`
  as but and while although though so yet however meanwhile also then now whereas indeed instead still
`);

/** Words between a subject and its verb that do not change who speaks (`Mr Davis has also said`). */
const SUBJECT_TAIL = wordSet(`
  has have had also later earlier previously then now yesterday today again recently repeatedly further
  once himself herself separately publicly privately originally initially subsequently still already always
  never even only just simply reportedly last night this morning week
`);

/** Words that may open a sentence before its subject without a comma (`Earlier Tory leader X sent`). */
const OPENING_ADVERBS = wordSet(
  'earlier later meanwhile yesterday today also but and separately however then now still',
);

/** Prepositions after a role word that attach it to someone else (`a spokesman for Mr Smith`). */
const ROLE_PREPOSITIONS = wordSet('for at of with from to');

/** Determiners before a role (`the minister`); `a`/`an` mark someone not named before. */
const DETERMINERS = wordSet('the a an his her its their our this that one another');
const INDEFINITE = wordSet('a an one another');

/** Words that end a subject read forward (`said President ... Tokayev during a meeting`). */
const FORWARD_STOP = wordSet(`
  during on in at who which that when after before with as to and but while for from yesterday today last
  this told adding saying referring speaking writing quoted cited by via over under about than whose where
  according has had have is was would will could should
`);

/** Finite verbs and auxiliaries that show a clause follows a speech verb without `that`. */
const CLAUSE_VERBS = wordSet(`
  is was were are be would will could should had has have did does do can may might must need needs
  needed remained remains became becomes won't wouldn't couldn't didn't doesn't don't isn't wasn't aren't
  weren't hadn't hasn't haven't can't cannot shouldn't
`);

/** Prepositions right after a speech verb that show it is not introducing speech (`warned of`). */
const VERB_PREPOSITIONS = wordSet('to on of about against for with in at from into over up out off by');

const PRONOUNS: ReadonlyMap<string, 'm' | 'f'> = new Map([
  ['he', 'm'],
  ['him', 'm'],
  ['she', 'f'],
  ['her', 'f'],
]);

/**
 * Speech verbs, by how they may be used. `r`: introduces reported speech; `c`: reported speech only when
 * `that` or a clause follows (`X warned that ...`, not `X warned of ...`); `i`: may come before its
 * subject (`," said Ms Cooper.`); `t`: only as the cue of a direct quote (`," he asked.`); `p`: a
 * participle whose subject is the sentence's subject (`..., warning: "..."`).
 */
const VERBS: ReadonlyMap<string, string> = new Map([
  ['said', 'ri'],
  ['says', 'ri'],
  ['told', 'r'],
  ['tells', 'r'],
  ['added', 'rci'],
  ['adds', 'rci'],
  ['noted', 'rci'],
  ['notes', 'rci'],
  ['stressed', 'rci'],
  ['stresses', 'rci'],
  ['argued', 'rci'],
  ['argues', 'rci'],
  ['warned', 'rci'],
  ['warns', 'rci'],
  ['explained', 'rci'],
  ['explains', 'rci'],
  ['insisted', 'rci'],
  ['insists', 'rci'],
  ['claimed', 'rci'],
  ['claims', 'rci'],
  ['reminded', 'rc'],
  ['reminds', 'rc'],
  ['admitted', 'rci'],
  ['admits', 'rci'],
  ['acknowledged', 'rci'],
  ['conceded', 'rci'],
  ['declared', 'rci'],
  ['observed', 'rci'],
  ['suggested', 'rci'],
  ['suggests', 'rci'],
  ['predicted', 'rc'],
  ['emphasised', 'rci'],
  ['emphasized', 'rci'],
  ['maintained', 'rc'],
  ['reiterated', 'rc'],
  ['confirmed', 'rc'],
  ['announced', 'rc'],
  ['agreed', 'rc'],
  ['stated', 'rci'],
  ['wrote', 'rci'],
  ['writes', 'rci'],
  ['continued', 'ti'],
  ['asked', 'ti'],
  ['replied', 'ti'],
  ['responded', 'ti'],
  ['commented', 'ti'],
  ['recalled', 'rci'],
  ['concluded', 'rci'],
  ['cautioned', 'rci'],
  ['answered', 'ti'],
  ['joked', 'ti'],
  ['quipped', 'ti'],
  ['went on', 'ti'],
  ['saying', 'p'],
  ['adding', 'p'],
  ['warning', 'p'],
  ['arguing', 'p'],
  ['insisting', 'p'],
  ['noting', 'p'],
  ['stressing', 'p'],
  ['explaining', 'p'],
  ['claiming', 'p'],
  ['declaring', 'p'],
  ['writing', 'p'],
  ['stating', 'p'],
  ['telling', 'p'],
]);
/** ASCII word boundaries, not Unicode look-arounds: twice as fast over the archive; the verbs are ASCII. */
const VERB_RE = new RegExp(`\\b(?:${[...VERBS.keys()].join('|')})\\b`, 'g');

/**
 * Verbs that, after a person as subject, make the next uncued quote theirs (`Menzies Campbell repeated
 * his party's calls ... "The public interest ..."`).
 */
const INTRODUCING_VERBS = wordSet(`
  said says told added repeated reiterated called urged warned insisted argued accused attacked
  criticised criticized defended praised welcomed dismissed rejected denied admitted explained described
  stressed claimed predicted promised pledged vowed announced suggested wrote asked replied responded
  agreed questioned challenged condemned believes believed thinks hopes spoke commented told urges says
  calls accuses insists argues warns admits explains describes claims predicts promises suggests writes
  agrees questions challenges condemns defends praises welcomes dismisses rejects denies
`);

// ---------------------------------------------------------------------------------------------------
// Places (from world-countries, plus forms the data lacks): stripped from names, never speakers.

const PLACES: ReadonlySet<string> = (() => {
  const s = new Set<string>();
  const add = (form: string | undefined): void => {
    if (form && /^\p{Lu}/u.test(form) && /\p{Ll}/u.test(form)) s.add(form.toLowerCase());
  };
  for (const c of countries) {
    add(c.name.common);
    add(c.name.official);
    for (const cap of c.capital) add(cap);
    for (const alt of c.altSpellings) add(alt);
    for (const d of Object.values(c.demonyms ?? {})) {
      add(d.m);
      add(d.f);
    }
  }
  for (const f of [
    'Kazakh',
    'Britain',
    'Great Britain',
    'England',
    'Scotland',
    'Wales',
    'Northern Ireland',
    'English',
    'Scottish',
    'Welsh',
    'Soviet',
    'Soviet Union',
    'West Germany',
    'East Germany',
    'West German',
    'East German',
    'Arab',
    'Peking',
    'Washington',
    'Europe',
    'Asia',
    'Africa',
    'America',
    'Latin America',
    'Gulf',
    'Hong Kong',
    'Taiwan',
  ]) {
    add(f);
  }
  return s;
})();
const MAX_PLACE_WORDS = 4;
/** First words of {@link PLACES}, to skip the multi-word look-up for most words. */
const PLACE_FIRST: ReadonlySet<string> = new Set([...PLACES].map((p) => p.split(' ')[0]!));

// ---------------------------------------------------------------------------------------------------
// Tokens and runs of capitalised words

const lower = (w: string): string => w.toLowerCase();

/** `/^\p{Lu}/u.test(w)`, without the expression for ASCII. */
function startsUpper(w: string): boolean {
  const c = w.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  return /^\p{Lu}/u.test(w);
}

/** A capitalised word that can be part of a name: `Tokayev`, `Kassym-Jomart`, `O'Brien`, `McDonald`. */
function isNameWord(w: string): boolean {
  return (
    /^\p{Lu}[\p{Ll}\p{M}]/u.test(w) ||
    /^(?:O|D)['’]\p{Lu}/u.test(w) ||
    /^(?:al|el|bin|ibn|abu|ad|ash)-\p{Lu}/u.test(w) ||
    /^\p{Lu}\.$/u.test(w) // an initial: George W. Bush
  );
}

/** Lowercase particles inside names (`Dominique de Villepin`, `Bank of England`). */
const CONNECTORS = wordSet('of the de van von der den da di du del della la le bin ibn al dos das y');

/** `/['’]s$|s['’]$/u.test(w)`, by character code: asked of every capitalised word of an article. */
function isPossessive(w: string): boolean {
  const n = w.length;
  if (n < 2) return false;
  const a = w.charCodeAt(n - 2);
  const b = w.charCodeAt(n - 1);
  return b === 115 ? a === 39 || a === 0x2019 : a === 115 && (b === 39 || b === 0x2019);
}

function stripPossessive(w: string): string {
  if (!w.includes("'") && !w.includes('’')) return w;
  return w.replace(/['’]s$/u, '').replace(/(s)['’]$/u, '$1');
}

function isRoleWord(w: string): boolean {
  const l = lower(w);
  if (ROLE.has(l)) return true;
  if (l.includes('-')) return l.split('-').some((p) => ROLE.has(p));
  return false;
}

/** How a run of capitalised words reads once titles, places and sentence openers are taken off. */
interface RunInfo {
  /** The name words (`['Kassym-Jomart', 'Tokayev']`); empty when the run is only a title or a place. */
  core: string[];
  /** A lowercase honorific found before the core (`mr`, `lord`), or null. */
  honorific: string | null;
  /** Whether a title or role word came before the core inside the run (`Foreign Minister X`). */
  titled: boolean;
  /** The words before the core (`President of Kazakhstan`), as written. */
  role: string;
  /** A gender implied by an honorific or a role word. */
  gender: 'm' | 'f' | null;
  /** Whether the run reads as an organisation, party or place rather than a person. */
  org: boolean;
  /** `X of Y` where Y is a place or organisation (`Gerard Guillonneau of France`). */
  ofSomething: boolean;
}

/** Length of the place name starting at `tokens[i]` (0 when none). */
function placeAt(tokens: readonly string[], i: number, end = tokens.length): number {
  const t = tokens[i];
  if (t === undefined || !PLACE_FIRST.has(t.toLowerCase())) return 0;
  for (let n = Math.min(MAX_PLACE_WORDS, end - i); n >= 1; n--) {
    if (
      PLACES.has(
        tokens
          .slice(i, i + n)
          .join(' ')
          .toLowerCase(),
      )
    )
      return n;
  }
  return 0;
}

/**
 * Splits a run of capitalised words (possibly with `of`, `de`, ... inside) into title and name.
 * `President of Kazakhstan Kassym-Jomart Tokayev` → core `Kassym-Jomart Tokayev`, role `President of
 * Kazakhstan`; `Mervyn King` stays a name; `Bank of England` is an organisation.
 */
function analyzeRun(tokensIn: readonly string[]): RunInfo {
  const tokens = tokensIn.map((t) => (t.endsWith('.') && !/^\p{Lu}\.$/u.test(t) ? t.slice(0, -1) : t));
  let i = 0;
  const n = tokens.length;
  let gender: 'm' | 'f' | null = null;
  let honorific: string | null = null;
  // Sentence openers and dates in front (`On Monday Tony Blair`).
  while (
    i < n &&
    (STOP.has(lower(tokens[i]!)) || CONNECTORS.has(tokens[i]!)) &&
    !HONORIFICS.has(lower(tokens[i]!))
  )
    i++;
  // `X of Y`: an organisation X makes the whole run one (`French Federation of Non-Ferrous Metals`); a
  // plain name X is the person (`Stuart Hensel of the Economist Intelligence Unit`).
  const of = tokens.indexOf('of', i);
  if (of > i) {
    let h = i;
    while (h < of && HONORIFICS.has(lower(tokens[h]!))) h++;
    const left = tokens.slice(h, of);
    if (left.some((w) => ORG.has(lower(w)))) return orgRun(tokens.slice(i));
    if (left.length >= (h > i ? 1 : 2) && left.every(isPlainNameWord)) {
      const hon = h > i ? lower(tokens[h - 1]!) : null;
      return {
        core: left,
        honorific: hon,
        titled: false,
        role: '',
        gender: hon ? (HONORIFICS.get(hon) ?? null) : null,
        org: false,
        ofSomething: true,
      };
    }
  }
  // The last title, role word or honorific with a name after it.
  let cut = i;
  let titled = false;
  for (let j = n - 1; j >= i; j--) {
    const l = lower(tokens[j]!);
    const hon = HONORIFICS.has(l);
    if (!hon && !isRoleWord(tokens[j]!)) continue;
    // Skip what qualifies the title (`of the Exchequer`, `of Kazakhstan`) to reach the name.
    let k = j + 1;
    let skippedOf = false;
    while (k < n) {
      const p = placeAt(tokens, k);
      if (p) k += p;
      else if (
        CONNECTORS.has(tokens[k]!) ||
        TITLE_MODIFIERS.has(lower(tokens[k]!)) ||
        (ORG.has(lower(tokens[k]!)) && k < n - 1)
      ) {
        if (tokens[k] === 'of') skippedOf = true;
        k++;
      } else break;
    }
    // `Commissioner of the European Communities`: one word after `title of` is an organisation, not a name.
    if (skippedOf && n - k < 2 && !HONORIFICS.has(l)) k = n;
    if (k >= n) {
      // Nothing after it: `Mervyn King` keeps its last word; `Foreign Minister` is only a title.
      if (j === n - 1 && SURNAME_ROLES.has(l) && j > i && isPlainNameWord(tokens[j - 1]!)) continue;
      return {
        core: [],
        honorific: null,
        titled: true,
        role: tokens.slice(i).join(' '),
        gender: ROLE_GENDER.get(l) ?? (hon ? HONORIFICS.get(l)! : null),
        org: false,
        ofSomething: false,
      };
    }
    cut = k;
    if (hon) {
      honorific = l;
      gender = HONORIFICS.get(l) ?? null;
      // A title before the honorific still counts (`Attorney General Lord Goldsmith`).
      for (let t = i; t < j; t++) if (isRoleWord(tokens[t]!)) titled = true;
    } else {
      titled = true;
      gender = ROLE_GENDER.get(l) ?? null;
      if (k < n && HONORIFICS.has(lower(tokens[k]!))) {
        honorific = lower(tokens[k]!);
        gender = HONORIFICS.get(honorific) ?? gender;
        cut = k + 1;
      }
    }
    break;
  }
  const role = tokens.slice(i, cut).join(' ');
  let core = tokens.slice(cut);
  let ofSomething = false;
  // Places and connectors in front of the name (`Republic of China Ding Xuexiang`).
  for (;;) {
    const p = placeAt(core, 0);
    if (p && p < core.length) core = core.slice(p);
    else if (core.length > 1 && (CONNECTORS.has(core[0]!) || STOP.has(lower(core[0]!)))) core = core.slice(1);
    else break;
  }
  const of2 = core.indexOf('of');
  if (of2 > 0) {
    const left = core.slice(0, of2);
    let right = core.slice(of2 + 1);
    while (right.length && (CONNECTORS.has(right[0]!) || placeAt(right, 0))) {
      right = right.slice(Math.max(1, placeAt(right, 0)));
    }
    // `Analyst Deepak Raj of Merrill Lynch`: the name before `of`; `Republic of China Ding Xuexiang`: after.
    if ((cut > i || left.length >= 2) && left.every(isPlainNameWord)) {
      core = left;
      ofSomething = true;
    } else core = right.length ? right : left;
  }
  while (
    core.length > 1 &&
    (CONNECTORS.has(core[core.length - 1]!) || STOP.has(lower(core[core.length - 1]!)))
  ) {
    core.pop();
  }
  const org =
    core.some((w) => ORG.has(lower(w)) || TITLE_MODIFIERS.has(lower(w)) || !isNameLike(w)) ||
    (core.length > 0 && placeAt(core, 0) === core.length) ||
    (core.length > 0 && PLACES.has(lower(core[core.length - 1]!)));
  return { core, honorific, titled, role, gender, org, ofSomething };
}

function orgRun(tokens: string[]): RunInfo {
  return {
    core: tokens,
    honorific: null,
    titled: false,
    role: '',
    gender: null,
    org: true,
    ofSomething: false,
  };
}

/** A name word that is not also a title, role, organisation word, place or sentence opener. */
function isPlainNameWord(w: string): boolean {
  const l = lower(w);
  return (
    isNameWord(w) &&
    !ORG.has(l) &&
    !isRoleWord(w) &&
    !TITLE_MODIFIERS.has(l) &&
    !HONORIFICS.has(l) &&
    !STOP.has(l) &&
    !PLACES.has(l)
  );
}

function isNameLike(w: string): boolean {
  return isNameWord(w) || CONNECTORS.has(w);
}

// ---------------------------------------------------------------------------------------------------
// The people of one article

interface Person {
  /** The full name as the article gives it (`Kassym-Jomart Tokayev`, or `Lord Goldsmith`). */
  name: string;
  first: string;
  last: string;
  words: number;
  gender: 'm' | 'f' | null;
  /** Lowercased role phrases seen right before the name (`president of kazakhstan`, `housing minister`). */
  roles: string[];
  /** Whether something in the article shows this is a person (a title, a role, an honorific...). */
  evidence: boolean;
  /** Offset of the first mention. */
  pos: number;
}

/** A capitalised word, possibly with a possessive or an initial's period (`al-`: see {@link findRuns}). */
const CAP_WORD = /\p{Lu}[\p{L}\p{M}'’-]*\.?/gu;
/** Spaces and name particles between two words of one run (`Bank of England`, `Dominique de Villepin`). */
const RUN_GAP = /\s+(?:(?:of|the|de|van|von|der|den|da|di|du|del|della|la|le|bin|ibn|al|dos|das|y)\s+)*/y;

/**
 * Whether `text[from, to)` is a {@link RUN_GAP} (`to`: the start of a capitalised word or of its `al-`).
 * Read in place rather than from a copy, as it is asked between every two capitalised words; most gaps
 * start with punctuation or a letter and are settled by their first character. The gap is read one way only (the
 * particles are whole words followed by a space), and it cannot run on into the word at `to`, so the
 * expression ends exactly at `to` if and only if the whole gap matches it.
 */
function runGap(text: string, from: number, to: number): boolean {
  const c = text.charCodeAt(from);
  if (c < 128 && c !== 32 && (c < 9 || c > 13)) return false;
  RUN_GAP.lastIndex = from;
  return RUN_GAP.test(text) && RUN_GAP.lastIndex === to;
}

/** After a name: `, who`, `, of the ...`, `, 45,`, `, aged 30`. */
const APPOSITION = /^,\s+(?:who|of|aged|\d{1,3},)\s/;
/** After a name: `, a union official`, `, managing director of 3ami` (a role word within four words). */
function roleApposition(after: string): boolean {
  if (!after.startsWith(', ')) return false;
  const ws = after.slice(2).split(' ', 5);
  for (const raw of ws) {
    const w = raw.replace(/[,.;:]+$/, '');
    if (w && isRoleWord(w)) return true;
    if (w !== raw || !w) return false;
  }
  return false;
}

interface Run {
  start: number;
  end: number;
  tokens: string[];
}

/** Runs of capitalised words in `text`, between possessives and punctuation. */
function findRuns(text: string): Run[] {
  const runs: Run[] = [];
  let cur: Run | null = null;
  CAP_WORD.lastIndex = 0;
  for (let m = CAP_WORD.exec(text); m !== null; m = CAP_WORD.exec(text)) {
    let start = m.index;
    let w = m[0];
    const prev = start > 0 ? text.charCodeAt(start - 1) : 32;
    // Inside a word (`iPod`, `McDonald` is matched whole), except an Arabic article (`al-Assad`).
    if (prev !== 32 && prev !== 40 && prev !== 34 && !/[\s(["“]/.test(text[start - 1]!)) {
      const pre = /(?:^|[\s(])((?:al|el|bin|ibn|abu)-)$/.exec(text.slice(Math.max(0, start - 5), start));
      if (!pre) continue;
      start -= pre[1]!.length;
      w = pre[1]! + w;
    }
    let end = start + w.length;
    // A trailing period belongs to the word only for initials and honorifics (`W.`, `Mr.`).
    if (w.endsWith('.') && w.length > 2 && !ABBREVIATED_HONORIFICS.has(lower(w.slice(0, -1)))) {
      w = w.slice(0, -1);
      end--;
    }
    const lastCode = w.charCodeAt(w.length - 1);
    if (lastCode === 45 || lastCode === 39 || lastCode === 0x2019) w = w.replace(/[-'’]+$/, '');
    if (!w) continue;
    const joinable =
      cur !== null &&
      !isPossessive(cur.tokens[cur.tokens.length - 1]!) &&
      ((start === cur.end + 1 && text.charCodeAt(cur.end) === 32) || runGap(text, cur.end, start));
    if (cur && joinable) {
      if (start !== cur.end + 1) {
        const gap = text.slice(cur.end, start).trim();
        if (gap) cur.tokens.push(...gap.split(/\s+/));
      }
      cur.tokens.push(w);
      cur.end = end;
    } else {
      if (cur) runs.push(cur);
      cur = { start, end, tokens: [w] };
    }
  }
  if (cur) runs.push(cur);
  return runs;
}

/** The last few words before `at` (lowercase role words before a name: `housing minister`). */
function wordsBefore(text: string, at: number, max: number): string[] {
  const chunk = text.slice(Math.max(0, at - 80), at);
  const cut = Math.max(
    chunk.lastIndexOf(','),
    chunk.lastIndexOf('.'),
    chunk.lastIndexOf(';'),
    chunk.lastIndexOf('"'),
  );
  const ws = chunk
    .slice(cut + 1)
    .split(/\s+/)
    .filter(Boolean);
  return ws.slice(-max);
}

/** Whether the word right before `at` is a lowercase role word (`housing minister Cooper`). */
function roleWordBefore(text: string, at: number): boolean {
  let e = at;
  while (e > 0 && text[e - 1] === ' ') e--;
  let b = e;
  while (b > 0 && text[b - 1] !== ' ') b--;
  const w = text.slice(b, e);
  return w.length > 1 && /^\p{Ll}/u.test(w) && isRoleWord(w);
}

/** Roles that banks and firms fill in the wire (`lead manager Societe Generale said`): not people. */
const COMPANY_ROLE =
  /(?:\b(?:lead|co-lead|joint|book-running|co)[\s-]*managers?|financial advis[eo]rs?|\bpaying agents?)$/i;

/** The role phrase of lowercase words right before a name, ending with a role word (or ''). */
function rolePrefix(before: readonly string[]): string {
  if (!before.length || COMPANY_ROLE.test(before.join(' '))) return '';
  // `minister of sport Jaime Lissavetzky`, `secretary for work and pensions Alan Johnson`.
  const of = /(?:^|\s)(\p{Ll}+)\s+(?:of|for)\s+(?:the\s+)?[\p{Ll}\s]{2,30}$/u.exec(before.join(' '));
  if (of && isRoleWord(of[1]!)) return of[0].trim();
  const last = before[before.length - 1]!;
  if (!isRoleWord(stripPossessive(last)) || /\p{Lu}/u.test(last[0]!)) return '';
  let s = before.length - 1;
  while (
    s > 0 &&
    /^[\p{Ll}-]+$/u.test(before[s - 1]!) &&
    !DETERMINERS.has(before[s - 1]!) &&
    before.length - s < 4
  )
    s--;
  return before.slice(s).join(' ');
}

/** Whether a capitalised token of `run` is `word` once its possessive is stripped. */
function runHasWord(run: Run, word: string): boolean {
  for (const t of run.tokens) {
    // `startsWith` first: it is cheap and most tokens fail it; the strip only shortens a token.
    if (t.startsWith(word) && startsUpper(t) && stripPossessive(t) === word) return true;
  }
  return false;
}

/**
 * The people of one article, found lazily: a run of capitalised words is read (titles, honorifics,
 * evidence) only when a cue asks about one of its words. The runs are searched for the word when it is
 * first asked about rather than indexed by all their words up front: an article asks about a handful of
 * words, and indexing every capitalised word cost more than those searches.
 */
class People {
  private readonly runs: Run[];
  /** Runs already read. A plain array: a typed array costs an allocation outside the heap per article. */
  private readonly done: boolean[];
  /** Words already asked about: every run with one of them in it has been read. */
  private readonly asked = new Set<string>();
  private readonly list: Person[] = [];
  private readonly byName = new Map<string, Person>();
  private readonly byLast = new Map<string, Person[]>();
  private readonly byFirst = new Map<string, Person[]>();
  /** Surnames seen with an honorific, with its gender. */
  private readonly honorificSurnames = new Map<string, 'm' | 'f' | null>();
  /** Roles seen before a lone surname (`Chancellor Brown`), by surname. */
  private readonly surnameRoles = new Map<string, string[]>();
  private all = false;

  constructor(private readonly text: string) {
    this.runs = findRuns(text);
    this.done = new Array<boolean>(this.runs.length).fill(false);
  }

  /** Reads every run that has `word` in it, in text order (all runs when `word` is null). */
  private ensure(word: string | null): void {
    if (this.all) return;
    if (word !== null) {
      if (this.asked.has(word)) return;
      this.asked.add(word);
    }
    for (let r = 0; r < this.runs.length; r++) {
      if (this.done[r] || (word !== null && !runHasWord(this.runs[r]!, word))) continue;
      this.done[r] = true;
      this.read(this.runs[r]!);
    }
    if (word === null) this.all = true;
  }

  private read(run: Run): void {
    const { text } = this;
    // A lone capitalised word (most of them: sentence starts, places, companies) is not a name unless
    // a role word comes right before it (`housing minister Cooper`).
    if (run.tokens.length === 1 && !roleWordBefore(text, run.start)) return;
    const info = analyzeRun(run.tokens.map(stripPossessive));
    if (!info.core.length || info.org) return;
    const prefix = rolePrefix(wordsBefore(text, run.start, 6));
    if (info.core.length === 1) {
      const last = info.core[0]!;
      if (info.honorific) {
        if (!this.honorificSurnames.has(last) || info.gender) this.honorificSurnames.set(last, info.gender);
        if (PEERAGE.has(info.honorific))
          this.add(`${capital(info.honorific)} ${last}`, info, prefix, run, true);
      } else if (info.titled || prefix) {
        for (const r of [info.role, prefix]) if (r) push(this.surnameRoles, last, normRole(r));
      }
      return;
    }
    const evidence =
      info.titled ||
      info.honorific !== null ||
      prefix !== '' ||
      info.ofSomething ||
      APPOSITION.test(text.slice(run.end, run.end + 12)) ||
      roleApposition(text.slice(run.end, run.end + 60));
    this.add(info.core.join(' '), info, prefix, run, evidence);
  }

  private add(name: string, info: RunInfo, prefix: string, run: Run, evidence: boolean): void {
    let p = this.byName.get(name);
    if (!p) {
      const words = name.split(' ');
      p = {
        name,
        first: words[0]!,
        last: words[words.length - 1]!,
        words: words.length,
        gender: info.gender,
        roles: [],
        evidence,
        pos: run.start,
      };
      this.byName.set(name, p);
      this.list.push(p);
      push(this.byLast, p.last, p);
      push(this.byFirst, p.first, p);
    }
    p.evidence ||= evidence;
    p.gender ??= info.gender;
    p.pos = Math.min(p.pos, run.start);
    for (const r of [info.role, prefix]) {
      const n = normRole(r);
      if (n && !p.roles.includes(n)) p.roles.push(n);
    }
  }

  /** Evidence and gender from an honorific use of the surname (`Tony Blair` ... `Mr Blair`). */
  private settle(p: Person): Person {
    if (this.honorificSurnames.has(p.last)) {
      p.evidence = true;
      p.gender ??= this.honorificSurnames.get(p.last) ?? null;
    }
    return p;
  }

  /** The person with this full name, if the article shows them to be a person. */
  full(name: string): Person | undefined {
    const words = name.split(' ');
    this.ensure(stripPossessive(words[words.length - 1]!));
    const p = this.byName.get(name);
    return p && this.settle(p).evidence ? p : undefined;
  }

  /** The person a surname (or, after `Sir`, a given name) refers to at `pos`: the latest one named before. */
  short(word: string, pos: number, byFirst = false): Person | undefined {
    this.ensure(word);
    const cands = (byFirst ? this.byFirst : this.byLast)
      .get(word)
      ?.filter((p) => this.settle(p).evidence && p.words >= 2)
      .sort((a, b) => a.pos - b.pos);
    if (!cands?.length) return undefined;
    let best: Person | undefined;
    for (const p of cands) if (p.pos <= pos) best = p;
    return best ?? cands[0];
  }

  /**
   * Whether a person other than `who` is named in `[start, end)` outside quotes (`masked` shows what is
   * quoted), someone a `he` or `she` of that gender could also mean.
   */
  otherPersonIn(start: number, end: number, who: string, gender: 'm' | 'f', masked: string): boolean {
    let lo = 0;
    let hi = this.runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.runs[mid]!.start < start) lo = mid + 1;
      else hi = mid;
    }
    const whoLast = who.split(' ').pop()!;
    for (let r = lo; r < this.runs.length && this.runs[r]!.start < end; r++) {
      const run = this.runs[r]!;
      if (run.tokens.length < 2 || masked.charCodeAt(run.start) !== this.text.charCodeAt(run.start)) continue;
      const info = analyzeRun(run.tokens.map(stripPossessive));
      if (!info.core.length || info.org) continue;
      const last = stripPossessive(info.core[info.core.length - 1]!);
      if (last === whoLast) continue;
      let p: Person | undefined;
      if (info.core.length >= 2) p = this.full(info.core.join(' '));
      else if (info.honorific || info.titled) p = this.short(last, run.start);
      if (!p && !info.honorific && !info.titled) continue;
      const g = p?.gender ?? info.gender;
      if (g && g !== gender) continue;
      return true;
    }
    return false;
  }

  /** Whether a surname was used with an honorific somewhere in the article. */
  hasHonorific(last: string): boolean {
    this.ensure(last);
    return this.honorificSurnames.has(last);
  }

  /** The one person introduced with this role before `pos` (`president of kazakhstan`, `minister`). */
  byRole(phrase: string, pos: number): Person | undefined {
    this.ensure(null);
    let found: Person | undefined;
    for (const p of this.list) {
      if (p.pos > pos || p.words < 2 || !this.settle(p).evidence) continue;
      const roles = p.roles.concat(this.surnameRoles.get(p.last) ?? []);
      if (roles.some((r) => roleFits(r, phrase))) {
        if (found && found !== p) return undefined; // two people fit: do not guess
        found = p;
      }
    }
    return found;
  }
}

/** Words that make a different office of a role: a `deputy prime minister` is not `the prime minister`. */
const OTHER_OFFICE = wordSet('deputy vice shadow former ex acting assistant junior under co ex-foreign');

/** Whether a role a person was introduced with (`housing minister`) fits a later phrase (`minister`). */
function roleFits(role: string, phrase: string): boolean {
  if (role === phrase) return true;
  if (!role.endsWith(` ${phrase}`)) return false;
  const extra = role.slice(0, -phrase.length - 1).split(/[\s-]+/);
  return !extra.some((w) => OTHER_OFFICE.has(w));
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

function capital(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** A role phrase as compared: lowercase, no determiners, single spaces. */
function normRole(r: string): string {
  return r
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/\s+/)
    .filter((w) => w && !DETERMINERS.has(w))
    .join(' ');
}

// ---------------------------------------------------------------------------------------------------
// Subjects: who a phrase before (or after) a speech verb names

/** What a subject phrase refers to. */
type Ref =
  | { kind: 'person'; info: RunInfo; prefix: string }
  | { kind: 'pronoun'; gender: 'm' | 'f' }
  | { kind: 'role'; phrase: string; indefinite: boolean }
  | { kind: 'other' };

const OTHER: Ref = { kind: 'other' };

/** Words of a short phrase, with surrounding punctuation taken off. */
function phraseWords(s: string): string[] {
  return s
    .split(/\s+/)
    .map((w) => w.replace(/^[("'“‘[]+|[)"”\],;:.!?]+$/gu, '').replace(/(?<!s)['’]$/u, ''))
    .filter(Boolean);
}

/**
 * Reads a subject phrase that ends right before a speech verb: `Foreign Minister Dante Caputo`,
 * `Ms Cooper`, `he`, `President of Kazakhstan`, `the ministry`. Returns null when the phrase is not a
 * subject at all (`a spokesman for Mr Smith`, `which Crosbie`), so the verb is not a speech cue.
 */
function parseSubject(phrase: string): Ref | null {
  let ref = subjects.get(phrase);
  if (ref === undefined) {
    ref = readSubject(phrase);
    if (subjects.size >= MAX_SUBJECTS) subjects.clear();
    subjects.set(phrase, ref);
  }
  return ref;
}

/**
 * Subject phrases already read. Most repeat (`he`, `The company`, `analysts`: 60% of 80,000 in the test
 * archive), and reading one is a pure function of its words; the result is shared, never changed.
 */
const subjects = new Map<string, Ref | null>();
const MAX_SUBJECTS = 50_000;

function readSubject(phrase: string): Ref | null {
  let ws = phraseWords(phrase);
  while (ws.length && LEADING_CONJ.has(lower(ws[0]!))) ws = ws.slice(1);
  while (
    ws.length > 1 &&
    (SUBJECT_TAIL.has(lower(ws[ws.length - 1]!)) || /^\p{Ll}+ly$/u.test(ws[ws.length - 1]!))
  ) {
    ws = ws.slice(0, -1);
  }
  if (!ws.length || ws.length > 12) return null;
  if (ws.length === 1) {
    const g = PRONOUNS.get(lower(ws[0]!));
    if (g && (ws[0] === 'he' || ws[0] === 'she' || ws[0] === 'He' || ws[0] === 'She'))
      return { kind: 'pronoun', gender: g };
  }
  // `a spokesman for the unions`, `the chief executive of Texaco`: a role, whoever comes after it.
  if (DETERMINERS.has(lower(ws[0]!))) {
    for (let k = 1; k < Math.min(ws.length - 1, 4); k++) {
      if (isRoleWord(ws[k]!) && /^\p{Ll}/u.test(ws[k]!) && ROLE_PREPOSITIONS.has(ws[k + 1]!)) {
        return {
          kind: 'role',
          phrase: normRole(ws.slice(0, k + 1).join(' ')),
          indefinite: INDEFINITE.has(lower(ws[0]!)),
        };
      }
    }
  }
  // The trailing run of name words.
  let r = ws.length;
  while (r > 0) {
    const w = ws[r - 1]!;
    if (isNameWord(w) || (CONNECTORS.has(w) && r < ws.length) || HONORIFICS.has(lower(w.replace(/\.$/, ''))))
      r--;
    else break;
  }
  while (r < ws.length && CONNECTORS.has(ws[r]!)) r++;
  const run = ws.slice(r);
  const prefix = ws.slice(0, r);
  if (run.length && isPossessive(run[run.length - 1]!)) return OTHER;
  if (!run.length) {
    const last = lower(stripPossessive(ws[ws.length - 1]!));
    if (ROLE.has(last)) {
      return { kind: 'role', phrase: normRole(ws.join(' ')), indefinite: INDEFINITE.has(lower(ws[0]!)) };
    }
    return OTHER;
  }
  const info = analyzeRun(run);
  if (!info.core.length) {
    if (!info.titled) return OTHER;
    return {
      kind: 'role',
      phrase: normRole(ws.join(' ')),
      indefinite: prefix.length > 0 && INDEFINITE.has(lower(prefix[0]!)),
    };
  }
  if (info.org) return OTHER;
  // `The Boys Choir of Harlem`: a capitalised determiner opening the run, and no title or honorific.
  if (!prefix.length && DETERMINERS.has(lower(run[0]!)) && !info.titled && !info.honorific) return OTHER;
  if (prefix.length) {
    const last = prefix[prefix.length - 1]!;
    // `director general Kevin Hawkins`: a role word, possibly followed by title qualifiers.
    let r = prefix.length - 1;
    while (r > 0 && TITLE_MODIFIERS.has(lower(prefix[r]!)) && !isRoleWord(prefix[r]!)) r--;
    const roleBefore = isRoleWord(stripPossessive(prefix[r]!));
    const possessiveOnly =
      isPossessive(last) &&
      /^\p{Lu}/u.test(last) &&
      prefix.slice(0, -1).every((w) => DETERMINERS.has(lower(w)));
    const determinerOnly = prefix.every((w) => DETERMINERS.has(lower(w)) || TITLE_MODIFIERS.has(lower(w)));
    // A title in the run (`Chelyabinsk regional Deputy Governor Oleg Klimov`) allows qualifiers before it,
    // but not a phrase the name hangs from (`Sources close to Finance Minister X`).
    const titledPrefix = info.titled && prefix.length <= 4 && prefix.every(isModifierLike);
    if (prefix.length > 7 || !(roleBefore || possessiveOnly || determinerOnly || titledPrefix)) return null;
    // `the Statistics Bureau`, `the Birchfield Harrier`: a determiner before a bare name is not a person.
    if (determinerOnly && !roleBefore && !info.titled && !info.honorific) return OTHER;
    if (COMPANY_ROLE.test(prefix.join(' '))) return OTHER;
    // `a spokesman for Mr Smith`, `Sources close to X`: the name hangs from a preposition, unless the
    // preposition only qualifies a role (`spokeswoman for women Sandra Gidley`).
    const hangs = prefix.some(
      (w, k) =>
        /^(?:for|of|with|from|to|by|at|and|or|than|like|against)$/.test(w) &&
        !(k > 0 && isRoleWord(prefix[k - 1]!) && prefix.slice(k + 1).every((x) => /^\p{Ll}/u.test(x))),
    );
    if (hangs) return null;
  }
  return { kind: 'person', info, prefix: prefix.join(' ') };
}

/**
 * Reads a subject phrase that starts right after a verb or `according to`: `Ms Cooper.`,
 * `President of Kazakhstan Kassym-Jomart Tokayev during a meeting ...`, `the MPs.`, `him,`.
 */
function parseForward(s: string): Ref | null {
  const raw = s.slice(0, 200).split(/\s+/).filter(Boolean).slice(0, 14);
  const ws: string[] = [];
  let next = '';
  for (let i = 0; i < raw.length; i++) {
    const tok = raw[i]!;
    if (/^["“”(]/u.test(tok)) break;
    // A possessive (`the Special Advocates' main concern`): the phrase goes on past any name.
    if (/^\p{Lu}.*(?:['’]s|s['’])[,;:.!?]*$/u.test(tok)) return OTHER;
    const w = tok.replace(/[)"'”’\],;:.!?]+$/u, '');
    const ends =
      w !== tok && !/^\p{Lu}\.$/u.test(tok) && !ABBREVIATED_HONORIFICS.has(lower(tok.replace(/\.$/, '')));
    if (!w) break;
    const l = lower(w);
    // `According to him,`, `," said he.`; not `..., said she understood ...` (a new clause).
    if (!ws.length && PRONOUNS.has(l))
      return ends || i === raw.length - 1 ? { kind: 'pronoun', gender: PRONOUNS.get(l)! } : OTHER;
    if (
      /^\p{Ll}/u.test(w) &&
      !DETERMINERS.has(l) &&
      !CONNECTORS.has(w) &&
      !isRoleWord(w) &&
      !TITLE_MODIFIERS.has(l)
    ) {
      next = l;
      if (FORWARD_STOP.has(l)) break;
      // Lowercase words are kept only on the way to a role word (`housing minister`).
      let k = i + 1;
      let role = false;
      while (k < raw.length && k <= i + 3 && isModifierLike(raw[k - 1]!)) {
        const nxt = raw[k]!.replace(/[,;:.!?]+$/u, '');
        if (isRoleWord(nxt) && /^\p{Ll}/u.test(nxt)) {
          role = true;
          break;
        }
        if (!/^\p{Ll}/u.test(nxt)) break;
        k++;
      }
      if (!role) break;
    }
    ws.push(w);
    if (ends) break;
  }
  while (ws.length && CONNECTORS.has(ws[ws.length - 1]!)) ws.pop();
  if (!ws.length) return null;
  // `..., said Khan was being sent back`: the name is the subject of a clause that follows, not of `said`.
  if (next && (CLAUSE_VERBS.has(next) || /ed$/.test(next))) return OTHER;
  return parseSubject(ws.join(' '));
}

// ---------------------------------------------------------------------------------------------------
// Quote regions at character level

interface Mark {
  pos: number;
  kind: 'open' | 'close';
  /** An opener right after a sentence end (`... sites. "The result`): may continue an open quote. */
  afterEnd: boolean;
  /** An opener where a quote may begin (sentence start, after `:` `,` or a speech verb). */
  leadOk: boolean;
}

/** Longest quote accepted, in characters; past it an unclosed opener is taken as a stray mark. */
const MAX_QUOTE = 4000;

function quoteMarks(text: string): Mark[] {
  const marks: Mark[] = [];
  const re = /["“”]/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const i = m.index;
    const c = m[0];
    const prev = i > 0 ? text[i - 1]! : ' ';
    const next = i + 1 < text.length ? text[i + 1]! : ' ';
    let kind: 'open' | 'close' | null = null;
    if (c === '“') kind = 'open';
    else if (c === '”') kind = 'close';
    else {
      const prevGap = /[\s([{\u2014\u2013/-]/.test(prev) || i === 0;
      const nextGap = /\s/.test(next) || i + 1 === text.length;
      if (prevGap && !nextGap) kind = 'open';
      else if (!prevGap && (nextGap || /[.,;:!?)\]}\u2014\u2013-]/.test(next))) kind = 'close';
      // `... the football world. " England's players`: a closing mark typed after a space.
      else if (prevGap && nextGap && /[.,?!]\s$/.test(text.slice(Math.max(0, i - 2), i))) kind = 'close';
    }
    if (!kind) continue;
    let afterEnd = false;
    let leadOk = false;
    if (kind === 'open') {
      const before = text.slice(Math.max(0, i - 24), i);
      afterEnd = /[.?!…][)\]]?\s+$/.test(before);
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
interface Region {
  open: number;
  close: number;
}

/**
 * Pairs quote marks into regions. An opener after a sentence end inside an open quote continues it (the
 * BBC's reopened paragraphs); other openers inside nest. An opener never closed within
 * {@link MAX_QUOTE} characters is dropped as a stray mark and pairing restarts after it.
 */
function findRegions(text: string): Region[] {
  const marks = quoteMarks(text);
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

/** The text with every quoted passage blanked out (same length), so no name inside a quote is seen. */
function maskQuotes(text: string, regions: readonly Region[]): string {
  if (!regions.length) return text;
  const parts: string[] = [];
  let at = 0;
  for (const r of regions) {
    parts.push(text.slice(at, r.open + 1));
    parts.push('x'.repeat(r.close - r.open - 1));
    at = r.close;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------------
// Cues

/** A cue found: the reference and where it is (for resolving pronouns and roles in order). */
interface Cue {
  ref: Ref;
  at: number;
}

const ACCORDING = /\b[Aa]ccording to\s+/g;

/** Whether what follows a `c` verb introduces speech: `that`, a clause, or the end of the clause. */
function introducesSpeech(after: string): boolean {
  if (/^\s*(?:[,.;:]|$)/.test(after)) return true;
  const ws = phraseWords(after.slice(0, 120)).slice(0, 12);
  if (!ws.length) return true;
  if (VERB_PREPOSITIONS.has(lower(ws[0]!))) return false;
  return ws.some((w) => w === 'that' || CLAUSE_VERBS.has(lower(w)));
}

/**
 * The subject of the speech verb at `v` in `s` (a masked sentence or part of one): the phrase before it
 * back to a comma or quote mark; or, right after a comma, the phrase after it (`, said Ms Cooper`); or,
 * across an apposition, the name before it (`Andrew Ryder, of the ... Coalition, said`).
 */
function subjectOf(s: string, v: number, verb: string, flags: string): Ref | null {
  let b = v;
  while (b > 0 && !IS_SUBJECT_BOUNDARY[s.charCodeAt(b - 1)]) {
    // A subject is a few words: past that, the verb has none right before it.
    if (v - b > 160) return null;
    b--;
  }
  const seg = s.slice(b, v).trim();
  // The phrase is split into words only when its first word leaves the question open: most phrases are
  // settled by it (`seg` is trimmed, so its words are what `split(/\s+/)` gives).
  const space = seg.search(/\s/);
  const oneWord = seg !== '' && space < 0;
  // `X, an adviser to ..., has said`: only auxiliaries between the comma and the verb.
  const onlyAux =
    seg !== '' &&
    SUBJECT_TAIL.has(lower(oneWord ? seg : seg.slice(0, space))) &&
    seg.split(/\s+/).every((w) => SUBJECT_TAIL.has(lower(w)));
  // `X conceded ... but said`: a second verb of the sentence's subject.
  if (oneWord && (seg === 'and' || seg === 'but') && b > 0) {
    const ref = leadingSubject(s);
    return ref && ref.kind !== 'other' ? ref : null;
  }
  if (seg && !onlyAux) {
    if (/\s-\s/.test(seg)) return null;
    return parseSubject(seg);
  }
  // Nothing between the boundary and the verb.
  if (flags.includes('i') && (b === 0 || s[b - 1] === ',')) {
    const fwd = parseForward(s.slice(v + verb.length));
    if (fwd && fwd.kind !== 'other') return fwd;
  }
  if (b === 0 || s[b - 1] !== ',') return null;
  // Apposition: skip chunks that start in lowercase (`of the ...`, `a QC and ...`, `45`).
  let e = b - 1;
  for (let hops = 0; hops < 3 && e > 0; hops++) {
    let c = e;
    while (c > 0 && !/[,;:"“”()]/.test(s[c - 1]!)) c--;
    const chunk = s.slice(c, e).trim();
    if (!chunk) return null;
    if (/^[\p{Lu}]/u.test(chunk)) {
      const ref = parseSubject(chunk);
      if (ref && ref.kind === 'person') return ref;
      // `Andy Clarke, ERAA director of air transport, said`: a role phrase in capitals is an apposition too.
      if (!chunk.split(/\s+/).some((w) => /^\p{Ll}/u.test(w) && isRoleWord(w))) return null;
    }
    if (c === 0 || s[c - 1] !== ',') return null;
    e = c - 1;
  }
  return null;
}

/** First words of an opening adverbial that `leadingSubject` skips (`In a statement to Newsnight,`). */
const INTRO_OPENER = new RegExp(
  `^(?:[A-Z][a-z]*ly|${`In On At After Before During Speaking Last Earlier Later However Meanwhile But And
    Yesterday Today Separately Asked Writing Following Since With Under Despite For From Now Then Also Still
    Instead Elsewhere Overall Again`
    .split(/\s+/)
    .join('|')})\\b`,
);

/** Characters that end the phrase before a speech verb. */
const SUBJECT_BOUNDARY = ',;:"“”()—–';
/**
 * {@link SUBJECT_BOUNDARY} as a table by character code: the scan back from every speech verb looks at
 * up to 160 characters, and a table look-up is several times cheaper than a string search for each.
 */
const IS_SUBJECT_BOUNDARY = new Uint8Array(0x10000);
for (const c of SUBJECT_BOUNDARY) IS_SUBJECT_BOUNDARY[c.charCodeAt(0)] = 1;

/** The grammatical subject at the start of a masked sentence, if it is a person (or a pronoun). */
function leadingSubject(s: string): Ref | null {
  let body = s.slice(0, 240);
  // An opening adverbial (`On Monday,`, `In a statement to Newsnight,`) is skipped.
  const intro = /^([^,]{1,120}),\s+/.exec(body);
  if (intro && INTRO_OPENER.test(intro[1]!)) {
    body = body.slice(intro[0].length);
  }
  const ws = body.split(' ', 12);
  // Most sentences open with `The`, `In`, a number...: no person there.
  const w0 = ws[0] ?? '';
  const l0 = lower(w0);
  if (
    !PRONOUNS.has(l0) &&
    !DETERMINERS.has(l0) &&
    (!isNameWord(w0) || (STOP.has(l0) && !OPENING_ADVERBS.has(l0)))
  ) {
    return null;
  }
  // The subject ends before the first lowercase word that is not part of a role phrase.
  let i = 0;
  while (i < ws.length) {
    const w = ws[i]!.replace(/[,;:.!?]+$/u, '');
    const l = lower(w);
    const afterPossessive = i > 0 && isPossessive(ws[i - 1]!);
    if (
      /^\p{Ll}/u.test(w) &&
      !DETERMINERS.has(l) &&
      !CONNECTORS.has(w) &&
      !isRoleWord(w) &&
      !afterPossessive
    ) {
      // Lowercase words before a role word (`foreign affairs spokesman`) belong to the subject.
      let k = i + 1;
      let role = false;
      while (k < ws.length && k <= i + 3 && isModifierLike(ws[k - 1]!)) {
        const nxt = ws[k]!.replace(/[,;:.!?]+$/u, '');
        if (isRoleWord(nxt)) {
          role = true;
          break;
        }
        if (!/^\p{Ll}/u.test(nxt)) break;
        k++;
      }
      if (!role) break;
    }
    if (w !== ws[i]) {
      i++;
      break;
    }
    i++;
  }
  if (!i || i >= ws.length) return null;
  const verb = lower(ws[i]!.replace(/[,;:.!?]+$/u, ''));
  // `Attallah Shabazz, the daughter of ..., recalled`: a name, then an apposition.
  if (/,$/.test(ws[i - 1]!)) {
    const ref = parseSubject(ws.slice(0, i).join(' '));
    return ref?.kind === 'person' ? ref : null;
  }
  if (!/^\p{Ll}/u.test(verb) || /[;:]$/.test(ws[i - 1]!)) return null;
  const ref = parseSubject(ws.slice(0, i).join(' '));
  return ref && (ref.kind === 'person' || ref.kind === 'pronoun' || ref.kind === 'role') ? ref : null;
}

/** A lowercase word that may qualify a role (`foreign affairs spokesman`): not a verb or preposition. */
function isModifierLike(w: string): boolean {
  const l = lower(w);
  return !FORWARD_STOP.has(l) && !VERB_PREPOSITIONS.has(l) && !/(?:ly|ed)$/.test(l) && !/[,;:.!?]$/.test(w);
}

/** Whether a masked sentence has one of the {@link INTRODUCING_VERBS}. */
function hasIntroducingVerb(s: string): boolean {
  for (const w of s.split(/\s+/)) if (INTRODUCING_VERBS.has(w.replace(/[,;:.!?]+$/u, ''))) return true;
  return false;
}

/** Reported speech in a masked sentence: the first speech verb or `according to` with a subject. */
function reportedCue(s: string, offset: number): Cue | null {
  let best: Cue | null = null;
  // A plain substring search first: much cheaper than the expression, and few sentences have one.
  if (s.includes('ccording to')) {
    ACCORDING.lastIndex = 0;
    for (let m = ACCORDING.exec(s); m !== null; m = ACCORDING.exec(s)) {
      const ref = parseForward(s.slice(m.index + m[0].length));
      if (ref && ref.kind !== 'other') {
        best = { ref, at: offset + m.index };
        break;
      }
    }
  }
  VERB_RE.lastIndex = 0;
  for (let m = VERB_RE.exec(s); m !== null; m = VERB_RE.exec(s)) {
    if (best && best.at <= offset + m.index) break;
    const verb = m[0];
    const flags = VERBS.get(verb)!;
    if (flags.includes('t')) continue;
    let ref: Ref | null;
    if (flags.includes('p')) {
      if (verb !== 'saying' && verb !== 'adding') continue;
      if (!/,\s*$/.test(s.slice(0, m.index))) continue;
      ref = leadingSubject(s);
    } else {
      ref = subjectOf(s, m.index, verb, flags);
      if (!ref || ref.kind === 'other') continue;
      const after = s.slice(m.index + verb.length);
      if (flags.includes('c') && !introducesSpeech(after) && !/^\s+(?:[\p{Lu}]|the |a )/u.test(after))
        continue;
      if (flags.includes('c') && !introducesSpeech(after)) continue;
      if (verb === 'told' || verb === 'tells') {
        if (!/^\s+\S/.test(after) || /^\s+(?:to|by|of)\b/.test(after)) continue;
      }
    }
    if (!ref || ref.kind === 'other') continue;
    best = { ref, at: offset + m.index };
    break;
  }
  return best;
}

/** The cue after a direct quote (`," he said.`, `," said Ms Cooper.`, `," according to X.`). */
function tailCue(s: string, offset: number): Cue | null | 'none' {
  const t = s.replace(/^[\s,]+/, '');
  if (!t || /^[.!?]/.test(t)) return 'none';
  const acc = /^according to\s+/i.exec(t);
  if (acc) {
    const ref = parseForward(t.slice(acc[0].length));
    return ref ? { ref, at: offset } : null;
  }
  VERB_RE.lastIndex = 0;
  const m = VERB_RE.exec(t);
  if (!m || phraseWords(t.slice(0, m.index)).length > 8 || /[,;:]/.test(t.slice(0, m.index))) return 'none';
  const flags = VERBS.get(m[0])!;
  if (flags.includes('p')) return 'none';
  const seg = t.slice(0, m.index).trim();
  let ref: Ref | null;
  if (!seg) {
    if (!flags.includes('i')) return 'none';
    ref = parseForward(t.slice(m.index + m[0].length));
  } else ref = parseSubject(seg);
  if (!ref) return 'none';
  return { ref, at: offset + m.index };
}

/** The cue before a direct quote (`Ms Essex said: "`, `Andrew Ryder, of ..., said: "`, `..., warning: "`). */
function leadCue(s: string, sentence: string, offset: number): Cue | null | 'none' {
  if (!/\S/.test(s)) return 'none';
  let last: RegExpExecArray | null = null;
  VERB_RE.lastIndex = 0;
  for (let m = VERB_RE.exec(s); m !== null; m = VERB_RE.exec(s)) last = m;
  if (last) {
    const after = s.slice(last.index + last[0].length);
    const flags = VERBS.get(last[0])!;
    if (
      phraseWords(after).length <= 8 &&
      /^[^,:;]*[,:]?\s*$/.test(after) &&
      !/\b(?:that|if|whether)\s*$/.test(after)
    ) {
      if (flags.includes('p')) {
        // `X insisted there was no plan, saying: "`, `Mr Houston was quoted saying: "`.
        const ref = leadingSubject(sentence);
        return ref ? { ref, at: offset + last.index } : null;
      }
      const ref = subjectOf(s, last.index, last[0], flags);
      if (ref) return { ref, at: offset + last.index };
      // `EC spokeswoman X conceded there were "..." but said "..."`: a cue earlier in the lead.
      const earlier = reportedCue(s, offset);
      return earlier ?? null;
    }
  }
  // `According to Mr X, "..."`.
  const acc = /\b[Aa]ccording to\s+([^,]+),\s*$/.exec(s);
  if (acc) {
    const ref = parseForward(acc[1]!);
    if (ref) return { ref, at: offset + acc.index };
  }
  // `Dole said that while the bill is not perfect, "I still believe ..."`: reported speech leading in.
  return reportedCue(s, offset) ?? 'none';
}

// ---------------------------------------------------------------------------------------------------
// Extraction

/** A resolved speaker: a person of the article's table, or a name found only in one place. */
interface Who {
  person: Person | string;
  gender: 'm' | 'f' | null;
}

const BLOCKED = Symbol('blocked');

/** `she said` about someone of unknown gender tells it, for the pronouns after. */
function pronounTo(t: Who, gender: 'm' | 'f'): Who {
  if (typeof t.person !== 'string') t.person.gender ??= gender;
  return { person: t.person, gender };
}

/** How many sentences back a pronoun may reach for the last speaker or subject. */
const PRONOUN_REACH = 6;

function nameOf(p: Person | string): string {
  return typeof p === 'string' ? p : p.name;
}

/** Index of the sentence containing offset `pos` (or the first one after it); -1 past the end. */
function sentenceAt(sentences: readonly Sentence[], pos: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sentences[mid]!.end > pos) {
      ans = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return ans;
}

/** An unresolved cue naming a human (`a spokesman`, `he` with no antecedent) hides earlier people. */
function blocks(ref: Ref | undefined): boolean {
  return ref?.kind === 'pronoun' || ref?.kind === 'role';
}

/**
 * What {@link extractQuotes} knows of one article as it goes through the sentences: who each sentence
 * is about, for pronouns, and the article's people. A class rather than closures inside
 * `extractQuotes`: tsx compiles with esbuild's `keepNames`, which defines the `name` of every named
 * closure each time it is created, and for these few closures per article that took some 7% of a
 * profiled pass over the archive.
 */
class Speakers {
  /**
   * Who each sentence is about, for pronouns: the speaker of a quote, BLOCKED after a quote by someone
   * unnamed (`a spokesman said`), else its subject, worked out only when a pronoun asks (most never do).
   */
  readonly topics: (Who | null | typeof BLOCKED | undefined)[];
  /** Whether someone speaks in each sentence (as opposed to being its subject). */
  readonly spoke: boolean[];
  /** Built on first use: an article without any speech cue never needs it. */
  private peopleCache: People | null = null;

  constructor(
    private readonly text: string,
    private readonly masked: string,
    private readonly sents: readonly Sentence[],
  ) {
    this.topics = new Array(sents.length);
    this.spoke = new Array(sents.length).fill(false);
  }

  people(): People {
    this.peopleCache ??= new People(this.text);
    return this.peopleCache;
  }

  topicAt(j: number): Who | null | typeof BLOCKED {
    const { topics, sents, masked } = this;
    let t = topics[j];
    if (t === undefined) {
      topics[j] = null; // while resolving below
      const sentence = masked.slice(sents[j]!.start, sents[j]!.end);
      const subj = leadingSubject(sentence);
      t = subj ? this.resolve(subj, sents[j]!.start, j) : null;
      // `Davis made his acting debut ...`: the subject's own pronoun tells a gender.
      if (t && subj?.kind === 'person' && typeof t.person !== 'string' && !t.person.gender) {
        const m = /\b(?:he|his|him|himself)\b/i.test(sentence);
        const f = /\b(?:she|her|hers|herself)\b/i.test(sentence);
        if (m !== f) t.person.gender = m ? 'm' : 'f';
      }
      // `A spokesman for ... said ...`, `His sister Rachel made ...`: a person we cannot name is who a
      // following `she` most likely means.
      if (!t && (subj?.kind === 'role' || subj?.kind === 'person')) t = BLOCKED;
      // A pronoun subject (`He frequently collaborated ...`) is not a new topic, but it tells a gender.
      if (t && t !== BLOCKED && subj?.kind === 'pronoun') t = null;
      topics[j] = t;
    }
    return t;
  }

  /** `quoted`: the words of the direct quote the cue belongs to, if any. */
  resolve(ref: Ref, at: number, sentence: number, quoted = ''): Who | null {
    switch (ref.kind) {
      case 'pronoun': {
        // The most recent person who spoke or was a subject. When that person only was a subject and
        // someone else spoke just before (`Yeutter said ... President Reagan has threatened ...
        // "He took these steps ...," he said.`), `he` could be either: leave it out. So too when another
        // person of that gender is named after them (`Spain's minister of sport Jaime Lissavetzky ...`).
        const found = this.pronounCandidate(ref, sentence, quoted);
        if (!found) return null;
        const [t, j] = found;
        // Only where a subject stands: the opening words of each sentence in between.
        for (let k = j + 1; k < sentence; k++) {
          const { start, end } = this.sents[k]!;
          if (
            this.people().otherPersonIn(
              start,
              Math.min(end, start + 60),
              nameOf(t.person),
              ref.gender,
              this.masked,
            )
          ) {
            return null;
          }
        }
        return t;
      }
      case 'role': {
        if (ref.indefinite) return null;
        const p = this.people().byRole(ref.phrase, at);
        return p ? { person: p, gender: p.gender } : null;
      }
      case 'person':
        return resolvePerson(ref, at, this.people());
      default:
        return null;
    }
  }

  /** The person a pronoun in sentence `sentence` refers to, and the sentence they were found in. */
  private pronounCandidate(
    ref: Extract<Ref, { kind: 'pronoun' }>,
    sentence: number,
    quoted: string,
  ): [Who, number] | null {
    const { spoke } = this;
    // A quote that itself speaks of a `he` (`"He took these steps ...," he said.`) is about someone
    // else of that gender: most likely the subject just named, so not by them.
    const aboutOther = (ref.gender === 'm' ? /\b(?:he|him|his)\b/i : /\b(?:she|her|hers)\b/i).test(quoted);
    let subject: [Who, number] | null = null;
    for (let j = sentence - 1; j >= 0 && sentence - j <= PRONOUN_REACH; j--) {
      const t = this.topicAt(j);
      if (t === BLOCKED) break;
      if (!t) continue;
      const known = typeof t.person === 'string' ? t.gender : (t.person.gender ?? t.gender);
      if (known && known !== ref.gender) continue;
      if (subject) {
        if (!spoke[j]) continue;
        const same = nameOf(t.person) === nameOf(subject[0].person);
        if (same || (quoted && !aboutOther && subject[1] === sentence - 1)) {
          return [pronounTo(subject[0], ref.gender), subject[1]];
        }
        return null;
      }
      if (!spoke[j]) {
        subject = [t, j];
        continue;
      }
      return [pronounTo(t, ref.gender), j];
    }
    return subject ? [pronounTo(subject[0], ref.gender), subject[1]] : null;
  }
}

interface Group {
  first: number;
  last: number;
  regions: Region[];
}

/**
 * Every quote in an article, in text order. `sentences` are the article's sentences (spans of text).
 *
 * Direct quotes are found from quote marks first and cover whole sentences, with the attribution when it
 * sits in the same sentence (`"... in all areas," he said.`); a quote continued over several sentences or
 * reopened paragraphs is one quote. Reported speech is one sentence each. A quote whose speaker cannot
 * be named with confidence (an organisation, an unnamed official, an unresolved pronoun) is left out.
 * Never throws; spans never overlap.
 */
export function extractQuotes(text: string, sentences: readonly Sentence[]): Quote[] {
  const sents = sentences.filter((s) => s.start >= 0 && s.end <= text.length && s.end > s.start);
  if (!sents.length) return [];
  const regions = findRegions(text);
  const masked = maskQuotes(text, regions);
  const st = new Speakers(text, masked, sents);
  const { topics, spoke } = st;
  const out: Quote[] = [];

  // Direct-quote regions → groups of whole sentences.
  const groups: Group[] = [];
  for (const r of regions) {
    const first = sentenceAt(sents, r.open);
    const last = sentenceAt(sents, r.close);
    if (first < 0 || last < 0 || last < first) continue;
    if (first === last && !isDirect(masked, text, sents[first]!, r)) continue;
    const prev = groups[groups.length - 1];
    if (prev && first <= prev.last) {
      prev.last = Math.max(prev.last, last);
      prev.regions.push(r);
    } else groups.push({ first, last, regions: [r] });
  }

  let g = 0;
  let prevDirect: { last: number; who: Who | null } | null = null;
  for (let i = 0; i < sents.length; i++) {
    const group = groups[g];
    if (group && group.first === i) {
      g++;
      let last = group.last;
      let cue: Cue | null | 'none' = 'none';
      for (const [ri, r] of group.regions.entries()) {
        const sEnd = sents[sentenceAt(sents, r.close)]!.end;
        const nextR = group.regions[ri + 1];
        const tailEnd = nextR && nextR.open < sEnd ? nextR.open : sEnd;
        cue = tailCue(masked.slice(r.close + 1, tailEnd), r.close + 1);
        if (cue !== 'none') break;
        const prevR = group.regions[ri - 1];
        const sStart = sents[sentenceAt(sents, r.open)]!.start;
        const leadStart = prevR && prevR.close > sStart ? prevR.close + 1 : sStart;
        cue = leadCue(masked.slice(leadStart, r.open), masked.slice(sStart, r.open), leadStart);
        if (cue !== 'none') break;
      }
      // `"Why?" Mr Smith asked.`: a cue split off into a short sentence of its own.
      const lastR = group.regions[group.regions.length - 1]!;
      if (
        cue === 'none' &&
        last + 1 < sents.length &&
        /^["”\s]*$/.test(masked.slice(lastR.close + 1, sents[last]!.end)) &&
        groups[g]?.first !== last + 1
      ) {
        const nxt = sents[last + 1]!;
        const ns = masked.slice(nxt.start, nxt.end);
        if (ns.length <= 90 && !/["“”]/.test(ns) && ns.trim().split(/\s+/).length <= 9) {
          const c = tailCue(ns, nxt.start);
          if (c !== 'none' && c !== null) {
            cue = c;
            last++;
          }
        }
      }
      let who: Who | null = null;
      // Only a quote that opens its sentence goes on from what came before: in `..., with a statement
      // reading: "..."` the words before the quote name another source.
      const opensSentence = !/\S/.test(masked.slice(sents[i]!.start, group.regions[0]!.open));
      if (cue !== 'none') {
        const quoted = group.regions.map((r) => text.slice(r.open + 1, r.close)).join(' ');
        who = cue ? st.resolve(cue.ref, cue.at, i, quoted) : null;
      } else if (!opensSentence) {
        who = null;
      } else if (prevDirect && prevDirect.last === i - 1) {
        // A quote straight after another one, with no cue of its own, goes on with the same speaker.
        who = prevDirect.who;
      } else if (i > 0) {
        // A quote straight after a sentence in which a person speaks, argues, calls... is theirs.
        const t = st.topicAt(i - 1);
        if (
          t &&
          t !== BLOCKED &&
          (spoke[i - 1] || hasIntroducingVerb(masked.slice(sents[i - 1]!.start, sents[i - 1]!.end)))
        ) {
          who = t;
        }
      }
      if (who) {
        out.push({
          kind: 'direct',
          span: { start: sents[i]!.start, end: sents[last]!.end },
          speaker: nameOf(who.person),
        });
      }
      const topic = who ?? (cue !== 'none' && cue && blocks(cue.ref) ? BLOCKED : null);
      for (let j = i; j <= last; j++) {
        topics[j] = topic;
        spoke[j] = who !== null;
      }
      prevDirect = { last, who };
      i = last;
      continue;
    }
    while (groups[g] && groups[g]!.first < i) g++;
    const sent = sents[i]!;
    const cue = reportedCue(masked.slice(sent.start, sent.end), sent.start);
    if (!cue) continue; // its topic is worked out when needed
    const who = st.resolve(cue.ref, cue.at, i);
    if (who) {
      out.push({ kind: 'reported', span: { start: sent.start, end: sent.end }, speaker: nameOf(who.person) });
      topics[i] = who;
      spoke[i] = true;
    } else if (blocks(cue.ref)) topics[i] = BLOCKED;
  }
  return out;
}

/** Whether a quote inside one sentence is a direct quote rather than a quoted phrase (`the "results"`). */
function isDirect(masked: string, text: string, sentence: Sentence, r: Region): boolean {
  const lead = masked.slice(sentence.start, r.open).trim();
  const inner = text.slice(r.open + 1, r.close).trim();
  const tail = masked.slice(r.close + 1, sentence.end).trim();
  if (!lead) return true;
  if (/[:]$/.test(lead)) return true;
  if (/,$/.test(lead) && (inner.split(/\s+/).length >= 4 || /[.,?!]$/.test(inner))) return true;
  if (/\b(?:said|says|added|asked|replied|wrote|declared)$/.test(lead)) return true;
  if (/[,.?!]$/.test(inner) && tail && !/^[.?!]/.test(tail) && inner.split(/\s+/).length >= 3) {
    const cue = tailCue(tail, 0);
    return cue !== 'none';
  }
  return false;
}

/** The speaker named by a person reference at `at`, or null when it is not shown to be a person. */
function resolvePerson(
  ref: Extract<Ref, { kind: 'person' }>,
  at: number,
  people: People,
): { person: Person | string; gender: 'm' | 'f' | null } | null {
  const { info } = ref;
  const gender = info.gender;
  if (info.core.length >= 2) {
    const name = info.core.join(' ');
    const p = people.full(name);
    if (p) return { person: p, gender: p.gender ?? gender };
    if (info.titled || info.honorific || ref.prefix || info.ofSomething) return { person: name, gender };
    // Only the first and last words matched a known person (`George Bush` for `George W. Bush`).
    return null;
  }
  const word = info.core[0]!;
  if (info.honorific && GIVEN_NAME_HONORIFICS.has(info.honorific)) {
    const p = people.short(word, at, true) ?? people.short(word, at);
    if (p) return { person: p, gender: p.gender ?? gender };
  }
  const p = people.short(word, at);
  if (p) return { person: p, gender: p.gender ?? gender };
  if (info.honorific) {
    return { person: PEERAGE.has(info.honorific) ? `${capital(info.honorific)} ${word}` : word, gender };
  }
  if (info.titled || people.hasHonorific(word)) return { person: word, gender };
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Matching a user's query against a speaker

/** Lowercase, accents off, apostrophes off (`O'Brien` = `obrien`), possessive `'s` off. */
function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(/['’]/g, '');
}

/** A name as parts: each part the words of one space-separated token (`kassym-jomart` → two words). */
function nameParts(s: string): string[][] {
  return fold(s)
    .split(/[^\p{L}\p{N}-]+/u)
    .map((t) => t.split('-').filter(Boolean))
    .filter((t) => t.length > 0);
}

/** The folded words of a name (`Kassym-Jomart Tokayev` → `kassym`, `jomart`, `tokayev`): for lookups. */
export function nameWords(s: string): string[] {
  return nameParts(s).flat();
}

/**
 * Does a user's query name this speaker? Surname, full name, or any contiguous part of the name, case-
 * and accent-insensitive, hyphens and spaces equivalent (`tokayev`, `kassym-jomart tokayev`, `Kassym
 * Jomart Tokayev`). A single given name alone (`david`) does not match.
 *
 * The query's words must appear as consecutive words of the name. A query of one word must not be the
 * given name, i.e. it must not come from the name's first token (`kassym`, `jomart` do not match
 * `Kassym-Jomart Tokayev`), unless the speaker is known by one name only (`Subroto`). Honorifics in
 * the query (`Mr Blair`) and titles kept in the speaker (`Lord Goldsmith`) are not name words, so `lord`
 * alone matches nobody.
 */
export function speakerMatches(query: string, speaker: string): boolean {
  const dropTitles = (parts: string[][]): string[][] => {
    let s = 0;
    while (s < parts.length - 1 && parts[s]!.length === 1 && HONORIFICS.has(parts[s]![0]!)) s++;
    return parts.slice(s);
  };
  const q = dropTitles(nameParts(query)).flat();
  const sp = dropTitles(nameParts(speaker));
  const words = sp.flat();
  if (!q.length || !words.length || q.length > words.length) return false;
  if (q.length === 1 && sp.length > 1) {
    const given = new Set(sp[0]);
    return words.some((w, i) => w === q[0] && i >= sp[0]!.length && !given.has(w));
  }
  for (let i = 0; i + q.length <= words.length; i++) {
    let ok = true;
    for (let j = 0; j < q.length && ok; j++) ok = words[i + j] === q[j];
    if (ok) return true;
  }
  return false;
}
