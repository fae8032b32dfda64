import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  MessageFlags,
  Options,
  RESTJSONErrorCodes,
} from 'discord.js';
import type { Logger } from 'pino';
import { Agent } from 'undici';
import { commandsByName } from '../../commands/index.ts';
import { answerQuestion } from '../news/answers/index.ts';
import { articleCount } from '../news/library.ts';
import type { LiveIndex } from '../news/live.ts';
import { parseLine, sameQuestion } from '../news/query.ts';
import { answerWithout } from '../news/secrets.ts';
import type { Answer, Question } from '../news/types.ts';
import type { CommandContext, ReindexAccess } from './command.ts';
import { Cooldown, type CooldownOptions, DEFAULT_COOLDOWN } from './cooldown.ts';
import { FairQueue } from './fair-queue.ts';
import { watchGateway } from './gateway-watch.ts';
import {
  NO_PINGS,
  type PageButton,
  pageButtonId,
  parsePageButtonId,
  type Reply,
  renderAnswer,
  renderError,
  renderNotice,
} from './render.ts';

/**
 * The Discord shell: turns interactions and mentions into calls of the core and answers into replies.
 * Commands, mentions and "More" buttons share one per-user cooldown and one fair queue (see
 * `#whenFree`). Every handler runs inside a guard: an error is logged and answered with a short
 * ephemeral message, and never ends the process.
 */

/** Gateway close codes after which reconnecting cannot help (bad token, disallowed intents, ...). */
export const FATAL_CLOSE_CODES: ReadonlyMap<number, string> = new Map([
  [4004, 'authentication failed: DISCORD_TOKEN is wrong or was reset'],
  [4010, 'invalid shard sent when identifying'],
  [4011, 'sharding required: set SHARDS=auto'],
  [4012, 'invalid gateway API version'],
  [4013, 'invalid intents'],
  [4014, 'disallowed intents: enable them in the Developer Portal or remove them'],
]);

/** What the bot needs. */
export interface BotOptions {
  token: string;
  /** REST base (`DISCORD_API_URL`), passed to discord.js as `rest.api`. */
  apiUrl: string | null;
  live: LiveIndex;
  log: Logger;
  cooldown?: CooldownOptions;
  /** Called once with a reason when the gateway refuses the bot for good (the caller exits non-zero). */
  onFatal?: (reason: string) => void;
  /** Shards this process runs (the ShardingManager sets them through the environment otherwise). */
  shards?: number[];
  shardCount?: number;
  /** Who may run /reindex (default: members with Manage Server). */
  reindexAccess?: ReindexAccess;
}

/** Answers kept for questions asked again and "More" clicks (the least recently used go first). */
const MAX_KEPT_ANSWERS = 200;

/** Questions remembered for their "More" button (the oldest are forgotten first). */
const MAX_PAGED_QUERIES = 500;

/**
 * Past this many questions in hand at once, a new one waits for its turn in the fair queue, and an
 * interaction is deferred first (see `#whenFree`). Below it (the usual case) the answer is the first
 * response: one request, no "thinking…" flash.
 */
const BUSY_AT = 2;

/**
 * How long a channel where Discord refused the bot's message (403) is left alone: mentions there are
 * not answered meanwhile, so that each one does not cost another refused request (Discord bans a bot
 * after 10,000 invalid requests in 10 minutes). A permission fixed by an admin is used after it.
 */
const REFUSED_CHANNEL_MS = 10 * 60_000;

/** Channels remembered as refused, at most (the oldest are forgotten first). */
const MAX_REFUSED_CHANNELS = 1000;

/** Discord error codes of a message the bot may not send in that channel. */
const REFUSED = new Set<number>([RESTJSONErrorCodes.MissingAccess, RESTJSONErrorCodes.MissingPermissions]);

/** Discord error codes that mean the reply can never be delivered: log once, never retry. */
const GONE = new Set<number>([
  RESTJSONErrorCodes.UnknownInteraction,
  RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
]);

/** The notice for a member who asks faster than the cooldown allows. */
function slowDown(waitMs: number): Reply {
  return renderNotice(`You're asking quickly: please wait ${Math.ceil(waitMs / 1000)} s and try again.`);
}

function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof DiscordAPIError)
    return { code: err.code, status: err.status, message: err.message, method: err.method };
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { message: String(err) };
}

