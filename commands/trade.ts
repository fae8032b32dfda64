import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.ts';
import { suggestPlaces } from '../src/discord/suggest.ts';

/** `/trade places:"kazakhstan china"`: trade between two places. */
export const trade = {
  data: new SlashCommandBuilder()
    .setName('trade')
    .setDescription('Trade between two places, with figures and citations')
    .addStringOption((o) =>
      o
        .setName('places')
        .setDescription('Two places, e.g. kazakhstan china, or taiwan "united states"')
        .setRequired(true)
        .setMaxLength(200)
        .setAutocomplete(true),
    ),
  async execute(interaction, ctx) {
    const places = interaction.options.getString('places', true);
    await ctx.respond(interaction, ctx.ask({ kind: 'trade', places }));
  },
  async autocomplete(interaction, ctx) {
    await interaction.respond(suggestPlaces(ctx.live.current, interaction.options.getFocused()));
  },
} satisfies Command;
