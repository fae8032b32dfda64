/**
 * Quotes: who said what in an article, as spans of whole sentences ({@link extractQuotes}), and the
 * name matching behind `/quote P` ({@link speakerMatches}). One module per stage, in the order the work
 * is done.
 *
 * The approach, in the order the work is done for one article:
 * 1. **Quote regions at character level**, before any sentence grouping, so that a quote of several
 *    sentences stays one unit. Straight `"` are told apart as openers or closers by what surrounds them;
 *    curly `“ ”` are unambiguous; the New York Times' doubled apostrophes (`''`) read as `"`; a single
 *    apostrophe is never a quote mark (headline scare quotes such as `Councils 'must find Gypsy sites'`
 *    must not become quotes). A quoted paragraph that goes on into the next one reopens with `"` without
 *    closing: an opener at a paragraph start, or right after a sentence end (the BBC lost its paragraph
 *    breaks), inside an open quote continues the quote. An opener that is never closed is
 *    treated as a stray mark, so one bad mark cannot swallow the rest of the article.
 * 2. **A masked copy of the text** in which everything inside quote marks is blanked out. All the
 *    attribution logic reads the masked copy, so a name inside the quoted words (`Xi Jinping` in
 *    Tokayev's quote) can never be taken for a speaker; party tags (`(D-Nev.)`) are blanked too.
 * 3. **A table of the article's people**: runs of capitalised words with titles (`President of
 *    Kazakhstan`), honorifics (`Ms`, `Lord`), places, descriptors (`Developer Donald Trump`) and
 *    organisation words stripped, kept with some evidence that they are people (a title or role word
 *    before them, an apposition after them, the surname used with an honorific elsewhere, a given name);
 *    firms' names (`Eli Lilly and Co`) never. Short forms (`Ms Cooper`, `Tokayev`) resolve to the first
 *    person the article introduced with that surname, of the honorific's gender; roles (`President of
 *    Kazakhstan`, `the minister`) to the one person introduced with them.
 * 4. **Sentences in text order**: quote regions become groups of whole sentences (direct quotes), whose
 *    speaker comes from a cue after the quote (`," he said.`, `," said Ms Cooper.`), before it
 *    (`Ms Essex said: "`, `..., warning: "`), or, for a quote that opens its sentence without a cue,
 *    from the quote just before (a continuation) or from the person the sentence just before is about
 *    (`Menzies Campbell repeated his party's calls ... "The public interest"`). Other sentences are
 *    searched for reported speech (`X said ...`, `..., X said.`, `According to X, ...`) and for a few
 *    words quoted inside a sentence about their speaker (`X pledged to "..."`).
 *    Pronouns resolve to the most recent person who spoke or was the subject of a sentence, gender
 *    permitting (a given name's usual gender only as a hint), within a few sentences; not past an unnamed
 *    speaker (`a spokesman said`), and not when a mere subject and a different recent speaker compete for
 *    the same `he`.
 *
 * Precision over recall throughout: an organisation, a place, an unnamed official, an ambiguous role or
 * an unresolved pronoun leaves the quote out rather than guessing.
 *
 * Modules, in that order: `words` (the word lists), `marks` (1, 2), `names` and `people` (3), `subjects`,
 * `cues`, `speakers` and `extract` (4); `match` is the query side. Cost: a handful of regular-expression
 * scans per article plus short string work at each speech verb and at the capitalised runs a cue asks
 * about; no regular expression is built per name (the bench measures the build of the whole archive).
 */
export { extractQuotes } from './extract.ts';
export { nameWords, speakerMatches } from './match.ts';
