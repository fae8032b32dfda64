import { expect } from 'vitest';
import { parseArticle } from '../src/news/parse.ts';
import { extractQuotes } from '../src/news/quotes/index.ts';
import { splitSentences } from '../src/news/sentences.ts';
import type { Quote } from '../src/news/types.ts';

/** A quote as the tests read it: its kind, its speaker, and the text of its passage. */
export interface Found {
  kind: Quote['kind'];
  speaker: string;
  text: string;
}

/** Quotes of an article given as file content (or plain prose), as the library finds them. */
export function quotesOf(content: string): Found[] {
  const { article, breaks } = parseArticle(content, 'test.txt');
  const sentences = splitSentences(article.text, article.bodyStart, article.text.length, breaks);
  return extractQuotes(article.text, sentences, breaks).map((q) => ({
    kind: q.kind,
    speaker: q.speaker,
    text: article.text.slice(q.span.start, q.span.end),
  }));
}

/** The one quote whose passage contains `words` (fails the test when there is none or several). */
export function quoteWith(quotes: Found[], words: string): Found {
  const found = quotes.filter((q) => q.text.includes(words));
  expect(found, `one quote containing "${words}"`).toHaveLength(1);
  return found[0]!;
}
