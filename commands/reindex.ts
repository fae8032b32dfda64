import {
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import type { Command, CommandContext, ReindexAccess } from '../src/discord/command.ts';
import { renderNotice, renderReport } from '../src/discord/render.ts';
import { shardLines, shardLinkOf } from '../src/discord/shard-link.ts';
import type { ReindexReport } from '../src/news/live.ts';
import { showPaths } from '../src/news/paths.ts';

/** Lines of the admin's reindex report. File names are relative to the seeds folder, as reports name them. */
export function reportLines(r: ReindexReport): string[] {
  const secs = (r.ms / 1000).toFixed(1);
  const waited = r.queued
    ? [
        'A reindex was running when you asked: this one ran after it, so every file saved before you asked was read.',
      ]
    : [];
  const skipped = [
    r.skipped.length ? `Skipped (${r.skipped.length}):` : 'Skipped: none.',
    ...r.skipped.slice(0, 25).map((s) => `• ${s.file}: ${showPaths(s.reason)}`),
    ...(r.skipped.length > 25 ? [`• … and ${r.skipped.length - 25} more`] : []),
  ];
  if (r.refused === 'empty') {
    return [
      ...waited,
      `Reindex refused: ${showPaths(r.error ?? 'the seeds folder holds no article.')}`,
      `Nothing was swapped in: the previous index keeps serving (${r.articlesBefore} articles). Add .txt or .md articles to the seeds folder and run /reindex again.`,
      ...(r.skipped.length ? skipped : []),
    ];
  }
  if (!r.ok) {
    return [
      ...waited,
      `Reindex failed after ${secs}s: ${showPaths(r.error ?? 'unknown error')}`,
      `The previous index keeps serving (${r.articlesBefore} articles).`,
    ];
  }
  const list = (label: string, files: string[]): string[] =>
    files.length
      ? [`${label} (${files.length}): ${files.slice(0, 10).join(', ')}${files.length > 10 ? ', …' : ''}`]
      : [];
  return [
    ...waited,
    `Done in ${secs}s.`,
    `Articles: ${r.articlesBefore} before, ${r.articlesAfter} after; ${r.passages} passages, ${r.speakers} speakers.`,
    ...list('Added', r.added),
    ...list('Changed', r.changed),
    ...list('Removed', r.removed),
    ...skipped,
  ];
}

/** Who is asking, as the interaction says. */
export interface Requester {
  userId: string;
  /** The server the command was run in (null outside one). */
  guildId: string | null;
  /** Whether the member has Manage Server there. */
  manageServer: boolean;
}

/** Who is asking, read off a command's interaction. */
export function requesterOf(interaction: ChatInputCommandInteraction): Requester {
  return {
    userId: interaction.user.id,
    guildId: interaction.inGuild() ? interaction.guildId : null,
    manageServer: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
  };
}

/**
 * Whether `who` may run /reindex under `access` (see {@link ReindexAccess}); otherwise the sentence that
 * tells them who may. `default_member_permissions` can be overridden per server, so this is checked
 * again in the handler whatever Discord showed. The other admin commands (`/status`) use the same rule,
 * naming themselves as `command` in the sentence.
 */
export function mayReindex(who: Requester, access: ReindexAccess, command = '/reindex'): true | string {
  if (access.adminUserIds) {
    return access.adminUserIds.includes(who.userId) || `Only the bot's operators can run ${command}.`;
  }
  if (access.guildId) {
    return (
      (who.guildId === access.guildId && who.manageServer) ||
      `Only members with Manage Server in the bot's home server can run ${command}.`
    );
  }
  return (who.guildId !== null && who.manageServer) || `Only members with Manage Server can run ${command}.`;
}

/**
 * Lets an admin command go on when its asker may run it ({@link mayReindex}); otherwise tells them,
 * privately, who may, and returns false.
 */
export async function admitted(
  interaction: ChatInputCommandInteraction,
  ctx: CommandContext,
  command = '/reindex',
): Promise<boolean> {
  const allowed = mayReindex(requesterOf(interaction), ctx.reindexAccess, command);
  if (allowed === true) return true;
  await interaction.reply({ ...renderNotice(allowed), flags: MessageFlags.Ephemeral });
  return false;
}

/** `/reindex`: re-read the seeds folder (the operator's admins only: see {@link mayReindex}). */
export const reindex = {
  admin: true,
  data: new SlashCommandBuilder()
    .setName('reindex')
    .setDescription('Re-read the articles folder and rebuild the index (Manage Server)')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild),
  async execute(interaction, ctx) {
    if (!(await admitted(interaction, ctx))) return;
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    ctx.log.info({ user: interaction.user.id, guild: interaction.guildId }, 'reindex requested');
    // Who asked, for /status's "last reindex".
    const report = await ctx.live.reindex(`${interaction.user.username} (${interaction.user.id})`);
    ctx.log.info(
      {
        ok: report.ok,
        ms: Math.round(report.ms),
        added: report.added.length,
        changed: report.changed.length,
        removed: report.removed.length,
        skipped: report.skipped.length,
        queued: report.queued,
        refused: report.refused,
        error: report.error,
      },
      'reindex finished',
    );
    // Under the ShardingManager the other shards reindex too, after this one succeeded.
    const link = shardLinkOf(interaction.client);
    const others = report.ok && link ? await link.reindexOthers() : [];
    const lines = [...reportLines(report), ...shardLines(ctx.live.current, others)];
    await interaction.editReply(
      renderReport(
        report.ok ? 'Reindex complete' : report.refused ? 'Reindex refused' : 'Reindex failed',
        lines,
        report.ok,
      ),
    );
  },
} satisfies Command;
