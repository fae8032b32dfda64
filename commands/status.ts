import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.ts';
import { renderReport } from '../src/discord/render.ts';
import { statusFacts, statusLines } from '../src/news/status.ts';
import { admitted } from './reindex.ts';

/**
 * `/status`: how the bot is (version, uptime, shard, servers, archive, cache, last reindex, memory), for
 * those who may run /reindex (the same rule: `mayReindex`, through {@link admitted}), only to them
 * (ephemeral). The facts are the core's ({@link statusFacts}), as `npm run ask -- /status` shows them;
 * what only Discord knows (servers, shard, connection time) is read from the interaction's client.
 */
export const status = {
  admin: true,
  data: new SlashCommandBuilder()
    .setName('status')
    .setDescription('How the bot is: uptime, archive, cache, last reindex, memory (Manage Server)')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild),
  async execute(interaction, ctx) {
    if (!(await admitted(interaction, ctx, '/status'))) return;
    const { client } = interaction;
    const { live } = ctx;
    // Under the ShardingManager, client.shard names this process's shards; else the client's own.
    const ids = client.shard?.ids ?? (Array.isArray(client.options.shards) ? client.options.shards : null);
    const count = client.shard?.count ?? client.options.shardCount ?? 1;
    const facts = statusFacts({
      index: live.ready ? live.current : null,
      reindexing: live.reindexing,
      seedsDir: live.seedsDir,
      cache: live.cache,
      lastReindex: live.lastReindex,
      shard: ids && (client.shard || count > 1) ? { ids, count } : null,
      guilds: client.guilds.cache.size,
      connectedMs: client.uptime,
    });
    await interaction.reply({
      ...renderReport('Status', statusLines(facts), true),
      flags: MessageFlags.Ephemeral,
    });
  },
} satisfies Command;
