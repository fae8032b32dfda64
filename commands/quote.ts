import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.ts';
import { suggestSpeakers } from '../src/discord/suggest.ts';

/** `/quote person:tokayev [topic:china]`: what a person said. */
export const quote = {
  data: new SlashCommandBuilder()
    .setName('quote')
    .setDescription('What a person said: direct quotes first, then reported speech')
    .addStringOption((o) =>
      o
        .setName('person')
        .setDescription('Surname or full name, e.g. tokayev')
        .setRequired(true)
        .setMaxLength(100)
        .setAutocomplete(true),
    )
    .addStringOption((o) =>
      o.setName('topic').setDescription('Optional: what about, e.g. china').setMaxLength(100),
    ),
  async execute(interaction, ctx) {
    const person = interaction.options.getString('person', true);
    const topic = interaction.options.getString('topic');
    await ctx.respond(interaction, ctx.ask({ kind: 'quote', person, topic }));
  },
  async autocomplete(interaction, ctx) {
    await interaction.respond(suggestSpeakers(ctx.live.current, interaction.options.getFocused()));
  },
} satisfies Command;
