/**
 * Word lists of the quote extractor, all lowercase: honorifics, roles and titles, organisation and
 * sentence-opening words, speech verbs and how each may be used, and the places stripped from names.
 */

export const wordSet = (s: string): ReadonlySet<string> => new Set(s.trim().split(/\s+/));

/** Honorifics, with the gender they imply (`null`: none). */
export const HONORIFICS: ReadonlyMap<string, 'm' | 'f' | null> = new Map([
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
export const ABBREVIATED_HONORIFICS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'rev', 'mme', 'mlle']);

/**
 * Honorifics and titles written with a period before a name (`Mr.`, `Sen.`, `Gov.`, `Lt.`): the period
 * belongs to the word, so `Sen. Chris Murphy` is one run and the title is read as a title.
 */
export const ABBREVIATED_TITLES: ReadonlySet<string> = new Set([
  ...ABBREVIATED_HONORIFICS,
  ...'sen rep gov gen col capt lt sgt adm cmdr supt insp det maj cpl pres amb atty supt'.split(' '),
]);

/**
 * Peerage titles. A peer known only as `Lord Goldsmith` keeps the title in the speaker name: it is how
 * the article names him, and `Goldsmith` alone would be a different, unknown person.
 */
export const PEERAGE = wordSet('lord lady baroness baron');

/** `Sir Menzies` and `Dame Judi` use the given name: look it up as a first name. */
export const GIVEN_NAME_HONORIFICS = wordSet('sir dame');

/**
 * Words that name a role or office. Before a name (`housing minister Yvette Cooper`, `Foreign Minister
 * Dante Caputo`) they are evidence that the name is a person's; alone (`the minister said`) they refer
 * back to a person introduced with that role.
 */
