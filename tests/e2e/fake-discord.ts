/**
 * A local fake Discord for end-to-end tests of a discord.js v14 bot.
 *
 * It serves the REST API v10 (`http://127.0.0.1:PORT/api/v10/...`) and a JSON WebSocket gateway
 * (`ws://127.0.0.1:PORT`) from one `node:http` server on the loopback interface. Point discord.js at it with
 * `new Client({ rest: { api: fake.apiUrl } })`: discord.js reads the gateway URL from `GET /gateway/bot`, so the
 * gateway follows automatically.
 *
 * The fake records every REST request, every IDENTIFY/RESUME and every interaction response, lets a test inject
 * gateway events (slash commands, autocomplete, button clicks, messages), and can inject faults (HTTP errors and
 * rate limits, dropped sockets, invalid sessions, close codes).
 *
 * Facts about what discord.js needs are in `/work/shared/docs/discord-protocol.md`. This file deliberately does
 * not import discord.js: it is the server side.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';

// ---------------------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------------------

/**
 * Free-form JSON as recorded from or sent to the bot. Deliberately `any` so tests can write
 * `body.data.embeds[0].title` without casts.
 */
// biome-ignore lint/suspicious/noExplicitAny: recorded payloads are arbitrary JSON and tests index into them freely
export type Json = any;

/** A user as the fake knows it (the bot, or a user who invokes commands / writes messages). */
export interface FakeUser {
  /** Snowflake id. */
  id: string;
  /** Username (lower-case, no discriminator). */
  username: string;
  /** Display name; `null` when omitted. */
  globalName?: string | null;
  /** Whether this user is a bot account. */
  bot?: boolean;
}

/** A guild text channel to create in a fake guild. */
export interface FakeChannelOptions {
  /** Snowflake id. */
  id: string;
  /** Channel name (default `channel-<n>`). */
  name?: string;
  /** Channel type (default 0 = GUILD_TEXT). */
  type?: number;
}

/** A guild to put in the bot's READY / GUILD_CREATE. */
export interface FakeGuildOptions {
  /** Snowflake id. It decides the shard: `(id >> 22) % shardCount`. */
  id: string;
  /** Guild name (default `Fake Guild <n>`). */
  name?: string;
  /** Text channels (default: one channel with a generated id, named `general`). */
  channels?: FakeChannelOptions[];
  /**
   * Permission bitfield (decimal string) of the `@everyone` role, which is all the bot has in this guild. It is also
   * sent as `app_permissions` in interactions. Default: {@link DEFAULT_BOT_PERMISSIONS}.
   */
  everyonePermissions?: string;
}

/** Options of {@link FakeDiscord.start}. */
export interface FakeDiscordOptions {
  /** The only bot token accepted (default `'fake.bot.token'`). REST with another token: 401; IDENTIFY: close 4004. */
  token?: string;
  /** Application id (default: the bot user's id, as for real bots). */
  applicationId?: string;
  /** The bot user (default id `1300000000000000001`, username `fake-bot`). */
  botUser?: { id?: string; username?: string };
  /** Guilds the bot is in (default: one guild with one text channel, see {@link DEFAULT_GUILD_ID}). */
  guilds?: FakeGuildOptions[];
  /** Recommended shard count in `GET /gateway/bot` (default 1). Only used by clients with `shards: 'auto'`. */
  shards?: number;
  /** `heartbeat_interval` sent in HELLO, in ms (default 41250). Use a few hundred ms in tests. */
  heartbeatInterval?: number;
  /**
   * Intents a client may IDENTIFY with; any other bit closes the socket with 4014 (disallowed intents), as Discord does
   * for privileged intents the app is not approved for. Default: every intent except MessageContent (1<<15),
   * GuildMembers (1<<1) and GuildPresences (1<<8).
   */
  allowedIntents?: number;
  /** `session_start_limit.max_concurrency` in `GET /gateway/bot` (default 16). */
  maxConcurrency?: number;
  /**
   * Interactions must get their callback within this many ms of being sent, or the callback is answered 404
   * `{code:10062,message:'Unknown interaction'}`, like Discord's 3 s rule. Default 3000; 0 disables the check.
   */
  interactionDeadlineMs?: number;
  /**
   * Check message bodies against Discord limits (2000 chars of content, 10 embeds, 6000 embed chars, field limits,
   * 25 autocomplete choices, empty messages, command names...) and answer 400 like Discord. Default true.
   */
  validate?: boolean;
  /** Port to listen on (default 0 = any free port). The host is always 127.0.0.1. */
  port?: number;
  /** Log gateway and REST traffic: `true` logs to stderr, or pass a function. Default: silent. */
  debug?: boolean | ((line: string) => void);
  /** `false`: sockets are accepted and never sent HELLO (a gateway that hangs). Default true. */
  sendHello?: boolean;
  /** `false`: a valid IDENTIFY is recorded and answered with nothing, no READY and no close. Default true. */
  sendReady?: boolean;
}

/** A file part of a multipart request. */
export interface RecordedFile {
  /** Form field name, e.g. `files[0]`. */
  field: string;
  /** File name from Content-Disposition. */
  filename: string;
  /** Content-Type of the part. */
  contentType: string;
  /** Size in bytes. */
  size: number;
  /** Raw bytes. */
  data: Buffer;
}

/** One REST request received by the fake (every request is recorded, including faulted and rejected ones). */
export interface RecordedRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Path under `/api/v10`, each segment percent-decoded: `/webhooks/APP/TOKEN/messages/@original`. */
  path: string;
  /** Path as received, without query string: `/api/v10/webhooks/APP/TOKEN/messages/%40original`. */
  rawPath: string;
  /** Query string parameters (`{ with_response: 'false' }`). */
  query: Record<string, string>;
  /** Parsed JSON body, the parsed `payload_json` of a multipart body, or `null`. */
  body: Json;
  /** Files of a multipart body. */
  files: RecordedFile[];
  /** Request headers (lower-case names). */
  headers: Record<string, string>;
  /** `Date.now()` when the request was received. */
  at: number;
  /** HTTP status the fake answered with (0 while the request is still being handled). */
  status: number;
  /** The JSON the fake answered with (`null` for 204 or while pending). */
  responseBody: Json;
  /** True when the answer came from a {@link FakeDiscord.failNext} rule. */
  injected: boolean;
}

/** Kind of an interaction response, see {@link InteractionResponseRecord}. */
export type InteractionResponseKind =
  | 'callback'
  | 'editOriginal'
  | 'deleteOriginal'
  | 'followup'
  | 'editFollowup'
  | 'deleteFollowup';

/** A response the bot successfully gave to an interaction (rejected or faulted attempts are not included). */
export interface InteractionResponseRecord {
  /** Interaction id. */
  interactionId: string;
  /**
   * `callback`: `POST /interactions/:id/:token/callback`; `editOriginal` / `deleteOriginal`: PATCH / DELETE
   * `/webhooks/:app/:token/messages/@original`; `followup`: `POST /webhooks/:app/:token`; `editFollowup` /
   * `deleteFollowup`: PATCH / DELETE `/webhooks/:app/:token/messages/:id`.
   */
  kind: InteractionResponseKind;
  /** Callback type for `kind: 'callback'` (4 reply, 5 deferReply, 6 deferUpdate, 7 update, 8 autocomplete, 9 modal). */
  type?: number;
  /** `body.data` of a callback, or the whole body of a webhook request (content, embeds, allowed_mentions...). */
  data: Json;
  /** The message that resulted (original, updated or follow-up), if any. */
  message: Json;
  /** The REST request. */
  request: RecordedRequest;
  /** `Date.now()` of the request. */
  at: number;
}

/** An IDENTIFY the gateway received. */
export interface IdentifyRecord {
  /** `[shardId, shardCount]` (defaults to `[0, 1]` when the client sent none). */
  shard: [number, number];
  /** Intents bitfield. */
  intents: number;
  /** Whether the token matched. */
  tokenValid: boolean;
  /** Close code the fake answered with (4004, 4013, 4014, 4010...), or null when a session started. */
  closedWith: number | null;
  /** Session id started, if accepted. */
  sessionId: string | null;
  /** The IDENTIFY `d` with `token` replaced by `'<redacted>'`. */
  payload: Json;
  /** `Date.now()`. */
  at: number;
}

/** A RESUME the gateway received. */
export interface ResumeRecord {
  /** `session_id` sent. */
  sessionId: string;
  /** `seq` sent (last sequence number the client saw). */
  seq: number | null;
  /** Whether the token matched. */
  tokenValid: boolean;
  /** True when the session was resumed; false when answered with op 9 (invalid session) or a close. */
  accepted: boolean;
  /** Number of missed dispatches replayed before RESUMED. */
  replayed: number;
  /** Shard of the session, if known. */
  shard: [number, number] | null;
  /** `Date.now()`. */
  at: number;
}

/** One line of the gateway log. */
export interface GatewayLogEntry {
  /** `in`: from the client; `out`: to the client; `open` / `close`: socket events. */
  direction: 'in' | 'out' | 'open' | 'close';
  /** Internal connection number (increments per socket). */
  connection: number;
  /** Shard of the connection's session, once identified/resumed. */
  shard: [number, number] | null;
  /** Opcode, for `in`/`out`. */
  op?: number;
  /** Dispatch event name. */
  t?: string | null;
  /** Dispatch sequence. */
  s?: number | null;
  /** Close code, for `close`. */
  code?: number;
  /** `Date.now()`. */
  at: number;
}

/** A read-only view of a gateway session. */
export interface SessionInfo {
  /** `session_id`. */
  sessionId: string;
  /** `[shardId, shardCount]`. */
  shard: [number, number];
  /** Intents of the IDENTIFY. */
  intents: number;
  /** Whether a socket is currently attached. */
  connected: boolean;
  /** Last sequence number sent. */
  seq: number;
}

/** A fault rule for {@link FakeDiscord.failNext}. */
export interface FaultRule {
  /** HTTP method to match (any if omitted), case-insensitive. */
  method?: string;
  /** Matched against the decoded path under `/api/v10` (e.g. `/interactions/1/tok/callback`) and the raw path. */
  path: RegExp;
  /**
   * Status to answer with. If omitted, the request is only delayed by `delayMs` and then handled normally.
   * 429 gets default body `{message, retry_after, global:false}` and a `Retry-After` header (default 0.1 s).
   */
  status?: number;
  /** JSON body (default: a Discord-like `{code, message}` for the status). */
  body?: object;
  /** Extra response headers, e.g. `{ 'Retry-After': '0.5' }` (seconds, may be fractional). */
  headers?: Record<string, string>;
  /** Number of matching requests this rule applies to (default 1). */
  times?: number;
  /** Wait this long before answering (simulates a slow Discord). */
  delayMs?: number;
}

