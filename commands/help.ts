import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.ts';
import { mayReindex, requesterOf } from './reindex.ts';

/** `/help`: what the bot can do, with examples; the operators' commands for those who may run them. */
export const help = {
  data: new SlashCommandBuilder().setName('help').setDescription('What this bot can do, with examples'),
  async execute(interaction, ctx) {
    const admin = mayReindex(requesterOf(interaction), ctx.reindexAccess) === true;
    await ctx.respond(interaction, ctx.ask({ kind: 'help', admin }));
  },
} satisfies Command;