export const ROLE = wordSet(`
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
export const SURNAME_ROLES = wordSet(
  'king major bishop judge dean marshal cardinal prince pope general chancellor',
);

/** Role words that imply a gender. */
export const ROLE_GENDER: ReadonlyMap<string, 'm' | 'f'> = new Map([
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
export const TITLE_MODIFIERS = wordSet(`
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
export const STOP = wordSet(`
  the a an in on at but and as if when while after before since for from to with by of under over during
  speaking according last next this that these those it he she they we i you his her their its our my your
  meanwhile however earlier later yesterday today tonight tomorrow also then now still yet so although
  though because despite following asked writing there here what why how where who whom which both each
  every all some many most other another no not one two three mr. mrs. ms. dr. monday tuesday wednesday
  thursday friday saturday sunday january february march april may june july august september october
  november december jan feb mar apr jun jul aug sep sept oct nov dec christmas easter new thanks
  according instead nevertheless indeed besides further furthermore moreover only even just afterwards
  again behind given had like unlike neither nor once should together whereas yes several perhaps
`);

/**
 * Words that make a capitalised run an organisation, a party, a place or a work rather than a person
 * (`Downing Street`, `Texaco Inc`, `Bank of England`, `Liberal Democrats`).
 */
export const ORG = wordSet(`
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
  treaty act plan report programme program project initiative forum summit conference show series
  album book novel website web internet online microsoft google apple yahoo sony nokia intel ibm motors
  fund funds index gate wall unit units division metals processors products brands motor associates
  centers centres research brokers institutional bureau revenue communities watch bhd sdn pty oy spa srl kk nl
`);

/**
 * Leading words of a subject that are not part of it (`As Tokayev noted`, `But Mr Smith said`). Not
 * `before`, `after`, `when`, `if`: in `..., before he announced he would stand down` the sentence is not
 * his words.
 */
export const LEADING_CONJ = wordSet(`
  as but and while although though so yet however meanwhile also then now whereas indeed instead still where
`);

/** Words between a subject and its verb that do not change who speaks (`Mr Davis has also said`). */
export const SUBJECT_TAIL = wordSet(`
  has have had also later earlier previously then now yesterday today again recently repeatedly further
  once himself herself separately publicly privately originally initially subsequently still already always
  never even only just simply reportedly last night this morning week
`);

/** Words that may open a sentence before its subject without a comma (`Earlier Tory leader X sent`). */
export const OPENING_ADVERBS = wordSet(
  'earlier later meanwhile yesterday today also but and separately however then now still',
);

/** Prepositions after a role word that attach it to someone else (`a spokesman for Mr Smith`). */
export const ROLE_PREPOSITIONS = wordSet('for at of with from to');

/** Determiners before a role (`the minister`); `a`/`an` mark someone not named before. */
export const DETERMINERS = wordSet('the a an his her its their our this that one another');
export const INDEFINITE = wordSet('a an one another');

/** Words that end a subject read forward (`said President ... Tokayev during a meeting`). */
export const FORWARD_STOP = wordSet(`
  during on in at who which that when after before with as to and but while for from yesterday today last
  this told adding saying referring speaking writing quoted cited by via over under about than whose where
  according has had have is was would will could should
`);

/** Finite verbs and auxiliaries that show a clause follows a speech verb without `that`. */
export const CLAUSE_VERBS = wordSet(`
  is was were are be would will could should had has have did does do can may might must need needs
  needed remained remains became becomes won't wouldn't couldn't didn't doesn't don't isn't wasn't aren't
  weren't hadn't hasn't haven't can't cannot shouldn't
`);

/** Prepositions right after a speech verb that show it is not introducing speech (`warned of`). */
export const VERB_PREPOSITIONS = wordSet(
  'to on of about against for with in at from into over up out off by',
);

export const PRONOUNS: ReadonlyMap<string, 'm' | 'f'> = new Map([
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
export const VERBS: ReadonlyMap<string, string> = (() => {
  const forms: Readonly<Record<string, string>> = {
    ri: 'said says',
    r: 'told tells',
    rci: `added adds noted notes stressed stresses argued argues warned warns explained explains insisted
      insists claimed claims admitted admits acknowledged acknowledges conceded concedes declared declares
      observed observes suggested suggests emphasised emphasises emphasized emphasizes stated states wrote
      writes recalled recalls concluded concludes cautioned cautions tweeted tweets agreed agrees
      complained complains lamented laments boasted boasts testified testifies remarked remarks contended
      contends asserted asserts recounted recounts proclaimed proclaims pointed_out points_out`,
    rc: `reminded reminds predicted predicts maintained maintains reiterated reiterates confirmed confirms
      announced announces`,
    ti: `continued continues asked asks replied replies responded responds commented comments answered
      answers joked jokes quipped quips went_on goes_on countered counters retorted retorts shouted
      shouts yelled yells exclaimed exclaims mused muses wondered wonders reflected reflects offered
      offers fired_back fires_back shot_back shoots_back chimed_in chimes_in`,
    p: `saying adding warning arguing insisting noting stressing explaining claiming declaring writing
      stating telling`,
  };
  const m = new Map<string, string>();
  for (const [flags, list] of Object.entries(forms))
    for (const f of list.trim().split(/\s+/)) m.set(f.replace('_', ' '), flags);
  return m;
})(); /** ASCII word boundaries, not Unicode look-arounds: twice as fast over the archive; the verbs are ASCII. */
export const VERB_RE = new RegExp(`\\b${trieSource([...VERBS.keys()])}\\b`, 'g');

/**
 * A regular expression source that matches exactly the given words, as a trie (`sa(?:id|ys|ying)`):
 * the engine tries one branch per letter instead of every word at every position of the text.
 */
export function trieSource(words: readonly string[]): string {
  const literal = (c: string): string => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const build = (list: readonly string[]): string => {
    const byFirst = new Map<string, string[]>();
    let end = false;
    for (const w of list) {
      if (!w) end = true;
      else {
        const rest = byFirst.get(w[0]!) ?? [];
        rest.push(w.slice(1));
        byFirst.set(w[0]!, rest);
      }
    }
    const branches = [...byFirst].map(([c, rest]) => literal(c) + build(rest));
    if (!branches.length) return '';
    const alt = branches.length === 1 && !end ? branches[0]! : `(?:${branches.join('|')})`;
    return end ? `${alt}?` : alt;
  };
  return build(words);
}

/** Words of {@link ORG} that are also common surnames (`Marty West`, `Arsenio Hall`, `Tyra Banks`). */
export const SURNAME_ORG = wordSet('west north south east hall park banks bridge castle house street court');

/** The name particles: lowercase words inside names (`Dominique de Villepin`, `Bank of England`). */
export const PARTICLES = wordSet('of the de van von der den da di du del della la le bin ibn al dos das y');

/** The particles that can open a surname (`De Croo`, `Van Gaal`): capitalised, never a given name (unlike `Al`, `Di`). */
export const SURNAME_PARTICLES = wordSet('de van von der den da du del della la le dos das');

/** Roles that banks and firms fill in the wire (`lead manager Societe Generale said`): not people. */
export const COMPANY_ROLE =
  /(?:\b(?:lead|co-lead|joint|sole|book-running|co)[\s-]*managers?|financial advis[eo]rs?|\bpaying agents?)$/i;

/** Words that make a different office of a role: a `deputy prime minister` is not `the prime minister`. */
export const OTHER_OFFICE = wordSet(
  'deputy vice shadow former ex acting assistant junior under co ex-foreign',
);