/** Common options of the interaction helpers. */
export interface InteractionOptions {
  /** Guild (default: the first guild). */
  guildId?: string;
  /** Channel (default: the guild's first channel). Must be a channel of the guild. */
  channelId?: string;
  /** Invoking user (default {@link DEFAULT_USER}). */
  user?: FakeUser;
  /** The member's permission bitfield as a decimal string (default `'0'`). */
  permissions?: string;
  /** Member role ids (default `[]`). */
  roles?: string[];
  /** `app_permissions` (default: the guild's `everyonePermissions`). */
  appPermissions?: string;
  /** `locale` (default `'en-US'`). */
  locale?: string;
}

/** A slash-command option as Discord sends it. */
export interface CommandOption {
  name: string;
  /** ApplicationCommandOptionType (3 string, 4 integer, 5 boolean, 10 number, 1 subcommand, 2 group...). */
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  /** Nested options for subcommands/groups. */
  options?: CommandOption[];
}

/** Options of {@link FakeDiscord.sendCommand} and {@link FakeDiscord.sendAutocomplete}. */
export interface CommandInteractionOptions extends InteractionOptions {
  /** Command name. */
  name: string;
  /** Options (for autocomplete exactly one should have `focused: true`; the last one is focused otherwise). */
  options?: CommandOption[];
  /** Command id (default: the id of the registered command with this name, or a stable generated one). */
  commandId?: string;
}

/** Options of {@link FakeDiscord.clickButton} and {@link FakeDiscord.selectMenu}. */
export interface ComponentInteractionOptions extends InteractionOptions {
  /** The component's `custom_id`. */
  customId: string;
  /**
   * The message carrying the component. If it is a message the fake knows (one the bot sent or an interaction
   * reply), its stored object is used; otherwise a bot message with that id is synthesised.
   */
  messageId?: string;
  /** A complete message object to send instead (overrides `messageId`). */
  message?: Json;
}

/** Options of {@link FakeDiscord.sendMessage}. */
export interface MessageOptions {
  /** Message content. Include `<@BOT_ID>` for a realistic mention. */
  content: string;
  /** Guild (default: the first guild). */
  guildId?: string;
  /** Channel (default: the guild's first channel). Must be a channel of the guild, or discord.js drops the event. */
  channelId?: string;
  /** Author (default {@link DEFAULT_USER}). */
  author?: FakeUser;
  /** Put the bot in `mentions[]` (default: true when the content contains `<@BOT_ID>` or `<@!BOT_ID>`). */
  mentionsBot?: boolean;
  /** `mention_everyone` (default false). */
  mentionEveryone?: boolean;
  /** Make it a reply to this message id (sets `message_reference`, and `referenced_message` if known). */
  replyTo?: string;
  /** Author's member roles (default `[]`). */
  roles?: string[];
  /** Extra fields merged into the MESSAGE_CREATE payload (embeds, attachments, ...). */
  extra?: Json;
}

/** What {@link FakeDiscord.sendCommand} and the other interaction helpers return. */
export interface SentInteraction {
  /** Interaction id. */
  id: string;
  /** Interaction token (used in callback and webhook URLs). */
  token: string;
  /** Shard the interaction was dispatched to. */
  shard: [number, number];
}

// ---------------------------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------------------------

/** Default bot token. */
export const DEFAULT_TOKEN = 'fake.bot.token';
/** Default bot user id (and application id). */
export const DEFAULT_BOT_ID = '1300000000000000001';
/** Default guild id (with several shards, check its shard with {@link guildShard}). */
export const DEFAULT_GUILD_ID = '1300000000000000100';
/** Default channel id of the default guild. */
export const DEFAULT_CHANNEL_ID = '1300000000000000200';
/** Default user for interactions and messages. */
export const DEFAULT_USER: FakeUser = { id: '1300000000000000300', username: 'tester', globalName: 'Tester' };

const P = PermissionFlagsBits;
/** Default `@everyone` permissions: view, send, embed, attach, history, reactions, external emojis, app commands. */
export const DEFAULT_BOT_PERMISSIONS = String(
  P.ViewChannel |
    P.SendMessages |
    P.SendMessagesInThreads |
    P.EmbedLinks |
    P.AttachFiles |
    P.ReadMessageHistory |
    P.AddReactions |
    P.UseExternalEmojis |
    P.UseApplicationCommands,
);

/** Every intent bit known to discord-api-types. */
export const ALL_INTENTS = Object.values(GatewayIntentBits)
  .filter((v): v is number => typeof v === 'number')
  .reduce((a, b) => a | b, 0);

/** Privileged intents: GuildMembers, GuildPresences, MessageContent. */
export const PRIVILEGED_INTENTS =
  GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

const DISCORD_EPOCH = 1420070400000n;
const MAX_EVENTS_PER_SESSION = 2000;
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Close codes after which Discord allows a RESUME. */
const RESUMABLE_CLOSE_CODES = new Set([4000, 4001, 4002, 4003, 4005, 4008]);

// ---------------------------------------------------------------------------------------------------------------
// Internal types
// ---------------------------------------------------------------------------------------------------------------

interface Guild {
  id: string;
  name: string;
  channels: Array<{ id: string; name: string; type: number }>;
  everyonePermissions: string;
  joinedAt: string;
}

interface Session {
  id: string;
  shardId: number;
  shardCount: number;
  intents: number;
  seq: number;
  events: Array<{ op: 0; t: string; s: number; d: Json }>;
  conn: Conn | null;
  createdAt: number;
}

interface Conn {
  id: number;
  ws: WebSocket;
  session: Session | null;
  closed: boolean;
}

interface InteractionState {
  id: string;
  token: string;
  type: number;
  payload: Json;
  createdAt: number;
  acknowledged: boolean;
  callbackType: number | null;
  original: Json | null;
  followups: Map<string, Json>;
  responses: InteractionResponseRecord[];
}

interface RouteResult {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(typeof body?.message === 'string' ? body.message : `HTTP ${status}`);
  }
}

const notFound = (code: number, message: string) => new HttpError(404, { code, message });
const invalidForm = (errors: Json) =>
  new HttpError(400, { code: 50035, message: 'Invalid Form Body', errors: errors ?? {} });

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

let snowflakeIncrement = 0n;

/** Generates a snowflake for the current time (or `time`), unique within this process. */
export function snowflake(time: number = Date.now()): string {
  snowflakeIncrement = (snowflakeIncrement + 1n) & 0xfffn;
  return String(((BigInt(time) - DISCORD_EPOCH) << 22n) | (1n << 17n) | snowflakeIncrement);
}