/** A discord.js client wired to the core. Call `login` to start it. */
export class NewsBot {
  readonly client: Client;
  readonly #ctx: CommandContext;
  readonly #cooldown: Cooldown;
  readonly #queue = new FairQueue(() => this.#acknowledging > 0);
  readonly #log: Logger;
  readonly #options: BotOptions;

  constructor(options: BotOptions) {
    this.#options = options;
    this.#log = options.log;
    this.#cooldown = new Cooldown(options.cooldown ?? DEFAULT_COOLDOWN);
    this.#ctx = {
      live: options.live,
      ask: (question) => this.#answer(question),
      respond: (interaction, answer) => this.#respond(interaction, answer),
      log: options.log,
      reindexAccess: options.reindexAccess ?? { adminUserIds: null, guildId: null },
    };
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
      allowedMentions: { ...NO_PINGS, parse: [] },
      // Bounded caches: every user who asks would otherwise stay in memory for the life of the process.
      makeCache: Options.cacheWithLimits({
        ...Options.DefaultMakeCacheSettings,
        MessageManager: 25,
        UserManager: { maxSize: 500, keepOverLimit: (u) => u.id === u.client.user.id },
        GuildMemberManager: { maxSize: 200, keepOverLimit: (m) => m.id === m.client.user.id },
        PresenceManager: 0,
        ReactionManager: 0,
        ThreadMemberManager: 0,
        VoiceStateManager: 0,
      }),
      sweepers: { ...Options.DefaultSweeperSettings, messages: { interval: 600, lifetime: 600 } },
      rest: {
        ...(options.apiUrl ? { api: options.apiUrl } : {}),
        // Every interaction's callback is a rate-limit route of its own; sweep idle ones often so that
        // memory does not grow with the number of interactions served (the default is hourly).
        handlerSweepInterval: 15_000,
        // Reuse a bounded pool of keep-alive connections: a burst of interactions would otherwise open
        // one new connection per reply (undici's default is unlimited) and spend its time connecting.
        agent: new Agent({ connections: 32, pipelining: 1, keepAliveTimeout: 30_000 }),
        // discord.js spaces every request but an interaction's first response at 50 a second, Discord's
        // global limit. Discord does not count interaction endpoints against that limit, and the edits
        // that carry the answers of interactions deferred under load are interaction endpoints: at 50 a
        // second, a burst of 100 would wait two seconds for its answers. Discord's own 429s (with
        // Retry-After) still govern everything else, and discord.js honours them.
        globalRequestsPerSecond: 1000,
      },
      ...(options.shards
        ? { shards: options.shards, shardCount: options.shardCount ?? options.shards.length }
        : {}),
    });
    watchGateway(this.client, { log: this.#log, onGiveUp: (reason) => this.#fatal(reason) });
    this.client.on(Events.InteractionCreate, (i) => void this.#onInteraction(i));
    this.client.on(Events.MessageCreate, (m) => void this.#onMessage(m));
    this.client.on(Events.Error, (err) => this.#log.error({ err: describeError(err) }, 'client error'));
    this.client.on(Events.Warn, (msg) => this.#log.warn({ msg }, 'client warning'));
    this.client.on(Events.ShardDisconnect, (event, shard) => {
      const reason = FATAL_CLOSE_CODES.get(event.code);
      if (reason) this.#fatal(`gateway closed with ${event.code} on shard ${shard}: ${reason}`);
      else this.#log.warn({ shard, code: event.code }, 'gateway disconnected');
    });
    this.client.on(Events.ShardResume, (shard, replayed) =>
      this.#log.info({ shard, replayed }, 'gateway resumed'),
    );
    this.client.on(Events.ShardReconnecting, (shard) => this.#log.info({ shard }, 'gateway reconnecting'));
    this.client.once(Events.ClientReady, (c) => {
      const { lib } = options.live.current;
      this.#log.info(
        {
          user: c.user.tag,
          guilds: c.guilds.cache.size,
          articles: articleCount(lib),
          passages: lib.passages.length,
          speakers: lib.speakers.length,
        },
        'ready',
      );
    });
  }

  #fatalSent = false;
  #fatal(reason: string): void {
    if (this.#fatalSent) return;
    this.#fatalSent = true;
    this.#log.fatal({ reason }, 'Discord refused the connection; not reconnecting');
    this.#options.onFatal?.(reason);
  }

  /** Logs in. Rejects with a clear message when Discord refuses the token. */
  async login(): Promise<void> {
    try {
      await this.client.login(this.#options.token);
    } catch (err) {
      const e = err as Error & { code?: string | number };
      const reason =
        e.code === 'TokenInvalid' || /token/i.test(e.message)
          ? 'authentication failed: DISCORD_TOKEN is wrong or was reset'
          : e.message;
      this.#fatal(reason);
      throw new Error(reason);
    }
  }

  /** Destroys the client (closes the gateway and REST). */
  async destroy(): Promise<void> {
    await this.client.destroy();
  }

  async #onInteraction(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isAutocomplete()) return await this.#onAutocomplete(interaction);
      if (interaction.isChatInputCommand()) return await this.#onCommand(interaction);
      if (interaction.isButton()) return await this.#onButton(interaction);
    } catch (err) {
      await this.#failed(interaction, err);
    }
  }

  async #onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const command = commandsByName.get(interaction.commandName);
    if (!command?.autocomplete) return void (await interaction.respond([]));
    const t0 = performance.now();
    await command.autocomplete(interaction, this.#ctx);
    // One per keystroke: at debug, so that the info log has a line per question, not per letter.
    this.#log.debug(
      {
        command: `/${interaction.commandName}`,
        guild: interaction.guildId,
        shard: interaction.guild?.shardId ?? null,
        ms: +(performance.now() - t0).toFixed(1),
      },
      'autocompleted',
    );
  }

  async #onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const command = commandsByName.get(interaction.commandName);
    if (!command) {
      await interaction.reply({
        ...renderNotice(`Unknown command /${interaction.commandName}.`),
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    if (!command.admin) {
      const wait = this.#cooldown.take(interaction.user.id);
      if (wait > 0) {
        // Private to the asker, so a flood of commands never fills the channel.
        await interaction.reply({ ...slowDown(wait), flags: MessageFlags.Ephemeral });
        return;
      }
    }
    const t0 = performance.now();
    this.#inFlight++;
    try {
      if (!command.admin) await this.#whenFree(interaction.user.id, () => interaction.deferReply());
      await command.execute(interaction, this.#ctx);
    } finally {
      this.#inFlight--;
    }
    this.#answered(`/${interaction.commandName}`, interaction.guildId, interaction.guild?.shardId, t0, {
      results: this.#shown.get(interaction),
      deferred: interaction.deferred,
    });
  }

  /** Results shown per interaction, for its log line. */
  readonly #shown = new WeakMap<Interaction, number>();

  /**
   * The one info line per question answered: what kind, where (guild, shard), how many results, how
   * long, whether it was deferred. Never the member's text, never the token.
   */
  #answered(
    command: string,
    guild: string | null,
    shard: number | undefined,
    t0: number,
    extra: { results?: number; deferred?: boolean; page?: number },
  ): void {
    this.#log.info(
      { command, guild, shard: shard ?? null, ...extra, ms: +(performance.now() - t0).toFixed(1) },
      'answered',
    );
  }

  /** Sends a command's answer (see `CommandContext.respond`). */
  async #respond(interaction: ChatInputCommandInteraction, answer: Answer): Promise<void> {
    this.#shown.set(interaction, answer.results.length);
    const { toAskerOnly, ...reply } = this.#render(answer, 0, interaction.user.id);
    if (!toAskerOnly) {
      if (interaction.deferred) await interaction.editReply(reply);
      else await interaction.reply(reply);
      return;
    }
    // A notice or the help is the asker's alone; a reply deferred in public ("thinking…") is removed
    // and the notice follows privately.
    if (!interaction.deferred) {
      await interaction.reply({ ...reply, flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.deleteReply();
    await interaction.followUp({ ...reply, flags: MessageFlags.Ephemeral });
  }

  /** Questions being handled (received, not yet answered): commands, mentions and buttons. */
  #inFlight = 0;

  /**
   * Waits for `user`'s turn when other questions are in hand. Questions are answered one at a time
   * (answering is synchronous work); when several arrive at once, the later ones would wait for all
   * before them: an interaction is acknowledged first (`acknowledge`: Discord shows "thinking…"), so
   * that every one is acknowledged within milliseconds, then each is answered in its turn of the fair
   * queue, users in rotation, so that no member's questions hold up another's.
   */
  async #whenFree(user: string, acknowledge?: () => Promise<unknown>): Promise<void> {
    if (this.#inFlight <= BUSY_AT) return;
    if (acknowledge) {
      this.#acknowledging++;
      try {
        await acknowledge();
      } finally {
        this.#acknowledging--;
      }
    }
    await this.#queue.turn(user);
  }

  /** Acknowledgements on their way to Discord: answers wait for them (see {@link FairQueue}). */
  #acknowledging = 0;

  /**
   * The answer to a question from the live index. The last answers are kept, for the index they came
   * from: a burst of "More" clicks on one answer, or one question asked by many, is answered once
   * (answers are pure functions of the index and the question; a reindex swaps in another index).
   */
  #answer(question: Question, line?: string): Answer {
    const index = this.#options.live.current;
    if (index !== this.#answersOf) {
      this.#answers.clear();
      this.#answersOf = index;
    }
    const key = JSON.stringify([line ?? null, question]);
    let a = this.#answers.get(key);
    if (a) {
      this.#answers.delete(key); // re-inserted below: least recently used first
    } else {
      // The bot's own token, whatever its shape, is never shown, even where an article holds it.
      a = answerWithout(answerQuestion(index, question, line), [this.#options.token]);
      if (this.#answers.size >= MAX_KEPT_ANSWERS) this.#answers.delete(this.#answers.keys().next().value!);
    }
    this.#answers.set(key, a);
    return a;
  }

  readonly #answers = new Map<string, Answer>();
  #answersOf: unknown = null;

  async #onButton(interaction: ButtonInteraction): Promise<void> {
    const more = parsePageButtonId(interaction.customId);
    if (!more) return;
    const t0 = performance.now();
    const wait = this.#cooldown.take(interaction.user.id);
    if (wait > 0) {
      // A click is acknowledged either way (else Discord shows "This interaction failed"); the notice
      // is private, once per run of refused clicks, and later ones change nothing.
      if (this.#cooldown.tell(interaction.user.id))
        await interaction.reply({ ...slowDown(wait), flags: MessageFlags.Ephemeral });
      else await interaction.deferUpdate();
      return;
    }
    if (more.asker !== null && more.asker !== interaction.user.id) {
      await interaction.reply({
        ...renderNotice('Only the asker can page this answer; ask your own question to page yours.'),
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    this.#inFlight++;
    try {
      await this.#whenFree(interaction.user.id, () => interaction.deferUpdate());
      await this.#page(interaction, more);
    } finally {
      this.#inFlight--;
    }
    this.#answered('page', interaction.guildId, interaction.guild?.shardId, t0, {
      page: more.page,
      deferred: interaction.deferred,
    });
  }

  /** Shows another page of the answer a page button belongs to. */
  async #page(interaction: ButtonInteraction, more: PageButton): Promise<void> {
    const asked = more.query.startsWith('#')
      ? this.#pages.get(more.query)
      : { line: more.query, question: parseLine(more.query) };
    if (asked === undefined) {
      await interaction[interaction.deferred ? 'followUp' : 'reply']({
        ...renderNotice('These results have expired; please ask again.'),
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    // Pressed by its asker (or an earlier version's button): the buttons stay theirs.
    const { toAskerOnly: _, ...reply } = this.#render(
      this.#answer(asked.question, asked.line),
      more.page,
      more.asker ?? interaction.user.id,
    );
    if (interaction.deferred) await interaction.editReply(reply);
    else await interaction.update(reply);
  }

  /** A page of an answer, with Previous and Next buttons that only `asker` may press. */
  #render(a: Answer, page: number, asker: string): Reply {
    return renderAnswer(a, page, (query, to) => this.#buttonId(asker, query, a.question, to));
  }

  /**
   * Questions whose line is too long for a button's custom id, or reads back as another question (an
   * option's value holding `topic:`), by a short key: bounded, oldest out first.
   */
  readonly #pages = new Map<string, { line: string; question: Question }>();
  #pageKey = 0;

  /**
   * A page button id: the query line itself when it fits and reads back as the question answered
   * (stateless), else a key into {@link #pages} (also for a line starting with `#`, which reads as a key).
   */
  #buttonId(asker: string, line: string, question: Question | undefined, page: number): string | null {
    const q = question ?? parseLine(line);
    const direct =
      !line.startsWith('#') && sameQuestion(parseLine(line), q) ? pageButtonId(asker, line, page) : null;
    if (direct) return direct;
    let key = [...this.#pages].find(([, p]) => p.line === line && sameQuestion(p.question, q))?.[0];
    if (!key) {
      key = `#${(this.#pageKey++).toString(36)}`;
      this.#pages.set(key, { line, question: q });
      if (this.#pages.size > MAX_PAGED_QUERIES) this.#pages.delete(this.#pages.keys().next().value!);
    }
    return pageButtonId(asker, key, page);
  }

  async #onMessage(message: Message): Promise<void> {
    try {
      const me = this.client.user;
      if (!me || message.author.bot || !message.inGuild()) return;
      // Asked only when named in the text: a reply to the bot's answer pings it too ("thanks!"), and
      // is not a question.
      const mention = new RegExp(`<@!?${me.id}>`, 'g');
      if (!mention.test(message.content)) return;
      if (this.#refusedHere(message.channelId)) return;
      const user = message.author.id;
      const wait = this.#cooldown.take(user);
      if (wait > 0) {
        // One notice for a flood, then silence until the member may ask again.
        if (this.#cooldown.tell(user)) await this.#send(message, slowDown(wait));
        return;
      }
      this.#inFlight++;
      try {
        const t0 = performance.now();
        await this.#whenFree(user);
        const line = message.content.replace(mention, ' ').trim() || '/help';
        const a = this.#answer(parseLine(line), line);
        // A message's reply is public: a notice too (Discord has no private reply to a message).
        const { toAskerOnly: _, ...reply } = this.#render(a, 0, user);
        await this.#send(message, reply);
        this.#answered(`mention:${a.command}`, message.guildId, message.guild?.shardId, t0, {
          results: a.results.length,
        });
      } finally {
        this.#inFlight--;
      }
    } catch (err) {
      this.#log.error({ err: describeError(err), message: message.id }, 'mention handler failed');
    }
  }

  /** Channels where Discord refused the bot's reply, with when to try again. */
  readonly #refused = new Map<string, number>();

  /** Whether mentions in this channel are left alone for now (a reply there was refused lately). */
  #refusedHere(channel: string): boolean {
    const until = this.#refused.get(channel);
    if (until === undefined) return false;
    if (Date.now() < until) return true;
    this.#refused.delete(channel);
    return false;
  }

  /** Replies to a message; a refusal is logged (and its channel remembered), never thrown. */
  async #send(message: Message, reply: Reply): Promise<void> {
    try {
      await message.reply(reply);
    } catch (err) {
      const refused = err instanceof DiscordAPIError && typeof err.code === 'number' && REFUSED.has(err.code);
      if (refused) {
        this.#refused.set(message.channelId, Date.now() + REFUSED_CHANNEL_MS);
        if (this.#refused.size > MAX_REFUSED_CHANNELS)
          this.#refused.delete(this.#refused.keys().next().value!);
      }
      this.#log.warn(
        {
          err: describeError(err),
          channel: message.channelId,
          ...(refused ? { quietForMs: REFUSED_CHANNEL_MS } : {}),
        },
        refused
          ? 'may not reply in this channel; mentions there are left alone for a while'
          : 'could not reply to a mention',
      );
    }
  }

  /** Logs a failed interaction and tells the user, ephemerally, unless the interaction is gone. */
  async #failed(interaction: Interaction, err: unknown): Promise<void> {
    const gone = err instanceof DiscordAPIError && typeof err.code === 'number' && GONE.has(err.code);
    this.#log[gone ? 'warn' : 'error'](
      { err: describeError(err), interaction: interaction.id, type: interaction.type },
      gone ? 'interaction expired before it was answered' : 'interaction failed',
    );
    if (gone || !interaction.isRepliable()) return;
    try {
      const reply = { ...renderError(), flags: MessageFlags.Ephemeral as const };
      if (interaction.deferred || interaction.replied) await interaction.followUp(reply);
      else await interaction.reply(reply);
    } catch (err2) {
      this.#log.warn(
        { err: describeError(err2), interaction: interaction.id },
        'could not send the error reply',
      );
    }
  }
}
