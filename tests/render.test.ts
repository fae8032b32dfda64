import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  citation,
  embedLength,
  formatPassage,
  inert,
  LIMITS,
  PAGE_SIZE,
  pageButtonId,
  parsePageButtonId,
  renderAnswer,
} from '../src/discord/render.ts';
import type { Answer, Result } from '../src/news/types.ts';

function result(text: string, extra: Partial<Result> = {}): Result {
  return {
    text,
    file: 'asia/000_c9ca8e629531946f.txt',
    title: 'Kazakhstan will continue to fully promote the implementation of One Belt, One Road initiative',
    date: '2023-11-27',
    source: 'Trend News Agency',
    speaker: null,
    highlights: [],
    ...extra,
  };
}

function answerOf(results: Result[]): Answer {
  return { command: 'search', query: '/search test', results, notice: null };
}

describe('rendering answers for Discord', () => {
  it('puts query terms in bold and escapes article Markdown', () => {
    const text = 'Trade *rose* to $24.1 billion';
    const out = formatPassage({ text, highlights: [{ start: 0, end: 5 }] }, 1000);
    expect(out).toBe('**Trade** \\*rose\\* to $24.1 billion');
  });

  it('renders @everyone, @here and user mentions from articles inert', () => {
    const s = inert('hello @everyone and @here and <@123> and <@&456>');
    expect(s).not.toMatch(/@everyone|@here|<@\d|<@&/);
    const reply = renderAnswer(answerOf([result('Ping @everyone now.')]));
    expect(reply.allowedMentions).toEqual({ parse: [], repliedUser: false });
    expect(JSON.stringify(reply.embeds)).not.toContain('@everyone');
  });

  it('cuts long passages at a word boundary and never cuts the citation', () => {
    const long = 'word '.repeat(600).trim() + '.';
    const reply = renderAnswer(answerOf([result(long)]));
    const field = reply.embeds[0]!.fields![0]!;
    expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    expect(field.value).toContain('word…');
    expect(field.value.endsWith(citation(result(long)))).toBe(true);
  });

  it('numbers passages and pages them with Next, and Previous once past the first page', () => {
    const results = Array.from({ length: 10 }, (_, i) => result(`Passage number ${i + 1}.`));
    const asker = '1300000000000000300';
    const ids = (page: number) =>
      renderAnswer(answerOf(results), page, (q, p) => pageButtonId(asker, q, p))
        .components.flatMap((row) => row.toJSON().components)
        .map((b) => ({
          label: (b as { label: string }).label,
          ...parsePageButtonId((b as { custom_id: string }).custom_id),
        }));
    const first = renderAnswer(answerOf(results));
    expect(first.embeds[0]!.fields!.map((f) => f.name)).toEqual(['1.', '2.', '3.', '4.']);
    expect(first.embeds[0]!.footer!.text).toContain('of 10');
    expect(first.toAskerOnly).toBeUndefined();
    expect(ids(0)).toEqual([{ label: 'Next', page: 1, query: '/search test', asker }]);
    expect(ids(1).map((b) => [b.label, b.page])).toEqual([
      ['Previous', 0],
      ['Next', 2],
    ]);
    const last = renderAnswer(answerOf(results), 2, (q, p) => pageButtonId(asker, q, p));
    expect(last.embeds[0]!.fields!.map((f) => f.name)).toEqual(['9.', '10.']);
    expect(ids(2).map((b) => b.label)).toEqual(['Previous']);
  });

  it('reads the More buttons of earlier versions as buttons anyone may press', () => {
    expect(parsePageButtonId('more:1:/search test')).toEqual({ page: 1, query: '/search test', asker: null });
    expect(parsePageButtonId('other')).toBeNull();
  });

  it('shows the notice when nothing was found', () => {
    const reply = renderAnswer({
      command: 'trade',
      query: '/trade narnia china',
      results: [],
      notice: { code: 'unknown-place', message: 'I don\'t know the place "narnia".' },
    });
    expect(reply.embeds[0]!.description).toContain('narnia');
    expect(reply.components).toEqual([]);
    expect(reply.toAskerOnly).toBe(true);
  });

  it('makes no button id when the query is too long for a custom id', () => {
    expect(pageButtonId('1300000000000000300', 'x'.repeat(200), 1)).toBeNull();
  });

  it('stays within every Discord limit for any results (property)', () => {
    const arbResult = fc.record({
      text: fc.string({ minLength: 1, maxLength: 3000 }),
      title: fc.string({ maxLength: 400 }),
      file: fc.string({ minLength: 1, maxLength: 300 }),
      source: fc.option(fc.string({ maxLength: 200 }), { nil: null }),
      speaker: fc.option(fc.string({ maxLength: 300 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(arbResult, { minLength: 1, maxLength: 10 }), fc.nat(3), (rs, page) => {
        const results = rs.map((r) =>
          result(r.text, { ...r, highlights: [{ start: 0, end: Math.min(3, r.text.length) }] }),
        );
        const reply = renderAnswer(answerOf(results), page);
        const embed = reply.embeds[0]!;
        expect(embedLength(embed)).toBeLessThanOrEqual(LIMITS.embedTotal);
        expect(embed.title!.length).toBeLessThanOrEqual(LIMITS.title);
        expect(embed.fields!.length).toBeLessThanOrEqual(PAGE_SIZE);
        for (const f of embed.fields!) {
          expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
          expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('article text is text', () => {
  it('shows every masked link as written, not as a link with text of its own', () => {
    const out = inert(
      'See [click here](https://evil.example/phish) and [Reuters](https://x.example) via [AP](https://evil.example)',
    );
    expect(out).not.toMatch(/(?<!\\)\[/);
    expect(out).not.toMatch(/(?<!\\)\]\(/);
    expect(out).toContain('https://evil.example/phish');
  });

  it('shows Discord markup from articles as typed: channels, timestamps, commands, roles, emoji', () => {
    for (const markup of [
      '<#123456789012345678>',
      '<t:0:R>',
      '</reindex:123>',
      '<@&42>',
      '<:wave:1>',
      '<a:spin:2>',
    ]) {
      const out = inert(`before ${markup} after`);
      expect(out).not.toContain(markup);
      expect(out.replace(/\u200b/g, '').replace(/\\/g, '')).toContain(markup);
    }
  });

  it('shows line-start markup in a passage as typed: headings, subtext, block quotes, lists', () => {
    const text =
      'Intro line.\n# HUGE HEADING\n## Smaller\n  > quoted\n>>> all quoted\n-# tiny\n1. one\n- bullet\n+ plus\n* star';
    for (const out of [formatPassage({ text, highlights: [{ start: 0, end: 5 }] }, 1000), inert(text)]) {
      for (const line of out.split('\n').slice(1)) {
        // Each line starts with an escape (or spaces, then one), or is a number whose dot is escaped.
        expect(line).toMatch(/^\s*(\\|\d+\\\.)/);
      }
      // Nothing else changes: without the escapes and the highlight's bold, the text as written.
      expect(out.replace(/\\/g, '').replace(/\*\*/g, '')).toBe(text);
    }
  });

  it('cannot fake a citation with links in a front-matter title or source', () => {
    const cite = citation(
      result('A passage.', {
        source: '[Reuters](https://a.example) via [AP](https://evil.example)',
        title: '[Official](https://evil.example) news',
      }),
    );
    expect(cite).not.toMatch(/(?<!\\)\[/);
  });

  it('leaves ordinary angle brackets and text alone', () => {
    expect(inert('profits < 5 pct and x<y')).toBe('profits < 5 pct and x<y');
  });
});