/** Shard of a guild: `(BigInt(guildId) >> 22n) % shardCount`, as Discord computes it. */
export function guildShard(guildId: string, shardCount: number): number {
  if (shardCount <= 1) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Generates a snowflake (usable as a guild id) that lands on `shardId` out of `shardCount`. */
export function snowflakeForShard(shardId: number, shardCount: number): string {
  if (shardId < 0 || shardId >= shardCount)
    throw new RangeError(`shard ${shardId} is not in [0, ${shardCount})`);
  const count = BigInt(shardCount);
  const base = BigInt(Date.now()) - DISCORD_EPOCH;
  const ts = base - (base % count) + BigInt(shardId);
  snowflakeIncrement = (snowflakeIncrement + 1n) & 0xfffn;
  return String((ts << 22n) | (1n << 17n) | snowflakeIncrement);
}

function randomToken(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function userObject(user: FakeUser): Json {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName ?? null,
    avatar: null,
    ...(user.bot ? { bot: true } : {}),
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
  };
}

function memberObject(joinedAt: string, roles: string[] = []): Json {
  return {
    nick: null,
    avatar: null,
    banner: null,
    roles,
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

/** Splits a multipart/form-data body. Tolerant: returns what it can parse. */
function parseMultipart(
  buf: Buffer,
  boundary: string,
): Array<{ headers: Record<string, string>; data: Buffer }> {
  const parts: Array<{ headers: Record<string, string>; data: Buffer }> = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = buf.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    if (buf.subarray(start, start + 2).toString() === '--') break;
    const headerStart = start + 2; // skip CRLF
    const headerEnd = buf.indexOf('\r\n\r\n', headerStart);
    if (headerEnd === -1) break;
    const next = buf.indexOf(delimiter, headerEnd + 4);
    if (next === -1) break;
    const headers: Record<string, string> = {};
    for (const line of buf.subarray(headerStart, headerEnd).toString('utf8').split('\r\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    let end = next;
    if (buf[end - 2] === 13 && buf[end - 1] === 10) end -= 2;
    parts.push({ headers, data: buf.subarray(headerEnd + 4, end) });
    pos = next;
  }
  return parts;
}

function dispositionParam(disposition: string, name: string): string | undefined {
  const m = new RegExp(`${name}="([^"]*)"`, 'i').exec(disposition);
  return m?.[1];
}

/** Checks a message-like body against Discord's limits; returns an `errors` object or null. */
function messageErrors(body: Json, requireNonEmpty: boolean, hasFiles: boolean): Json | null {
  if (!isObject(body)) return null;
  const errors: Record<string, Json> = {};
  const err = (code: string, message: string) => ({ _errors: [{ code, message }] });
  if (typeof body.content === 'string' && body.content.length > 2000) {
    errors.content = err('BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
  }
  const embeds = Array.isArray(body.embeds) ? body.embeds : [];
  if (embeds.length > 10) errors.embeds = err('BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  let total = 0;
  const len = (v: unknown) => (typeof v === 'string' ? v.length : 0);
  embeds.forEach((e: Json, i: number) => {
    if (!isObject(e)) return;
    const ee: Record<string, Json> = {};
    const check = (key: string, v: unknown, max: number) => {
      if (len(v) > max) ee[key] = err('BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
      total += len(v);
    };
    check('title', e.title, 256);
    check('description', e.description, 4096);
    if (isObject(e.footer)) check('footer', e.footer.text, 2048);
    if (isObject(e.author)) check('author', e.author.name, 256);
    const fields = Array.isArray(e.fields) ? e.fields : [];
    if (fields.length > 25) ee.fields = err('BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    fields.forEach((f: Json, j: number) => {
      if (!isObject(f)) return;
      if (len(f.name) > 256 || len(f.value) > 1024 || len(f.name) === 0 || len(f.value) === 0) {
        ee[`fields.${j}`] = err('BASE_TYPE_BAD_LENGTH', 'Field name 1-256 and value 1-1024 chars.');
      }
      total += len(f.name) + len(f.value);
    });
    if (Object.keys(ee).length) errors[`embeds.${i}`] = ee;
  });
  if (total > 6000)
    errors.embeds ??= err('MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  const components = Array.isArray(body.components) ? body.components : [];
  const isV2 = typeof body.flags === 'number' && (body.flags & MessageFlags.IsComponentsV2) !== 0;
  if (!isV2 && components.length > 5) {
    errors.components = err('BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  }
  if (Object.keys(errors).length) return errors;
  if (requireNonEmpty) {
    const empty =
      !len(body.content) &&
      embeds.length === 0 &&
      components.length === 0 &&
      !hasFiles &&
      !(Array.isArray(body.sticker_ids) && body.sticker_ids.length) &&
      !body.poll;
    if (empty) return { __empty: true };
  }
  return null;
}

function assertMessageBody(body: Json, requireNonEmpty: boolean, hasFiles: boolean): void {
  const errors = messageErrors(body, requireNonEmpty, hasFiles);
  if (!errors) return;
  if (errors.__empty) throw new HttpError(400, { code: 50006, message: 'Cannot send an empty message' });
  throw invalidForm(errors);
}

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function commandErrors(cmds: Json[]): Json | null {
  const errors: Record<string, Json> = {};
  const err = (message: string) => ({ _errors: [{ code: 'INVALID', message }] });
  const names = new Set<string>();
  const checkOptions = (opts: Json, prefix: string) => {
    if (opts === undefined || opts === null) return;
    if (!Array.isArray(opts)) {
      errors[prefix] = err('options must be an array');
      return;
    }
    if (opts.length > 25) errors[prefix] = err('Must be 25 or fewer in length.');
    opts.forEach((o: Json, i: number) => {
      const p = `${prefix}.${i}`;
      if (!isObject(o)) return;
      if (typeof o.name !== 'string' || !COMMAND_NAME.test(o.name) || o.name !== o.name.toLowerCase()) {
        errors[`${p}.name`] = err('Invalid option name');
      }
      if (typeof o.description !== 'string' || o.description.length < 1 || o.description.length > 100) {
        errors[`${p}.description`] = err('Must be between 1 and 100 in length.');
      }
      if (Array.isArray(o.choices) && o.choices.length > 25)
        errors[`${p}.choices`] = err('Must be 25 or fewer.');
      if (o.autocomplete && Array.isArray(o.choices) && o.choices.length) {
        errors[`${p}.autocomplete`] = err('Autocomplete and choices are mutually exclusive');
      }
      checkOptions(o.options, `${p}.options`);
    });
  };
  cmds.forEach((c: Json, i: number) => {
    if (!isObject(c)) {
      errors[String(i)] = err('Command must be an object');
      return;
    }
    const type = c.type ?? ApplicationCommandType.ChatInput;
    const chatInput = type === ApplicationCommandType.ChatInput;
    const nameOk =
      typeof c.name === 'string' &&
      (chatInput ? COMMAND_NAME.test(c.name) && c.name === c.name.toLowerCase() : c.name.length <= 32);
    if (!nameOk) errors[`${i}.name`] = err('Invalid command name');
    if (
      chatInput &&
      (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 100)
    ) {
      errors[`${i}.description`] = err('Must be between 1 and 100 in length.');
    }
    const key = `${type}:${c.name}`;
    if (names.has(key)) errors[`${i}.name`] = err('Application command names must be unique');
    names.add(key);
    checkOptions(c.options, `${i}.options`);
  });
  return Object.keys(errors).length ? errors : null;
}

// ---------------------------------------------------------------------------------------------------------------
// FakeDiscord
// ---------------------------------------------------------------------------------------------------------------

/**
 * A fake Discord (REST v10 + gateway) on 127.0.0.1. Create it with {@link FakeDiscord.start}, close it with
 * {@link FakeDiscord.close}.
 *
 * @example
 * ```ts
 * const fake = await FakeDiscord.start({ heartbeatInterval: 250 });
 * const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
 * await client.login(fake.token);
 * await fake.waitForReady();
 * const { id } = fake.sendCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'hi' }] });
 * const res = await fake.waitForInteractionResponse(id);
 * expect(res.type).toBe(4);
 * ```
 */
export class FakeDiscord {
  /** The accepted bot token. */
  readonly token: string;
  /** Application id. */
  readonly applicationId: string;
  /** The bot user. */
  readonly botUser: FakeUser;
  /** `http://127.0.0.1:PORT/api`: pass it as discord.js `rest.api`. */
  readonly apiUrl: string;
  /** `ws://127.0.0.1:PORT`: what `GET /gateway/bot` returns. */
  readonly gatewayUrl: string;
  /** The TCP port. */
  readonly port: number;

  /** Every REST request, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Every IDENTIFY, in arrival order (accepted or not). */
  readonly identifies: IdentifyRecord[] = [];
  /** Every RESUME, in arrival order (accepted or not). */
  readonly resumes: ResumeRecord[] = [];
  /** Gateway traffic (opcodes, events, sequence numbers, socket opens/closes); at most 10000 entries. */
  readonly gatewayLog: GatewayLogEntry[] = [];
  /** Commands registered by the bot via PUT/POST `/applications/:app[/guilds/:guild]/commands`. */
  readonly commands: { global: Json[]; guilds: Record<string, Json[]> } = { global: [], guilds: {} };

  private readonly options: Required<
    Pick<
      FakeDiscordOptions,
      | 'shards'
      | 'heartbeatInterval'
      | 'allowedIntents'
      | 'maxConcurrency'
      | 'interactionDeadlineMs'
      | 'validate'
      | 'sendHello'
      | 'sendReady'
    >
  >;
  private readonly log: ((line: string) => void) | null;
  private readonly guilds: Guild[];
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<Socket>();
  private readonly conns = new Set<Conn>();
  private readonly sessions = new Map<string, Session>();
  private readonly interactions = new Map<string, InteractionState>();
  private readonly interactionsByToken = new Map<string, InteractionState>();
  private readonly messages = new Map<string, Json>();
  private readonly channelPosts = new Map<string, Json[]>();
  private readonly users = new Map<string, FakeUser>();
  private readonly commandIds = new Map<string, string>();
  private faults: Array<FaultRule & { remaining: number }> = [];
  private readonly waiters = new Set<() => void>();
  private connCounter = 0;
  private closed = false;

  private constructor(server: Server, wss: WebSocketServer, port: number, opts: FakeDiscordOptions) {
    this.server = server;
    this.wss = wss;
    this.port = port;
    this.apiUrl = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}`;
    this.token = opts.token ?? DEFAULT_TOKEN;
    const botId = opts.botUser?.id ?? DEFAULT_BOT_ID;
    this.botUser = { id: botId, username: opts.botUser?.username ?? 'fake-bot', globalName: null, bot: true };
    this.applicationId = opts.applicationId ?? botId;
    this.options = {
      shards: opts.shards ?? 1,
      heartbeatInterval: opts.heartbeatInterval ?? 41250,
      allowedIntents: opts.allowedIntents ?? ALL_INTENTS & ~PRIVILEGED_INTENTS,
      maxConcurrency: opts.maxConcurrency ?? 16,
      interactionDeadlineMs: opts.interactionDeadlineMs ?? 3000,
      validate: opts.validate ?? true,
      sendHello: opts.sendHello ?? true,
      sendReady: opts.sendReady ?? true,
    };
    this.log =
      opts.debug === true
        ? (line) => process.stderr.write(`[fake-discord] ${line}\n`)
        : typeof opts.debug === 'function'
          ? opts.debug
          : null;
    const joinedAt = new Date().toISOString();
    const guildOpts = opts.guilds ?? [{ id: DEFAULT_GUILD_ID, channels: [{ id: DEFAULT_CHANNEL_ID }] }];
    this.guilds = guildOpts.map((g, gi) => ({
      id: g.id,
      name: g.name ?? `Fake Guild ${gi + 1}`,
      everyonePermissions: g.everyonePermissions ?? DEFAULT_BOT_PERMISSIONS,
      joinedAt,
      channels: (g.channels ?? [{ id: snowflake(), name: 'general' }]).map((c, ci) => ({
        id: c.id,
        name: c.name ?? (ci === 0 && !g.channels ? 'general' : `channel-${ci + 1}`),
        type: c.type ?? ChannelType.GuildText,
      })),
    }));
    this.users.set(this.botUser.id, this.botUser);
    this.users.set(DEFAULT_USER.id, DEFAULT_USER);
  }

  /**
   * Starts a fake Discord on 127.0.0.1 (a free port unless `options.port` is set).
   *
   * @param options - See {@link FakeDiscordOptions}.
   * @returns The running fake.
   */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    const wss = new WebSocketServer({
      noServer: true,
      perMessageDeflate: false,
      maxPayload: 16 * 1024 * 1024,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    const fake = new FakeDiscord(server, wss, port, options);
    fake.attach();
    return fake;
  }

  /** Shard of a guild: `(BigInt(guildId) >> 22n) % shardCount`. */
  guildShard(guildId: string, shardCount: number): number {
    return guildShard(guildId, shardCount);
  }

  /** Read-only view of the gateway sessions the fake currently keeps (connected or resumable). */
  get sessionList(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => ({
      sessionId: s.id,
      shard: [s.shardId, s.shardCount],
      intents: s.intents,
      connected: this.isLive(s),
      seq: s.seq,
    }));
  }

  /** Ids of the configured guilds, in order. */
  get guildIds(): string[] {
    return this.guilds.map((g) => g.id);
  }

  /** Channel ids of a guild (default: the first guild). */
  channelIds(guildId: string = this.defaultGuild().id): string[] {
    return this.guild(guildId).channels.map((c) => c.id);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Waiting
  // -------------------------------------------------------------------------------------------------------------

  /**
   * Waits until `check()` returns a truthy value and resolves with it. `check` runs now, on every request and
   * gateway message, and every 25 ms.
   *
   * @param check - Returns the value to resolve with, or a falsy value to keep waiting.
   * @param timeoutMs - Rejects after this long (default 5000) with an error naming `description`.
   * @param description - Used in the timeout error.
   */
  waitFor<T>(
    check: () => T | undefined | null | false,
    timeoutMs = 5000,
    description = 'condition',
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const finish = (fn: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearInterval(poll);
        this.waiters.delete(evaluate);
        fn();
      };
      const evaluate = () => {
        if (done) return;
        if (this.closed) {
          finish(() => reject(new Error(`FakeDiscord closed while waiting for ${description}`)));
          return;
        }
        try {
          const v = check();
          if (v) finish(() => resolve(v as T));
        } catch (error) {
          finish(() => reject(error));
        }
      };
      const timer = setTimeout(() => {
        finish(() =>
          reject(
            new Error(
              `FakeDiscord: timed out after ${timeoutMs} ms waiting for ${description}.\n${this.describeRecent()}`,
            ),
          ),
        );
      }, timeoutMs);
      const poll = setInterval(evaluate, 25);
      this.waiters.add(evaluate);
      evaluate();
    });
  }

  /**
   * Resolves when at least `shardCount` sessions are connected and have been sent READY and their GUILD_CREATEs.
   * (The client processes them asynchronously; wait for discord.js `clientReady` too if you need its cache.)
   *
   * @param shardCount - Number of ready sessions to wait for (default 1).
   * @param timeoutMs - Default 10000.
   */
  async waitForReady(shardCount = 1, timeoutMs = 10_000): Promise<SessionInfo[]> {
    return this.waitFor(
      () => {
        const live = this.sessionList.filter((s) => s.connected);
        return live.length >= shardCount ? live : null;
      },
      timeoutMs,
      `${shardCount} ready gateway session(s)`,
    );
  }

  /**
   * Resolves with the first REST request (already received or future) matching `predicate`.
   *
   * @param predicate - Tested on each {@link RecordedRequest} once its response status is known.
   * @param timeoutMs - Default 5000.
   */
  waitForRequest(predicate: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitFor(
      () => this.requests.find((r) => r.status !== 0 && predicate(r)),
      timeoutMs,
      'a REST request',
    );
  }

  /**
   * Resolves with the first accepted response to an interaction (already received or future) matching `predicate`.
   *
   * @param interactionId - The id returned by {@link sendCommand} etc.
   * @param opts - `timeoutMs` (default 5000) and an optional `predicate`.
   */
  waitForInteractionResponse(
    interactionId: string,
    opts: { timeoutMs?: number; predicate?: (r: InteractionResponseRecord) => boolean } = {},
  ): Promise<InteractionResponseRecord> {
    const { timeoutMs = 5000, predicate } = opts;
    return this.waitFor(
      () => this.interactionResponses(interactionId).find((r) => !predicate || predicate(r)),
      timeoutMs,
      `a response to interaction ${interactionId}${predicate ? ' matching the predicate' : ''}`,
    );
  }

  /**
   * Resolves with the first message the bot posted with `POST /channels/:id/messages` in `channelId` (already
   * posted or future) matching `predicate`.
   */
  waitForChannelMessage(
    channelId: string,
    opts: { timeoutMs?: number; predicate?: (m: Json) => boolean } = {},
  ): Promise<Json> {
    const { timeoutMs = 5000, predicate } = opts;
    return this.waitFor(
      () => this.channelMessages(channelId).find((m) => !predicate || predicate(m)),
      timeoutMs,
      `a bot message in channel ${channelId}`,
    );
  }

  // -------------------------------------------------------------------------------------------------------------
  // Inspecting what the bot did
  // -------------------------------------------------------------------------------------------------------------

  /** Accepted responses to an interaction, in order (callback, edits of @original, follow-ups...). */
  interactionResponses(interactionId: string): InteractionResponseRecord[] {
    return this.interactions.get(interactionId)?.responses ?? [];
  }

  /**
   * The current original response message of an interaction (after edits), or null if none. For component
   * interactions answered with update/deferUpdate this is the component's message.
   */
  originalMessage(interactionId: string): Json | null {
    return this.interactions.get(interactionId)?.original ?? null;
  }

  /** Messages the bot created in a channel with `POST /channels/:id/messages`, oldest first (edits applied). */
  channelMessages(channelId: string): Json[] {
    return this.channelPosts.get(channelId) ?? [];
  }

  /** Forgets recorded requests, identifies, resumes, gateway log and posted channel messages (not sessions). */
  clearRecords(): void {
    this.requests.length = 0;
    this.identifies.length = 0;
    this.resumes.length = 0;
    this.gatewayLog.length = 0;
    this.channelPosts.clear();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Fault injection
  // -------------------------------------------------------------------------------------------------------------

  /**
   * Makes the next `times` (default 1) REST requests matching `rule` fail with `rule.status` (or only be delayed).
   * Rules are checked in the order they were added; the first match is used and counted down.
   *
   * @example
   * ```ts
   * fake.failNext({ path: /\/callback$/, status: 429, headers: { 'Retry-After': '0.5' } });
   * fake.failNext({ method: 'PATCH', path: /@original$/, status: 500, times: 2 });
   * fake.failNext({ path: /\/callback$/, status: 404, body: { code: 10062, message: 'Unknown interaction' } });
   * ```
   */
  failNext(rule: FaultRule): void {
    this.faults.push({ ...rule, remaining: Math.max(1, rule.times ?? 1) });
  }

  /** Removes all pending fault rules. */
  clearFaults(): void {
    this.faults = [];
  }

  /** Number of fault-rule uses left in total. */
  get pendingFaults(): number {
    return this.faults.reduce((a, f) => a + f.remaining, 0);
  }

  /**
   * Terminates the shard's socket without a close frame (like a network drop; the client sees 1006). The session
   * stays resumable: discord.js reconnects about 500 ms later and sends RESUME, and the fake replays what it missed.
   * Dispatches sent while disconnected are queued for that replay.
   *
   * @returns false if the shard had no live connection.
   */
  dropConnection(shardId = 0): boolean {
    const conn = this.liveConn(shardId);
    if (!conn) return false;
    this.debugLog(`drop connection ${conn.id} (shard ${shardId})`);
    conn.ws.terminate();
    return true;
  }

  /**
   * Sends op 9 INVALID_SESSION to the shard. With `resumable = false` (default) the session is forgotten and
   * discord.js re-IDENTIFIES (after closing the socket and waiting for its identify throttle). With `true` the
   * client sends RESUME on the same socket.
   */
  invalidateSession(shardId = 0, resumable = false): boolean {
    const conn = this.liveConn(shardId);
    if (!conn) return false;
    if (!resumable && conn.session) this.sessions.delete(conn.session.id);
    this.send(conn, { op: GatewayOpcodes.InvalidSession, d: resumable });
    return true;
  }

  /**
   * Closes the shard's socket with a close code. For codes after which Discord does not allow a RESUME (everything
   * but 4000-4003, 4005 and 4008) the session is forgotten. discord.js stops for good on 4004, 4010-4014.
   */
  closeWith(code: number, shardId = 0, reason = ''): boolean {
    const conn = this.liveConn(shardId);
    if (!conn) return false;
    if (!RESUMABLE_CLOSE_CODES.has(code) && conn.session) this.sessions.delete(conn.session.id);
    this.closeConn(conn, code, reason);
    return true;
  }

  /**
   * Stops reading from every open socket (gateway and REST), as a hung server would: nothing the bot sends
   * on them, a close frame included, is ever answered. Sockets opened later are served normally.
   */
  stall(): void {
    for (const socket of this.sockets) socket.pause();
  }

  /** Sends op 7 RECONNECT: discord.js closes with 4200, reconnects about 500 ms later and RESUMEs. */
  reconnect(shardId = 0): boolean {
    const conn = this.liveConn(shardId);
    if (!conn) return false;
    this.send(conn, { op: GatewayOpcodes.Reconnect, d: null });
    return true;
  }

  /** Sends op 1 HEARTBEAT (a heartbeat request) to the shard. */
  requestHeartbeat(shardId = 0): boolean {
    const conn = this.liveConn(shardId);
    if (!conn) return false;
    this.send(conn, { op: GatewayOpcodes.Heartbeat, d: conn.session?.seq ?? null });
    return true;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Injecting events
  // -------------------------------------------------------------------------------------------------------------

  /**
   * Dispatches a raw gateway event (op 0) with the next sequence number of the target session.
   *
   * @param event - Event name, e.g. `'GUILD_DELETE'`.
   * @param data - The `d` payload.
   * @param target - `guildId` (routes to the owning shard) or `shardId` (default shard 0). `all: true` sends it to
   *   every matching session instead of only the most recent one.
   */
  dispatch(
    event: string,
    data: Json,
    target: { guildId?: string; shardId?: number; all?: boolean } = {},
  ): void {
    const sessions =
      target.guildId !== undefined
        ? this.sessionsForGuild(target.guildId)
        : this.sessionsForShard(target.shardId ?? 0);
    if (sessions.length === 0) throw new Error(`FakeDiscord: no gateway session to dispatch ${event} to`);
    for (const s of target.all ? sessions : sessions.slice(0, 1)) this.dispatchTo(s, event, data);
  }

  /**
   * Sends a slash command (INTERACTION_CREATE type 2, data.type 1) to the shard that owns the guild.
   *
   * @returns The interaction id and token.
   */
  sendCommand(opts: CommandInteractionOptions): SentInteraction {
    return this.sendInteraction(InteractionType.ApplicationCommand, opts, this.commandData(opts));
  }

  /**
   * Sends an autocomplete interaction (type 4). One option should have `focused: true` (the last one is marked
   * focused otherwise).
   */
  sendAutocomplete(opts: CommandInteractionOptions): SentInteraction {
    const options = (opts.options ?? []).map((o) => ({ ...o }));
    if (options.length && !options.some((o) => o.focused || o.options?.some((x) => x.focused))) {
      const last = options[options.length - 1];
      if (last) last.focused = true;
    }
    return this.sendInteraction(
      InteractionType.ApplicationCommandAutocomplete,
      opts,
      this.commandData({ ...opts, options }),
    );
  }

  /** Sends a button click (type 3, component_type 2), including the full `message` discord.js requires. */
  clickButton(opts: ComponentInteractionOptions): SentInteraction {
    return this.sendComponent(opts, { custom_id: opts.customId, component_type: ComponentType.Button });
  }

  /** Sends a string select menu choice (type 3, component_type 3) with the chosen `values`. */
  selectMenu(opts: ComponentInteractionOptions & { values: string[] }): SentInteraction {
    return this.sendComponent(opts, {
      custom_id: opts.customId,
      component_type: ComponentType.StringSelect,
      values: opts.values,
    });
  }

  /**
   * Sends a MESSAGE_CREATE in a guild channel to every session of the owning shard. As Discord does, when the
   * session lacks the GuildMessages intent the event is not sent, and when it lacks MessageContent (1<<15) the
   * content, embeds, attachments and components are blanked unless the message mentions the bot.
   *
   * @returns The message id, and whether at least one session received it.
   */
  sendMessage(opts: MessageOptions): { id: string; delivered: boolean } {
    const guild = opts.guildId ? this.guild(opts.guildId) : this.defaultGuild();
    const channel = this.channel(guild, opts.channelId);
    const author = opts.author ?? DEFAULT_USER;
    this.users.set(author.id, author);
    const mentionsBot =
      opts.mentionsBot ??
      (opts.content.includes(`<@${this.botUser.id}>`) || opts.content.includes(`<@!${this.botUser.id}>`));
    const id = snowflake();
    const message: Json = {
      id,
      channel_id: channel.id,
      guild_id: guild.id,
      author: userObject(author),
      member: memberObject(guild.joinedAt, opts.roles ?? []),
      content: opts.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: opts.mentionEveryone ?? false,
      mentions: mentionsBot ? [{ ...userObject(this.botUser), member: memberObject(guild.joinedAt) }] : [],
      mention_roles: [],
      mention_channels: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: MessageType.Default,
      flags: 0,
      nonce: snowflake(),
      ...(opts.extra ?? {}),
    };
    if (opts.replyTo) {
      message.type = MessageType.Reply;
      message.message_reference = {
        type: 0,
        message_id: opts.replyTo,
        channel_id: channel.id,
        guild_id: guild.id,
      };
      message.referenced_message = this.messages.get(opts.replyTo) ?? null;
    }
    this.messages.set(id, message);
    let delivered = false;
    for (const session of this.sessionsForGuild(guild.id)) {
      if ((session.intents & GatewayIntentBits.GuildMessages) === 0) continue;
      let d = message;
      if (
        (session.intents & GatewayIntentBits.MessageContent) === 0 &&
        !mentionsBot &&
        author.id !== this.botUser.id
      ) {
        d = { ...message, content: '', embeds: [], attachments: [], components: [] };
        delete d.poll;
      }
      this.dispatchTo(session, GatewayDispatchEvents.MessageCreate, d);
      delivered = true;
    }
    return { id, delivered };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Shutdown
  // -------------------------------------------------------------------------------------------------------------

  /** Closes all sockets (with 1001), the WebSocket server and the HTTP server; pending waits reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of [...this.waiters]) w();
    for (const conn of this.conns) {
      try {
        conn.ws.terminate();
      } catch {
        // ignore
      }
    }
    this.wss.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const s of this.sockets) s.destroy();
    });
  }

  // =============================================================================================================
  // Internals: setup
  // =============================================================================================================

  private attach(): void {
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {});
    });
    this.server.on('request', (req, res) => {
      this.handleHttp(req, res).catch((error) => this.debugLog(`HTTP handler crashed: ${String(error)}`));
    });
    this.server.on('upgrade', (req, socket, head) => {
      socket.on('error', () => {});
      if (this.closed) {
        socket.destroy();
        return;
      }
      try {
        this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
      } catch (error) {
        this.debugLog(`upgrade failed: ${String(error)}`);
        socket.destroy();
      }
    });
    this.server.on('clientError', (_err, socket) => {
      try {
        socket.destroy();
      } catch {
        // ignore
      }
    });
    this.wss.on('error', (error) => this.debugLog(`wss error: ${String(error)}`));
  }

  private debugLog(line: string): void {
    if (!this.log) return;
    try {
      this.log(line);
    } catch {
      // ignore
    }
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private describeRecent(): string {
    const reqs = this.requests
      .slice(-10)
      .map((r) => `  ${r.method} ${r.path} -> ${r.status}${r.injected ? ' (injected)' : ''}`)
      .join('\n');
    const sessions = this.sessionList
      .map((s) => `  session ${s.sessionId} shard [${s.shard}] connected=${s.connected} seq=${s.seq}`)
      .join('\n');
    return `Last REST requests:\n${reqs || '  (none)'}\nGateway sessions:\n${sessions || '  (none)'}`;
  }

  private defaultGuild(): Guild {
    const g = this.guilds[0];
    if (!g) throw new Error('FakeDiscord: no guild configured');
    return g;
  }

  private guild(id: string): Guild {
    const g = this.guilds.find((x) => x.id === id);
    if (!g) throw new Error(`FakeDiscord: unknown guild ${id} (configured: ${this.guildIds.join(', ')})`);
    return g;
  }

  private channel(guild: Guild, channelId?: string): Guild['channels'][number] {
    const c = channelId ? guild.channels.find((x) => x.id === channelId) : guild.channels[0];
    if (!c) {
      throw new Error(
        `FakeDiscord: guild ${guild.id} has no channel ${channelId ?? '(none configured)'}; discord.js ignores ` +
          'events in channels it did not get in GUILD_CREATE',
      );
    }
    return c;
  }

  private findChannel(channelId: string): { guild: Guild; channel: Guild['channels'][number] } | null {
    for (const guild of this.guilds) {
      const channel = guild.channels.find((c) => c.id === channelId);
      if (channel) return { guild, channel };
    }
    return null;
  }

  // =============================================================================================================
  // Internals: gateway
  // =============================================================================================================

  private isLive(s: Session): boolean {
    return !!s.conn && !s.conn.closed;
  }

  /** Sessions owning a guild: live ones first (most recent first), then resumable disconnected ones. */
  private sessionsForGuild(guildId: string): Session[] {
    const all = [...this.sessions.values()].filter((s) => guildShard(guildId, s.shardCount) === s.shardId);
    return this.orderSessions(all);
  }

  private sessionsForShard(shardId: number): Session[] {
    return this.orderSessions([...this.sessions.values()].filter((s) => s.shardId === shardId));
  }

  private orderSessions(list: Session[]): Session[] {
    const rev = [...list].reverse();
    return [...rev.filter((s) => this.isLive(s)), ...rev.filter((s) => !this.isLive(s))];
  }

  private liveConn(shardId: number): Conn | null {
    const s = this.sessionsForShard(shardId).find((x) => this.isLive(x));
    return s?.conn ?? null;
  }

  private pushLog(entry: Omit<GatewayLogEntry, 'at'>): void {
    this.gatewayLog.push({ ...entry, at: Date.now() });
    if (this.gatewayLog.length > 10_000) this.gatewayLog.splice(0, this.gatewayLog.length - 10_000);
  }

  private connShard(conn: Conn): [number, number] | null {
    return conn.session ? [conn.session.shardId, conn.session.shardCount] : null;
  }

  private send(conn: Conn, payload: { op: number; d: Json; s?: number | null; t?: string | null }): void {
    if (conn.closed) return;
    const full = { op: payload.op, d: payload.d, s: payload.s ?? null, t: payload.t ?? null };
    this.pushLog({
      direction: 'out',
      connection: conn.id,
      shard: this.connShard(conn),
      op: full.op,
      t: full.t,
      s: full.s,
    });
    this.debugLog(`ws#${conn.id} <- op ${full.op}${full.t ? ` ${full.t} s=${full.s}` : ''}`);
    try {
      conn.ws.send(JSON.stringify(full));
    } catch (error) {
      this.debugLog(`ws#${conn.id} send failed: ${String(error)}`);
    }
  }

  private closeConn(conn: Conn, code: number, reason = ''): void {
    if (conn.closed) return;
    this.debugLog(`ws#${conn.id} closing with ${code}`);
    try {
      conn.ws.close(code, reason);
    } catch {
      conn.ws.terminate();
    }
    // Make sure a misbehaving client cannot keep it half-open.
    setTimeout(() => {
      if (conn.ws.readyState !== conn.ws.CLOSED) conn.ws.terminate();
    }, 2000).unref();
  }

  private dispatchTo(session: Session, t: string, d: Json): void {
    session.seq += 1;
    // Snapshot, so a replay after RESUME sends what was originally sent even if the fake mutated its objects since.
    const event = { op: 0 as const, t, s: session.seq, d: JSON.parse(JSON.stringify(d ?? null)) };
    session.events.push(event);
    if (session.events.length > MAX_EVENTS_PER_SESSION) session.events.shift();
    if (session.conn && !session.conn.closed) this.send(session.conn, event);
    this.notify();
  }

  private onConnection(ws: WebSocket): void {
    const conn: Conn = { id: ++this.connCounter, ws, session: null, closed: false };
    this.conns.add(conn);
    this.pushLog({ direction: 'open', connection: conn.id, shard: null });
    ws.on('error', (error) => this.debugLog(`ws#${conn.id} error: ${String(error)}`));
    ws.on('message', (data, isBinary) => {
      try {
        this.onGatewayMessage(conn, data, isBinary);
      } catch (error) {
        this.debugLog(`ws#${conn.id} handler error: ${String(error)}`);
      }
    });
    ws.on('close', (code) => {
      conn.closed = true;
      this.conns.delete(conn);
      this.pushLog({ direction: 'close', connection: conn.id, shard: this.connShard(conn), code });
      this.debugLog(`ws#${conn.id} closed ${code}`);
      const s = conn.session;
      if (s && s.conn === conn) {
        s.conn = null;
        // A client closing with 1000/1001 ends its session, as on Discord.
        if (code === 1000 || code === 1001) this.sessions.delete(s.id);
      }
      this.notify();
    });
    if (this.options.sendHello)
      this.send(conn, {
        op: GatewayOpcodes.Hello,
        d: { heartbeat_interval: this.options.heartbeatInterval },
      });
  }

  private onGatewayMessage(conn: Conn, data: RawData, isBinary: boolean): void {
    if (conn.closed) return;
    let payload: Json;
    try {
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data as ArrayBuffer).toString('utf8');
      payload = JSON.parse(text);
    } catch {
      this.debugLog(`ws#${conn.id} undecodable ${isBinary ? 'binary' : 'text'} frame`);
      this.closeConn(conn, 4002, 'Error while decoding payload.');
      return;
    }
    if (!isObject(payload) || typeof payload.op !== 'number') {
      this.closeConn(conn, 4002, 'Error while decoding payload.');
      return;
    }
    this.pushLog({ direction: 'in', connection: conn.id, shard: this.connShard(conn), op: payload.op });
    this.debugLog(`ws#${conn.id} -> op ${payload.op}`);
    const d = payload.d;
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        this.send(conn, { op: GatewayOpcodes.HeartbeatAck, d: null });
        break;
      case GatewayOpcodes.Identify:
        this.onIdentify(conn, d);
        break;
      case GatewayOpcodes.Resume:
        this.onResume(conn, d);
        break;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (!conn.session) this.closeConn(conn, 4003, 'Not authenticated.');
        break;
      case GatewayOpcodes.RequestGuildMembers:
        if (!conn.session) this.closeConn(conn, 4003, 'Not authenticated.');
        else this.onRequestGuildMembers(conn.session, d);
        break;
      default:
        this.closeConn(conn, 4001, 'Unknown opcode.');
    }
    this.notify();
  }

  private onIdentify(conn: Conn, d: Json): void {
    const shardArr = isObject(d) && Array.isArray(d.shard) ? d.shard : [0, 1];
    const shard: [number, number] = [Number(shardArr[0] ?? 0), Number(shardArr[1] ?? 1)];
    const intents = isObject(d) ? d.intents : undefined;
    const tokenValid = isObject(d) && typeof d.token === 'string' && d.token === this.token;
    const record: IdentifyRecord = {
      shard,
      intents: typeof intents === 'number' ? intents : Number.NaN,
      tokenValid,
      closedWith: null,
      sessionId: null,
      payload: isObject(d) ? { ...d, token: '<redacted>' } : d,
      at: Date.now(),
    };
    this.identifies.push(record);
    if (!this.options.sendReady && tokenValid) return;
    const [shardId, shardCount] = shard;
    const rejection: [number, string] | null = conn.session
      ? [4005, 'Already authenticated.']
      : !tokenValid
        ? [4004, 'Authentication failed.']
        : !Number.isInteger(shardId) || !Number.isInteger(shardCount) || shardCount < 1 || shardId < 0
          ? [4010, 'Invalid shard.']
          : shardId >= shardCount
            ? [4010, 'Invalid shard.']
            : typeof intents !== 'number' || !Number.isInteger(intents) || (intents & ~ALL_INTENTS) !== 0
              ? [4013, 'Invalid intent(s).']
              : (intents & ~this.options.allowedIntents) !== 0
                ? [4014, 'Disallowed intent(s).']
                : null;
    if (rejection || typeof intents !== 'number') {
      const [code, reason] = rejection ?? [4013, 'Invalid intent(s).'];
      record.closedWith = code;
      this.closeConn(conn, code, reason);
      return;
    }

    const session: Session = {
      id: randomBytes(16).toString('hex'),
      shardId,
      shardCount,
      intents,
      seq: 0,
      events: [],
      conn,
      createdAt: Date.now(),
    };
    record.sessionId = session.id;
    this.sessions.set(session.id, session);
    conn.session = session;
    const guilds = this.guilds.filter((g) => guildShard(g.id, shardCount) === shardId);
    this.dispatchTo(session, GatewayDispatchEvents.Ready, {
      v: 10,
      user: { ...userObject(this.botUser), verified: true, mfa_enabled: false, email: null },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.gatewayUrl,
      shard: [shardId, shardCount],
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      auth: {},
      _trace: ['["fake-discord",{"micros":0}]'],
    });
    for (const g of guilds)
      this.dispatchTo(session, GatewayDispatchEvents.GuildCreate, this.guildCreatePayload(g));
  }

  private onResume(conn: Conn, d: Json): void {
    const sessionId = isObject(d) && typeof d.session_id === 'string' ? d.session_id : '';
    const seq = isObject(d) && typeof d.seq === 'number' ? d.seq : null;
    const tokenValid = isObject(d) && d.token === this.token;
    const session = this.sessions.get(sessionId);
    const record: ResumeRecord = {
      sessionId,
      seq,
      tokenValid,
      accepted: false,
      replayed: 0,
      shard: session ? [session.shardId, session.shardCount] : null,
      at: Date.now(),
    };
    this.resumes.push(record);
    if (!tokenValid) {
      this.closeConn(conn, 4004, 'Authentication failed.');
      return;
    }
    if (!session) {
      // Discord answers an unknown/expired session with op 9 d:false; the client then re-identifies.
      this.send(conn, { op: GatewayOpcodes.InvalidSession, d: false });
      return;
    }
    if (seq !== null && seq > session.seq) {
      this.sessions.delete(session.id);
      this.closeConn(conn, 4007, 'Invalid seq.');
      return;
    }
    const old = session.conn;
    if (old && old !== conn && !old.closed) {
      old.session = null;
      old.ws.terminate();
    }
    if (conn.session && conn.session !== session && conn.session.conn === conn) conn.session.conn = null;
    session.conn = conn;
    conn.session = session;
    const missed = session.events.filter((e) => e.s > (seq ?? 0));
    for (const e of missed) this.send(conn, e);
    record.accepted = true;
    record.replayed = missed.length;
    this.dispatchTo(session, GatewayDispatchEvents.Resumed, { _trace: ['["fake-discord",{"micros":0}]'] });
  }

  private onRequestGuildMembers(session: Session, d: Json): void {
    if (!isObject(d) || typeof d.guild_id !== 'string') return;
    const guild = this.guilds.find((g) => g.id === d.guild_id);
    if (!guild) return;
    const known = [...this.users.values()];
    const ids: string[] | null = Array.isArray(d.user_ids) ? d.user_ids.map(String) : null;
    const query = typeof d.query === 'string' ? d.query.toLowerCase() : '';
    const found = known.filter((u) =>
      ids ? ids.includes(u.id) : u.username.toLowerCase().startsWith(query),
    );
    const limit = typeof d.limit === 'number' && d.limit > 0 ? d.limit : found.length;
    this.dispatchTo(session, GatewayDispatchEvents.GuildMembersChunk, {
      guild_id: guild.id,
      members: found.slice(0, limit).map((u) => ({ ...memberObject(guild.joinedAt), user: userObject(u) })),
      chunk_index: 0,
      chunk_count: 1,
      not_found: ids ? ids.filter((id) => !found.some((u) => u.id === id)) : [],
      ...(d.nonce !== undefined ? { nonce: d.nonce } : {}),
    });
  }

  private channelPayload(guild: Guild, c: Guild['channels'][number], position: number): Json {
    return {
      id: c.id,
      type: c.type,
      guild_id: guild.id,
      name: c.name,
      position,
      permission_overwrites: [],
      nsfw: false,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
      parent_id: null,
      flags: 0,
    };
  }

  private guildCreatePayload(g: Guild): Json {
    return {
      id: g.id,
      name: g.name,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      owner_id: DEFAULT_USER.id,
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        {
          id: g.id,
          name: '@everyone',
          color: 0,
          colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
          hoist: false,
          icon: null,
          unicode_emoji: null,
          position: 0,
          permissions: g.everyonePermissions,
          managed: false,
          mentionable: false,
          flags: 0,
        },
      ],
      emojis: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      max_presences: null,
      max_members: 500000,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: 0,
      stickers: [],
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      incidents_data: null,
      joined_at: g.joinedAt,
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [{ ...memberObject(g.joinedAt), user: userObject(this.botUser) }],
      channels: g.channels.map((c, i) => this.channelPayload(g, c, i)),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      lazy: true,
    };
  }

  // =============================================================================================================
  // Internals: interactions
  // =============================================================================================================

  private commandData(opts: CommandInteractionOptions): Json {
    const guildId = opts.guildId ?? this.defaultGuild().id;
    const registered =
      this.commands.guilds[guildId]?.find((c) => c.name === opts.name) ??
      this.commands.global.find((c) => c.name === opts.name);
    let id = opts.commandId ?? registered?.id;
    if (!id) {
      id = this.commandIds.get(opts.name) ?? snowflake();
      this.commandIds.set(opts.name, id);
    }
    return {
      id,
      name: opts.name,
      type: ApplicationCommandType.ChatInput,
      ...(opts.options?.length ? { options: opts.options } : {}),
      ...(registered && this.commands.guilds[guildId]?.includes(registered) ? { guild_id: guildId } : {}),
    };
  }

  private sendComponent(opts: ComponentInteractionOptions, data: Json): SentInteraction {
    const guild = opts.guildId ? this.guild(opts.guildId) : this.defaultGuild();
    const channel = this.channel(guild, opts.channelId);
    let message: Json = opts.message;
    if (!message && opts.messageId) message = this.messages.get(opts.messageId);
    if (!message) {
      message = this.buildMessage(channel.id, this.botUser, {
        content: '',
        components: [
          {
            type: ComponentType.ActionRow,
            components: [{ type: 2, style: 1, label: 'Button', custom_id: opts.customId }],
          },
        ],
      });
      if (opts.messageId) message.id = opts.messageId;
      this.messages.set(message.id, message);
    }
    return this.sendInteraction(
      InteractionType.MessageComponent,
      { ...opts, guildId: guild.id },
      data,
      message,
    );
  }

  private sendInteraction(
    type: number,
    opts: InteractionOptions,
    data: Json,
    message?: Json,
  ): SentInteraction {
    const guild = opts.guildId ? this.guild(opts.guildId) : this.defaultGuild();
    const channel = this.channel(guild, opts.channelId);
    const user = opts.user ?? DEFAULT_USER;
    this.users.set(user.id, user);
    const sessions = this.sessionsForGuild(guild.id);
    const session = sessions[0];
    if (!session) {
      throw new Error(
        `FakeDiscord: no gateway session owns guild ${guild.id} (shard ${guildShard(guild.id, this.options.shards)}); ` +
          'did the client log in (await fake.waitForReady())?',
      );
    }
    const id = snowflake();
    const token = randomToken('aW50ZXJhY3Rpb246');
    const locale = opts.locale ?? 'en-US';
    const payload: Json = {
      id,
      application_id: this.applicationId,
      type,
      data,
      guild_id: guild.id,
      guild: { id: guild.id, locale: 'en-US', features: [] },
      channel: this.channelPayload(guild, channel, guild.channels.indexOf(channel)),
      channel_id: channel.id,
      member: {
        ...memberObject(guild.joinedAt, opts.roles ?? []),
        user: userObject(user),
        permissions: opts.permissions ?? '0',
      },
      token,
      version: 1,
      app_permissions: opts.appPermissions ?? guild.everyonePermissions,
      locale,
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
      ...(message ? { message } : {}),
    };
    const state: InteractionState = {
      id,
      token,
      type,
      payload,
      createdAt: Date.now(),
      acknowledged: false,
      callbackType: null,
      original: null,
      followups: new Map(),
      responses: [],
    };
    this.interactions.set(id, state);
    this.interactionsByToken.set(token, state);
    this.dispatchTo(session, GatewayDispatchEvents.InteractionCreate, payload);
    return { id, token, shard: [session.shardId, session.shardCount] };
  }

  // =============================================================================================================
  // Internals: REST
  // =============================================================================================================

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let record: RecordedRequest | null = null;
    const reply = (result: RouteResult) => {
      const headers: Record<string, string> = { ...(result.headers ?? {}) };
      let payload: string | undefined;
      if (result.status !== 204 && result.body !== undefined) {
        payload = JSON.stringify(result.body);
        headers['content-type'] = 'application/json';
      }
      if (record) {
        record.status = result.status;
        record.responseBody = result.status === 204 ? null : (result.body ?? null);
      }
      this.debugLog(`${req.method} ${req.url} -> ${result.status}`);
      try {
        res.writeHead(result.status, headers);
        res.end(payload);
      } catch (error) {
        this.debugLog(`failed to write response: ${String(error)}`);
      }
      this.notify();
    };
    try {
      const raw = await this.readBody(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const rawPath = url.pathname;
      const prefix = '/api/v10';
      const rel = rawPath.startsWith(`${prefix}/`) ? rawPath.slice(prefix.length) : null;
      const segments = (rel ?? rawPath).split('/').slice(1).map(safeDecode);
      const path = `/${segments.join('/')}`;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      }
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = v;
      const method = (req.method ?? 'GET').toUpperCase();
      let body: Json = null;
      const files: RecordedFile[] = [];
      let badJson = false;
      const contentType = headers['content-type'] ?? '';
      if (raw.length) {
        if (contentType.startsWith('multipart/form-data')) {
          const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
          const b = boundary?.[1] ?? boundary?.[2];
          if (b) {
            const fields: Record<string, string> = {};
            for (const part of parseMultipart(raw, b)) {
              const disp = part.headers['content-disposition'] ?? '';
              const name = dispositionParam(disp, 'name') ?? '';
              const filename = dispositionParam(disp, 'filename');
              if (filename !== undefined) {
                files.push({
                  field: name,
                  filename,
                  contentType: part.headers['content-type'] ?? 'application/octet-stream',
                  size: part.data.length,
                  data: Buffer.from(part.data),
                });
              } else {
                fields[name] = part.data.toString('utf8');
              }
            }
            if (fields.payload_json !== undefined) {
              try {
                body = JSON.parse(fields.payload_json);
              } catch {
                badJson = true;
              }
            } else {
              body = fields;
            }
          }
        } else {
          const text = raw.toString('utf8');
          try {
            body = JSON.parse(text);
          } catch {
            if (contentType.includes('json')) badJson = true;
            body = text;
          }
        }
      }
      record = {
        method,
        path,
        rawPath,
        query,
        body,
        files,
        headers,
        at: Date.now(),
        status: 0,
        responseBody: null,
        injected: false,
      };
      this.requests.push(record);
      this.notify();

      const fault = this.takeFault(method, path, rawPath);
      if (fault) {
        if (fault.delayMs) await sleep(fault.delayMs);
        if (fault.status !== undefined) {
          record.injected = true;
          reply(this.faultResult(fault));
          return;
        }
      }
      if (rel === null) {
        reply({ status: 404, body: { code: 0, message: '404: Not Found' } });
        return;
      }
      if (badJson) {
        reply({ status: 400, body: { code: 50109, message: 'The request body contains invalid JSON.' } });
        return;
      }
      reply(this.route(record, segments));
    } catch (error) {
      if (error instanceof HttpError) {
        reply({ status: error.status, body: error.body });
      } else {
        this.debugLog(`internal error: ${error instanceof Error ? error.stack : String(error)}`);
        reply({ status: 500, body: { code: 0, message: `fake-discord internal error: ${String(error)}` } });
      }
    }
  }

  private readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY_BYTES) {
          reject(new HttpError(413, { code: 40005, message: 'Request entity too large' }));
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  private takeFault(method: string, path: string, rawPath: string): FaultRule | null {
    for (const f of this.faults) {
      if (f.method && f.method.toUpperCase() !== method) continue;
      f.path.lastIndex = 0;
      const hit = f.path.test(path);
      f.path.lastIndex = 0;
      if (!hit && !f.path.test(rawPath)) continue;
      f.path.lastIndex = 0;
      f.remaining -= 1;
      if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
      return f;
    }
    return null;
  }

  private faultResult(f: FaultRule): RouteResult {
    const status = f.status ?? 500;
    const headers: Record<string, string> = { ...(f.headers ?? {}) };
    const hasHeader = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);
    let body: Json = f.body;
    if (status === 429) {
      if (!hasHeader('retry-after')) headers['Retry-After'] = '0.1';
      const retryAfterHeader = Object.entries(headers).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
      body ??= {
        message: 'You are being rate limited.',
        retry_after: Number(retryAfterHeader ?? 0.1),
        global: false,
      };
    }
    const defaults: Record<number, Json> = {
      400: { code: 50035, message: 'Invalid Form Body' },
      401: { code: 0, message: '401: Unauthorized' },
      403: { code: 50013, message: 'Missing Permissions' },
      404: { code: 0, message: '404: Not Found' },
    };
    body ??= defaults[status] ?? { code: 0, message: `${status}: Fake error` };
    return { status, body, headers };
  }

  private route(r: RecordedRequest, seg: string[]): RouteResult {
    const m = r.method;
    const [a, b, c, d, e] = seg;
    const n = seg.length;

    // Interaction callbacks and interaction webhooks: no bot auth.
    if (a === 'interactions' && n === 4 && d === 'callback' && m === 'POST') {
      return this.interactionCallback(r, b ?? '', c ?? '');
    }
    if (a === 'webhooks' && n >= 3) {
      return this.webhookRoute(r, b ?? '', c ?? '', seg.slice(3));
    }
    if (a === 'gateway' && n === 1 && m === 'GET') return { status: 200, body: { url: this.gatewayUrl } };

    // Everything else needs `Authorization: Bot <token>`.
    if (r.headers.authorization !== `Bot ${this.token}`) {
      return { status: 401, body: { code: 0, message: '401: Unauthorized' } };
    }

    if (a === 'gateway' && b === 'bot' && n === 2 && m === 'GET') {
      return {
        status: 200,
        body: {
          url: this.gatewayUrl,
          shards: this.options.shards,
          session_start_limit: {
            total: 1000,
            remaining: 1000,
            reset_after: 0,
            max_concurrency: this.options.maxConcurrency,
          },
        },
      };
    }
    if (a === 'users' && n === 2) {
      if (b === '@me' && m === 'GET') return { status: 200, body: this.botUserPayload() };
      if (b === '@me' && m === 'PATCH') {
        if (isObject(r.body) && typeof r.body.username === 'string') this.botUser.username = r.body.username;
        return { status: 200, body: this.botUserPayload() };
      }
      if (m === 'GET') {
        const u = this.users.get(b ?? '');
        if (!u) throw notFound(10013, 'Unknown User');
        return { status: 200, body: userObject(u) };
      }
    }
    if (a === 'applications' && b === '@me' && n === 2 && (m === 'GET' || m === 'PATCH')) {
      return { status: 200, body: this.applicationPayload() };
    }
    if (a === 'applications' && n >= 3) {
      if (b !== this.applicationId) {
        throw new HttpError(403, { code: 50001, message: 'Missing Access' });
      }
      if (c === 'commands') return this.commandsRoute(r, this.commands.global, null, seg.slice(3));
      if (c === 'guilds' && e === 'commands') {
        const guildId = d ?? '';
        if (!this.guilds.some((x) => x.id === guildId))
          throw new HttpError(403, { code: 50001, message: 'Missing Access' });
        this.commands.guilds[guildId] ??= [];
        return this.commandsRoute(r, this.commands.guilds[guildId], guildId, seg.slice(5));
      }
    }
    if (a === 'channels' && n >= 2) return this.channelRoute(r, b ?? '', seg.slice(2));
    if (a === 'guilds' && n >= 2) {
      const guild = this.guilds.find((x) => x.id === b);
      if (!guild) throw notFound(10004, 'Unknown Guild');
      if (n === 2 && m === 'GET') {
        const full = this.guildCreatePayload(guild);
        for (const k of [
          'channels',
          'members',
          'threads',
          'presences',
          'voice_states',
          'joined_at',
          'large',
        ]) {
          delete full[k];
        }
        return { status: 200, body: full };
      }
      if (c === 'channels' && n === 3 && m === 'GET') {
        return { status: 200, body: guild.channels.map((ch, i) => this.channelPayload(guild, ch, i)) };
      }
      if (c === 'roles' && n === 3 && m === 'GET')
        return { status: 200, body: this.guildCreatePayload(guild).roles };
      if (c === 'members' && n === 4 && m === 'GET') {
        const u = this.users.get(d ?? '');
        if (!u) throw notFound(10007, 'Unknown Member');
        return { status: 200, body: { ...memberObject(guild.joinedAt), user: userObject(u) } };
      }
    }
    return { status: 404, body: { code: 0, message: '404: Not Found' } };
  }

  private botUserPayload(): Json {
    return { ...userObject(this.botUser), verified: true, mfa_enabled: false, email: null, locale: 'en-US' };
  }

  private applicationPayload(): Json {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      hook: true,
      is_monetized: false,
      owner: userObject(DEFAULT_USER),
      team: null,
      bot: userObject(this.botUser),
      approximate_guild_count: this.guilds.length,
      integration_types_config: { '0': {} },
      tags: [],
      redirect_uris: [],
      interactions_endpoint_url: null,
      role_connections_verification_url: null,
    };
  }

  private commandsRoute(
    r: RecordedRequest,
    list: Json[],
    guildId: string | null,
    rest: string[],
  ): RouteResult {
    const normalize = (cmd: Json, existing?: Json): Json => ({
      id: existing?.id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      type: ApplicationCommandType.ChatInput,
      default_member_permissions: null,
      ...(guildId ? { guild_id: guildId } : { contexts: null, integration_types: [0] }),
      nsfw: false,
      options: [],
      description: '',
      ...cmd,
    });
    const validate = (cmds: Json[]) => {
      if (!this.options.validate) return;
      const errors = commandErrors(cmds);
      if (errors) throw invalidForm(errors);
    };
    if (rest.length === 0) {
      if (r.method === 'GET') return { status: 200, body: list };
      if (r.method === 'PUT') {
        if (!Array.isArray(r.body))
          throw invalidForm({ _errors: [{ code: 'BASE_TYPE_ARRAY', message: 'Must be an array' }] });
        if (r.body.length > 100)
          throw invalidForm({ _errors: [{ code: 'MAX', message: 'Max 100 commands' }] });
        validate(r.body);
        const next = r.body.map((cmd: Json) =>
          normalize(
            cmd,
            list.find((x) => x.name === cmd?.name && (x.type ?? 1) === (cmd?.type ?? 1)),
          ),
        );
        list.splice(0, list.length, ...next);
        return { status: 200, body: list };
      }
      if (r.method === 'POST') {
        validate([r.body]);
        const idx = list.findIndex((x) => x.name === r.body?.name && (x.type ?? 1) === (r.body?.type ?? 1));
        const cmd = normalize(r.body, idx >= 0 ? list[idx] : undefined);
        if (idx >= 0) list[idx] = cmd;
        else list.push(cmd);
        return { status: idx >= 0 ? 200 : 201, body: cmd };
      }
    }
    if (rest.length === 1) {
      const idx = list.findIndex((x) => x.id === rest[0]);
      if (idx < 0) throw notFound(10063, 'Unknown application command');
      if (r.method === 'GET') return { status: 200, body: list[idx] };
      if (r.method === 'DELETE') {
        list.splice(idx, 1);
        return { status: 204 };
      }
      if (r.method === 'PATCH') {
        list[idx] = { ...list[idx], ...(isObject(r.body) ? r.body : {}), version: snowflake() };
        return { status: 200, body: list[idx] };
      }
    }
    return { status: 404, body: { code: 0, message: '404: Not Found' } };
  }

  private channelRoute(r: RecordedRequest, channelId: string, rest: string[]): RouteResult {
    const found = this.findChannel(channelId);
    if (!found) throw notFound(10003, 'Unknown Channel');
    const { guild, channel } = found;
    const m = r.method;
    const [a, b, c] = rest;
    if (rest.length === 0 && m === 'GET') {
      return { status: 200, body: this.channelPayload(guild, channel, guild.channels.indexOf(channel)) };
    }
    if (a === 'typing' && rest.length === 1 && m === 'POST') return { status: 204 };
    if (a === 'messages') {
      if (rest.length === 1 && m === 'POST') return this.createChannelMessage(r, guild, channel.id);
      if (rest.length === 1 && m === 'GET') {
        const limit = Math.min(100, Number(r.query.limit ?? 50) || 50);
        const list = [...this.messages.values()]
          .filter((x) => x.channel_id === channelId && !((x.flags ?? 0) & MessageFlags.Ephemeral))
          .reverse();
        return { status: 200, body: list.slice(0, limit) };
      }
      const msg = this.messages.get(b ?? '');
      if (!msg || msg.channel_id !== channelId || (msg.flags ?? 0) & MessageFlags.Ephemeral) {
        throw notFound(10008, 'Unknown Message');
      }
      if (rest.length === 2) {
        if (m === 'GET') return { status: 200, body: msg };
        if (m === 'PATCH') {
          if (msg.author?.id !== this.botUser.id) {
            throw new HttpError(403, {
              code: 50005,
              message: 'Cannot edit a message authored by another user',
            });
          }
          this.editMessage(msg, r);
          return { status: 200, body: msg };
        }
        if (m === 'DELETE') {
          this.deleteMessage(msg);
          return { status: 204 };
        }
      }
      if (c === 'reactions' && (m === 'PUT' || m === 'DELETE') && rest.length >= 4) {
        return { status: 204 };
      }
    }
    return { status: 404, body: { code: 0, message: '404: Not Found' } };
  }

  private createChannelMessage(r: RecordedRequest, guild: Guild, channelId: string): RouteResult {
    const body = isObject(r.body) ? r.body : {};
    if (this.options.validate) assertMessageBody(body, true, r.files.length > 0);
    const msg = this.buildMessage(channelId, this.botUser, body, r.files);
    if (isObject(body.message_reference)) {
      const ref = body.message_reference;
      const target = typeof ref.message_id === 'string' ? this.messages.get(ref.message_id) : undefined;
      if (!target && ref.fail_if_not_exists !== false) {
        throw invalidForm({
          message_reference: {
            _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }],
          },
        });
      }
      msg.message_reference = {
        type: ref.type ?? 0,
        message_id: ref.message_id,
        channel_id: ref.channel_id ?? channelId,
        guild_id: ref.guild_id ?? guild.id,
        ...(ref.fail_if_not_exists !== undefined ? { fail_if_not_exists: ref.fail_if_not_exists } : {}),
      };
      if (target) {
        msg.type = MessageType.Reply;
        msg.referenced_message = { ...target };
        delete msg.referenced_message.referenced_message;
      }
    }
    this.messages.set(msg.id, msg);
    const list = this.channelPosts.get(channelId) ?? [];
    list.push(msg);
    this.channelPosts.set(channelId, list);
    return { status: 200, body: msg };
  }

  private buildMessage(channelId: string, author: FakeUser, body: Json, files: RecordedFile[] = []): Json {
    const content = typeof body.content === 'string' ? body.content : '';
    const mentionIds = [...content.matchAll(/<@!?(\d{15,21})>/g)].map((x) => x[1] ?? '');
    const mentions = [...new Set(mentionIds)].flatMap((id) => {
      const u = this.users.get(id);
      return u ? [userObject(u)] : [];
    });
    const msg: Json = {
      id: snowflake(),
      channel_id: channelId,
      author: userObject(author),
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: body.tts === true,
      mention_everyone: false,
      mentions,
      mention_roles: [],
      mention_channels: [],
      attachments: this.buildAttachments(body, files),
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      components: Array.isArray(body.components) ? body.components : [],
      reactions: [],
      pinned: false,
      type: MessageType.Default,
      flags: typeof body.flags === 'number' ? body.flags : 0,
    };
    if (body.nonce !== undefined) msg.nonce = body.nonce;
    if (body.allowed_mentions !== undefined) msg.allowed_mentions = body.allowed_mentions;
    if (body.poll !== undefined) msg.poll = body.poll;
    if (Array.isArray(body.sticker_ids)) msg.sticker_items = [];
    return msg;
  }

  private buildAttachments(body: Json, files: RecordedFile[]): Json[] {
    const declared: Json[] = Array.isArray(body.attachments) ? body.attachments : [];
    const out: Json[] = [];
    files.forEach((file, i) => {
      const idx = /\[(\d+)\]/.exec(file.field)?.[1];
      const meta = declared.find((x) => String(x?.id) === (idx ?? String(i))) ?? {};
      const id = snowflake();
      out.push({
        id,
        filename: meta.filename ?? file.filename,
        ...(meta.description !== undefined ? { description: meta.description } : {}),
        content_type: file.contentType,
        size: file.size,
        url: `${this.apiUrl.replace(/\/api$/, '')}/attachments/${id}/${encodeURIComponent(file.filename)}`,
        proxy_url: `${this.apiUrl.replace(/\/api$/, '')}/attachments/${id}/${encodeURIComponent(file.filename)}`,
      });
    });
    return out;
  }

  private editMessage(msg: Json, r: RecordedRequest): void {
    const body = isObject(r.body) ? r.body : {};
    if (this.options.validate) assertMessageBody(body, false, r.files.length > 0);
    for (const key of ['content', 'embeds', 'components', 'flags', 'allowed_mentions', 'poll']) {
      if (key in body) msg[key] = body[key] ?? (key === 'content' ? '' : key === 'flags' ? 0 : []);
    }
    if ('attachments' in body || r.files.length) {
      const declared: Json[] = Array.isArray(body.attachments) ? body.attachments : [];
      const keepIds = new Set(declared.map((x) => String(x?.id)));
      const kept = (Array.isArray(msg.attachments) ? msg.attachments : []).filter((x: Json) =>
        keepIds.has(String(x?.id)),
      );
      msg.attachments = [...kept, ...this.buildAttachments(body, r.files)];
    }
    if (typeof msg.flags === 'number') msg.flags &= ~MessageFlags.Loading;
    msg.edited_timestamp = new Date().toISOString();
  }

  private deleteMessage(msg: Json): void {
    this.messages.delete(msg.id);
    const list = this.channelPosts.get(msg.channel_id);
    if (list) {
      const i = list.indexOf(msg);
      if (i >= 0) list.splice(i, 1);
    }
  }

  private interactionCallback(r: RecordedRequest, id: string, token: string): RouteResult {
    const state = this.interactions.get(id);
    if (!state || state.token !== token) throw notFound(10062, 'Unknown interaction');
    const deadline = this.options.interactionDeadlineMs;
    if (deadline > 0 && Date.now() - state.createdAt > deadline && !state.acknowledged) {
      throw notFound(10062, 'Unknown interaction');
    }
    if (state.acknowledged) {
      throw new HttpError(400, { code: 40060, message: 'Interaction has already been acknowledged.' });
    }
    const body = isObject(r.body) ? r.body : {};
    const type = body.type;
    const data = body.data ?? null;
    const isComponent =
      state.type === InteractionType.MessageComponent || state.type === InteractionType.ModalSubmit;
    const isAutocomplete = state.type === InteractionType.ApplicationCommandAutocomplete;
    const badType = () =>
      invalidForm({
        type: { _errors: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: 'Invalid type' }] },
      });
    if (typeof type !== 'number') throw badType();
    if (isAutocomplete !== (type === InteractionResponseType.ApplicationCommandAutocompleteResult))
      throw badType();
    const validate = this.options.validate;
    let message: Json = null;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource: {
        if (validate) assertMessageBody(data ?? {}, true, r.files.length > 0);
        message = this.interactionMessage(state, data ?? {}, r.files);
        state.original = message;
        break;
      }
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const flags = (typeof data?.flags === 'number' ? data.flags : 0) | MessageFlags.Loading;
        message = this.interactionMessage(state, { content: '', flags }, []);
        state.original = message;
        break;
      }
      case InteractionResponseType.DeferredMessageUpdate:
      case InteractionResponseType.UpdateMessage: {
        if (!isComponent) throw badType();
        const target = state.payload.message;
        if (type === InteractionResponseType.UpdateMessage) {
          if (validate) assertMessageBody(data ?? {}, false, r.files.length > 0);
          this.editMessage(target, { ...r, body: data ?? {} });
          const stored = this.messages.get(target.id);
          if (stored && stored !== target) this.editMessage(stored, { ...r, body: data ?? {} });
        }
        message = target;
        state.original = target;
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult: {
        const choices = data?.choices;
        if (validate) {
          if (!Array.isArray(choices))
            throw invalidForm({ choices: { _errors: [{ code: 'REQUIRED', message: 'required' }] } });
          if (choices.length > 25)
            throw invalidForm({
              choices: { _errors: [{ code: 'MAX', message: 'Must be 25 or fewer in length.' }] },
            });
          choices.forEach((ch: Json) => {
            const name = ch?.name;
            if (typeof name !== 'string' || name.length < 1 || name.length > 100) {
              throw invalidForm({
                choices: { _errors: [{ code: 'BAD_LENGTH', message: 'Choice name must be 1-100 chars' }] },
              });
            }
            if (typeof ch.value === 'string' && ch.value.length > 100) {
              throw invalidForm({
                choices: { _errors: [{ code: 'BAD_LENGTH', message: 'Choice value max 100 chars' }] },
              });
            }
          });
        }
        break;
      }
      case InteractionResponseType.Modal:
      case InteractionResponseType.PremiumRequired:
      case InteractionResponseType.LaunchActivity:
        break;
      default:
        throw badType();
    }
    state.acknowledged = true;
    state.callbackType = type;
    this.recordResponse(state, 'callback', r, data, message, type);
    if (r.query.with_response === 'true') {
      return {
        status: 200,
        body: {
          interaction: {
            id: state.id,
            type: state.type,
            activity_instance_id: null,
            response_message_id: message?.id ?? null,
            response_message_loading: type === InteractionResponseType.DeferredChannelMessageWithSource,
            response_message_ephemeral: message ? (message.flags & MessageFlags.Ephemeral) !== 0 : false,
          },
          resource: { type, ...(message ? { message } : {}) },
        },
      };
    }
    return { status: 204 };
  }

  private interactionMessage(state: InteractionState, body: Json, files: RecordedFile[]): Json {
    const msg = this.buildMessage(state.payload.channel_id, this.botUser, body, files);
    this.messages.set(msg.id, msg);
    msg.webhook_id = this.applicationId;
    msg.application_id = this.applicationId;
    msg.type =
      state.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default;
    msg.interaction_metadata = {
      id: state.id,
      type: state.type,
      user: state.payload.member.user,
      authorizing_integration_owners: state.payload.authorizing_integration_owners,
      ...(state.type === InteractionType.ApplicationCommand ? { name: state.payload.data?.name } : {}),
      ...(state.payload.message ? { interacted_message_id: state.payload.message.id } : {}),
    };
    return msg;
  }

  private recordResponse(
    state: InteractionState,
    kind: InteractionResponseKind,
    r: RecordedRequest,
    data: Json,
    message: Json,
    type?: number,
  ): void {
    state.responses.push({
      interactionId: state.id,
      kind,
      ...(type !== undefined ? { type } : {}),
      data,
      message,
      request: r,
      at: r.at,
    });
  }

  private webhookRoute(r: RecordedRequest, webhookId: string, token: string, rest: string[]): RouteResult {
    const state = this.interactionsByToken.get(token);
    if (!state || webhookId !== this.applicationId) throw notFound(10015, 'Unknown Webhook');
    const body = isObject(r.body) ? r.body : {};
    const validate = this.options.validate;
    if (rest.length === 0 && r.method === 'POST') {
      if (!state.acknowledged) throw notFound(10015, 'Unknown Webhook');
      if (validate) assertMessageBody(body, true, r.files.length > 0);
      const msg = this.interactionMessage(state, body, r.files);
      msg.interaction_metadata.original_response_message_id = state.original?.id ?? null;
      state.followups.set(msg.id, msg);
      this.recordResponse(state, 'followup', r, body, msg);
      return r.query.wait === 'true' ? { status: 200, body: msg } : { status: 204 };
    }
    if (rest.length === 2 && rest[0] === 'messages') {
      const which = rest[1] ?? '';
      const isOriginal = which === '@original';
      const msg = isOriginal ? state.original : (state.followups.get(which) ?? null);
      if (!msg) throw notFound(10008, 'Unknown Message');
      if (r.method === 'GET') return { status: 200, body: msg };
      if (r.method === 'PATCH') {
        this.editMessage(msg, r);
        this.recordResponse(state, isOriginal ? 'editOriginal' : 'editFollowup', r, body, msg);
        return { status: 200, body: msg };
      }
      if (r.method === 'DELETE') {
        if (isOriginal) state.original = null;
        else state.followups.delete(which);
        this.messages.delete(msg.id);
        this.recordResponse(state, isOriginal ? 'deleteOriginal' : 'deleteFollowup', r, null, msg);
        return { status: 204 };
      }
    }
    return { status: 404, body: { code: 0, message: '404: Not Found' } };
  }
}
