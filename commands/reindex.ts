import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.ts';
import { shardLines, shardLinkOf } from '../src/discord/shard-link.ts';
import { renderNotice, renderReport } from '../src/discord/render.ts';
import type { ReindexReport } from '../src/news/live.ts';

/** Lines of the admin's reindex report. */
export function reportLines(r: ReindexReport): string[] {
  const secs = (r.ms / 1000).toFixed(1);
  if (!r.ok) {
    return [
      `Reindex failed after ${secs}s: ${r.error ?? 'unknown error'}`,
      `The previous index keeps serving (${r.articlesBefore} articles).`,
    ];
  }
  const list = (label: string, files: string[]): string[] =>
    files.length
      ? [`${label} (${files.length}): ${files.slice(0, 10).join(', ')}${files.length > 10 ? ', …' : ''}`]
      : [];
  return [
    `${r.joined ? 'Joined the reindex already running. ' : ''}Done in ${secs}s.`,
    `Articles: ${r.articlesBefore} before, ${r.articlesAfter} after; ${r.passages} passages, ${r.speakers} speakers.`,
    ...list('Added', r.added),
    ...list('Changed', r.changed),
    ...list('Removed', r.removed),
    r.skipped.length ? `Skipped (${r.skipped.length}):` : 'Skipped: none.',
    ...r.skipped.slice(0, 25).map((s) => `• ${s.file}: ${s.reason}`),
    ...(r.skipped.length > 25 ? [`• … and ${r.skipped.length - 25} more`] : []),
  ];
}

/** `/reindex`: re-read the seeds folder (Manage Server only). */
export const reindex = {
  admin: true,
  data: new SlashCommandBuilder()
    .setName('reindex')
    .setDescription('Re-read the articles folder and rebuild the index (Manage Server)')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild),
  async execute(interaction, ctx) {
    // default_member_permissions can be overridden per server: check again here.
    if (!interaction.inGuild() || !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
      await interaction.reply({
        ...renderNotice('Only members with Manage Server can run /reindex.'),
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    ctx.log.info({ user: interaction.user.id, guild: interaction.guildId }, 'reindex requested');
    const report = await ctx.live.reindex();
    ctx.log.info(
      {
        ok: report.ok,
        ms: Math.round(report.ms),
        added: report.added.length,
        changed: report.changed.length,
        removed: report.removed.length,
        skipped: report.skipped.length,
        error: report.error,
      },
      'reindex finished',
    );
    // Under the ShardingManager the other shards reindex too, after this one succeeded.
    const link = shardLinkOf(interaction.client);
    const others = report.ok && link ? await link.reindexOthers() : [];
    const lines = [...reportLines(report), ...shardLines(ctx.live.current, others)];
    await interaction.editReply(
      renderReport(report.ok ? 'Reindex complete' : 'Reindex failed', lines, report.ok),
    );
  },
} satisfies Command;
