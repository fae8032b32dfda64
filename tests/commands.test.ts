import type { ChatInputCommandInteraction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { help } from '../commands/help.ts';
import { quote } from '../commands/quote.ts';
import { search } from '../commands/search.ts';
import { trade } from '../commands/trade.ts';
import type { Command, CommandContext } from '../src/discord/command.ts';
import type { Answer, Question } from '../src/news/types.ts';

/** Runs a command's handler on the given options; returns the questions it handed the core. */
async function asked(
  command: Command,
  options: Record<string, string | null>,
  who: { id?: string; manageServer?: boolean } = {},
): Promise<Question[]> {
  const questions: Question[] = [];
  const interaction = {
    user: { id: who.id ?? '1300000000000000300' },
    guildId: '1300000000000000100',
    inGuild: () => true,
    memberPermissions: { has: () => who.manageServer ?? false },
    options: {
      getString: (name: string, required?: boolean) => {
        const v = options[name] ?? null;
        if (required && v === null) throw new Error(`missing ${name}`);
        return v;
      },
    },
  } as unknown as ChatInputCommandInteraction;
  const ctx = {
    ask: (q: Question): Answer => {
      questions.push(q);
      return { command: 'help', query: '', results: [], notice: null };
    },
    respond: async () => {},
    reindexAccess: { adminUserIds: ['1300000000000000999'], guildId: null },
  } as unknown as CommandContext;
  await command.execute(interaction, ctx);
  return questions;
}

describe('slash commands hand the core a typed question, built from their options', () => {
  it('/quote with and without a topic', async () => {
    expect(await asked(quote, { person: 'moyes', topic: 'beattie' })).toEqual([
      { kind: 'quote', person: 'moyes', topic: 'beattie' },
    ]);
    expect(await asked(quote, { person: 'tokayev' })).toEqual([
      { kind: 'quote', person: 'tokayev', topic: null },
    ]);
  });

  it('/quote passes values as typed, never as a line to read again', async () => {
    expect(await asked(quote, { person: 'tokayev about china', topic: null })).toEqual([
      { kind: 'quote', person: 'tokayev about china', topic: null },
    ]);
  });

  it('/trade, /search and /help', async () => {
    expect(await asked(trade, { places: 'taiwan "united states"' })).toEqual([
      { kind: 'trade', places: 'taiwan "united states"' },
    ]);
    expect(await asked(search, { query: 'time:out' })).toEqual([{ kind: 'search', query: 'time:out' }]);
    expect(await asked(help, {})).toEqual([{ kind: 'help', admin: false }]);
  });

  it("/help lists the operators' commands to those who may run them", async () => {
    expect(await asked(help, {}, { id: '1300000000000000999' })).toEqual([{ kind: 'help', admin: true }]);
    expect(await asked(help, {}, { manageServer: true })).toEqual([{ kind: 'help', admin: false }]);
  });
});
