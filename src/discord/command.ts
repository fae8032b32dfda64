import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Logger } from 'pino';
import type { LiveIndex } from '../news/live.ts';
import type { Answer, Question } from '../news/types.ts';

/** What a command handler may use: the live index, the core's answer function and the log. */
export interface CommandContext {
  live: LiveIndex;
  /** Answers a typed question (built from the command's options), from the live index. */
  ask: (question: Question) => Answer;
  /**
   * Renders the first page of a command's answer (with page buttons only its asker may press) and sends
   * it: as its reply, or as the edit of the reply the bot deferred because many interactions arrived at
   * once (see `NewsBot`); a notice or the help goes to the asker only. Commands answer through this,
   * never `reply` directly.
   */
  respond: (interaction: ChatInputCommandInteraction, answer: Answer) => Promise<void>;
  log: Logger;
  /** Who may run `/reindex`: the operator's choice, from the configuration. */
  reindexAccess: ReindexAccess;
}

/**
 * Who may run `/reindex` (README, "Who may reindex"): the users `adminUserIds` names when it is set;
 * else members with Manage Server of `guildId` when it is set; else members with Manage Server.
 */
export interface ReindexAccess {
  adminUserIds: readonly string[] | null;
  guildId: string | null;
}

/** A slash command: its definition (data) and a thin handler. */
export interface Command {
  /** The definition, as sent to Discord (a SlashCommandBuilder's `toJSON()`). */
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /** Reads its typed options into a {@link Question}, asks the core, hands the answer to the renderer. */
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  /** Suggestions while the user types, answered from memory. */
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
  /** Admin commands skip the per-user cooldown and are checked for permission in the handler. */
  admin?: boolean;
}
