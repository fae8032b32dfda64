import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.ts';

/** `/help`: what the bot can do. */
export const help = {
  data: new SlashCommandBuilder().setName('help').setDescription('What this bot can do, with examples'),
  async execute(interaction, ctx) {
    await ctx.respond(interaction, ctx.render(ctx.ask({ kind: 'help' })));
  },
} satisfies Command;
