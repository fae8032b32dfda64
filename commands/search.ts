import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.ts';

/** `/search query:"visa-free regime"`: passages matching some words. */
export const search = {
  data: new SlashCommandBuilder()
    .setName('search')
    .setDescription('Search the articles; passages best first, each cited')
    .addStringOption((o) =>
      o
        .setName('query')
        .setDescription('Words to look for, e.g. oil prices')
        .setRequired(true)
        .setMaxLength(300),
    ),
  async execute(interaction, ctx) {
    const query = interaction.options.getString('query', true);
    await ctx.respond(interaction, ctx.ask({ kind: 'search', query }));
  },
} satisfies Command;
