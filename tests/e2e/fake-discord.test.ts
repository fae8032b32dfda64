/**
 * Proves {@link FakeDiscord} against a real discord.js 14 Client: login, interactions, messages, gateway faults,
 * REST faults and sharding.
 */
import { once } from 'node:events';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  type ClientOptions,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  type Message,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FakeDiscord, type FakeDiscordOptions, snowflakeForShard } from './fake-discord.ts';

const clients: Client[] = [];
let fake: FakeDiscord | undefined;

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.destroy().catch(() => {})));
  await fake?.close();
  fake = undefined;
});

async function startFake(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  fake = await FakeDiscord.start({ heartbeatInterval: 200, ...opts });
  return fake;
}

/** No identify throttling: discord.js otherwise waits 5 s + up to 1.5 s before re-identifying the same shard. */
const noThrottle = { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) };

interface Bot {
  client: Client;
  /** Errors thrown by the handlers (e.g. DiscordAPIError from a reply). */
  errors: unknown[];
  /** Messages the client emitted as messageCreate. */
  seen: Message[];
}

/** A real discord.js Client with a tiny inline bot. `label` is echoed in replies to tell clients apart. */
function makeBot(f: FakeDiscord, label = 'bot', options: Partial<ClientOptions> = {}): Bot {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    rest: { api: f.apiUrl },
    ...options,
  });
  clients.push(client);
  const bot: Bot = { client, errors: [], seen: [] };
  client.on(Events.InteractionCreate, async (interaction) => {
    try {
      if (interaction.isAutocomplete()) {
        const typed = interaction.options.getFocused();
        const choices = ['alpha', 'beta', 'gamma'].filter((c) => c.startsWith(typed));
        await interaction.respond(choices.map((c) => ({ name: c, value: c })));
      } else if (interaction.isChatInputCommand()) {
        switch (interaction.commandName) {
          case 'ask': {
            const q = interaction.options.getString('question', true);
            await interaction.reply({
              embeds: [new EmbedBuilder().setTitle('Answer').setDescription(`You asked: ${q}`)],
              allowedMentions: { parse: [] },
            });
            break;
          }
          case 'slow':
            await interaction.deferReply();
            await interaction.editReply({ content: 'done thinking' });
            break;
          case 'menu':
            await interaction.reply({
              content: 'pick one',
              components: [
                new ActionRowBuilder<ButtonBuilder>().addComponents(
                  new ButtonBuilder().setCustomId('more').setLabel('More').setStyle(ButtonStyle.Primary),
                ),
              ],
            });
            break;
          case 'where':
            await interaction.reply({ content: `${label} answered guild ${interaction.guildId}` });
            break;
          case 'long':
            await interaction.reply({ content: 'x'.repeat(2001) });
            break;
          case 'late':
            await new Promise((r) => setTimeout(r, 300));
            await interaction.reply({ content: 'too late' });
            break;
          case 'file':
            await interaction.reply({
              content: 'see attached',
              files: [{ attachment: Buffer.from('hello world'), name: 'notes.txt' }],
            });
            break;
          case 'rich': {
            const res = await interaction.reply({ content: 'with response', withResponse: true });
            await interaction.followUp({ content: `reply id ${res.resource?.message?.id}` });
            break;
          }
        }
      } else if (interaction.isButton()) {
        await interaction.update({ content: `clicked ${interaction.customId}`, components: [] });
      }
    } catch (error) {
      bot.errors.push(error);
    }
  });
  client.on(Events.MessageCreate, async (message) => {
    bot.seen.push(message);
    if (message.author.bot || !client.user || !message.mentions.has(client.user)) return;
    try {
      await message.reply({ content: `${label} heard: ${message.content}`, allowedMentions: { parse: [] } });
    } catch (error) {
      bot.errors.push(error);
    }
  });
  return bot;
}

async function login(bot: Bot, f: FakeDiscord): Promise<void> {
  const ready = once(bot.client, Events.ClientReady);
  await bot.client.login(f.token);
  await ready;
}

describe('FakeDiscord with a real discord.js Client', () => {
  it('logs in: READY + GUILD_CREATE populate the cache, heartbeats are ACKed', async () => {
    const f = await startFake();
    const bot = makeBot(f);
    await login(bot, f);
    const [guildId] = f.guildIds;
    const guild = bot.client.guilds.cache.get(guildId ?? '');
    expect(guild?.name).toBe('Fake Guild 1');
    expect(guild?.channels.cache.map((c) => c.id)).toEqual(f.channelIds());
    expect(guild?.members.me?.id).toBe(f.botUser.id);
    expect(bot.client.user?.id).toBe(f.botUser.id);
    expect(bot.client.application?.id).toBe(f.applicationId);
    expect(f.identifies).toHaveLength(1);
    expect(f.identifies[0]?.shard).toEqual([0, 1]);
    expect(f.identifies[0]?.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    expect(f.identifies[0]?.payload.compress).toBe(false);
    expect(f.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toContain('GET /gateway/bot 200');
    // Heartbeats (interval 200 ms) are answered with op 11, so the client never declares a zombie connection.
    await f.waitFor(() => f.gatewayLog.filter((e) => e.direction === 'out' && e.op === 11).length >= 2, 2000);
    expect(f.resumes).toHaveLength(0);
  });

  it('rejects a wrong token on REST (login fails with TokenInvalid)', async () => {
    const f = await startFake();
    const bot = makeBot(f);
    await expect(bot.client.login('wrong.token')).rejects.toThrow(/invalid token/i);
    expect(f.requests[0]?.path).toBe('/gateway/bot');
    expect(f.requests[0]?.status).toBe(401);
  });

  it('slash command: reply with an embed and allowedMentions parse []', async () => {
    const f = await startFake();
    const bot = makeBot(f);
    await login(bot, f);
    const { id, token } = f.sendCommand({
      name: 'ask',
      options: [{ name: 'question', type: 3, value: 'who won?' }],
    });
    const res = await f.waitForInteractionResponse(id);
    expect(res.kind).toBe('callback');
    expect(res.type).toBe(4);
    expect(res.data.embeds[0]).toMatchObject({ title: 'Answer', description: 'You asked: who won?' });
    expect(res.data.allowed_mentions).toEqual({ parse: [] });
    expect(res.request.path).toBe(`/interactions/${id}/${token}/callback`);
    expect(res.request.query).toEqual({ with_response: 'false' });
    expect(res.request.status).toBe(204);
    expect(res.request.headers.authorization).toBeUndefined();
    expect(f.originalMessage(id)?.embeds[0].title).toBe('Answer');
    expect(bot.errors).toEqual([]);
  });

  it('deferReply + editReply (PATCH %40original)', async () => {
    const f = await startFake();
    const bot = makeBot(f);
    await login(bot, f);
    const { id, token } = f.sendCommand({ name: 'slow' });
    const edit = await f.waitForInteractionResponse(id, { predicate: (r) => r.kind === 'editOriginal' });
    const all = f.interactionResponses(id);
    expect(all.map((r) => r.kind)).toEqual(['callback', 'editOriginal']);
    expect(all[0]?.type).toBe(5);
    expect(edit.data.content).toBe('done thinking');
    expect(edit.request.method).toBe('PATCH');
    expect(edit.request.path).toBe(`/webhooks/${f.applicationId}/${token}/messages/@original`);
    expect(edit.request.rawPath).toContain('/messages/%40original');
    expect(edit.message.content).toBe('done thinking');
    expect(edit.message.flags & 128).toBe(0); // the Loading flag of the deferred reply is cleared
    expect(bot.errors).toEqual([]);
  });

  it('autocomplete: respond() with choices (204, no query string)', async () => {
    const f = await startFake();
    const bot = makeBot(f);
    await login(bot, f);
    const { id } = f.sendAutocomplete({
      name: 'ask',
      options: [{ name: 'question', type: 3, value: 'be', focused: true }],
    });
    const res = await f.waitForInteractionResponse(id);
    expect(res.type).toBe(8);
    expect(res.data.choices).toEqual([{ name: 'beta', value: 'beta' }]);
    expect(res.request.query).toEqual({});
    expect(res.request.status).toBe(204);
  });

  it('button: update() edits the message that carried the button', async () => {
    const f = await startFake();
    const bot = makeBot(f);
    await login(bot, f);
    const cmd = f.sendCommand({ name: 'menu' });
    await f.waitForInteractionResponse(cmd.id);
    const menuMessage = f.originalMessage(cmd.id);
    expect(menuMessage.components[0].components[0].custom_id).toBe('more');

    const click = f.clickButton({ customId: 'more', messageId: menuMessage.id });
    const res = await f.waitForInteractionResponse(click.id);
    expect(res.type).toBe(7);
    expect(res.data).toMatchObject({ content: 'clicked more', components: [] });
    expect(f.originalMessage(click.id)?.id).toBe(menuMessage.id);
    expect(menuMessage.content).toBe('clicked more');

    // A button on a message the fake does not know: a bot message is synthesised.
    const click2 = f.clickButton({ customId: 'other' });
    expect((await f.waitForInteractionResponse(click2.id)).data.content).toBe('clicked other');
    expect(bot.errors).toEqual([]);
  });

  it('withResponse: 200 with interaction + resource.message; followUp gets a message back', async () => {
    const f = await startFake();
    const bot = makeBot(f);
    await login(bot, f);
    const { id } = f.sendCommand({ name: 'rich' });
    const follow = await f.waitForInteractionResponse(id, { predicate: (r) => r.kind === 'followup' });
    const callback = f.interactionResponses(id)[0];
    expect(callback?.request.query.with_response).toBe('true');
    expect(callback?.request.status).toBe(200);
    expect(callback?.request.responseBody.resource.message.id).toBe(f.originalMessage(id)?.id);
    expect(follow.data.content).toBe(`reply id ${f.originalMessage(id)?.id}`);
    expect(follow.request.query.wait).toBe('true');
    expect(bot.errors).toEqual([]);
  });

  it('message mentioning the bot is answered with message.reply; others arrive without content', async () => {
    const f = await startFake();
    const bot = makeBot(f);
    await login(bot, f);
    const [channelId] = f.channelIds();
    const plain = f.sendMessage({ content: 'not for the bot' });
    const { id } = f.sendMessage({ content: `<@${f.botUser.id}> what happened today?` });
    const reply = await f.waitForChannelMessage(channelId ?? '');
    expect(reply.content).toBe(`bot heard: <@${f.botUser.id}> what happened today?`);
    expect(reply.author.id).toBe(f.botUser.id);
    expect(reply.message_reference).toMatchObject({ message_id: id, channel_id: channelId });
    expect(reply.referenced_message.id).toBe(id);
    expect(reply.allowed_mentions).toEqual({ parse: [] });
    const req = await f.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`,
    );
    expect(req.headers.authorization).toBe(`Bot ${f.token}`);
    // Without the MessageContent intent, messages that do not mention the bot arrive with empty content.
    await f.waitFor(() => bot.seen.length >= 2, 2000);
    expect(bot.seen.find((m) => m.id === plain.id)?.content).toBe('');
    expect(f.channelMessages(channelId ?? '')).toHaveLength(1);
  });

  it('dropped connection: the client RESUMEs, missed events are replayed, the command is answered', async () => {
    const f = await startFake();
    const bot = makeBot(f);
    await login(bot, f);
    const resumed = once(bot.client, Events.ShardResume);
    expect(f.dropConnection()).toBe(true);
    // Sent while the socket is down: queued on the session and replayed on RESUME.
    const { id } = f.sendCommand({
      name: 'ask',
      options: [{ name: 'question', type: 3, value: 'still there?' }],
    });
    const res = await f.waitForInteractionResponse(id, { timeoutMs: 5000 });
    expect(res.data.embeds[0].description).toBe('You asked: still there?');
    const [shardId, replayed] = await resumed;
    expect(shardId).toBe(0);
    expect(replayed).toBeGreaterThanOrEqual(1);
    expect(f.resumes).toHaveLength(1);
    expect(f.resumes[0]).toMatchObject({ accepted: true, tokenValid: true, replayed: 1 });
    expect(f.identifies).toHaveLength(1);
    expect(bot.errors).toEqual([]);
  });

  it('op 7 reconnect: the client resumes on a new socket', async () => {
    const f = await startFake();
    const bot = makeBot(f);
    await login(bot, f);
    f.reconnect();
    await f.waitFor(() => f.resumes.find((r) => r.accepted), 5000, 'RESUME');
    const { id } = f.sendCommand({ name: 'where' });
    await f.waitForInteractionResponse(id);
    expect(f.identifies).toHaveLength(1);
  });

  it('invalidateSession (op 9 false): the client re-IDENTIFIES and keeps working', async () => {
    const f = await startFake();
    const bot = makeBot(f, 'bot', { ws: noThrottle });
    await login(bot, f);
    // Resumable: the client sends RESUME on the same socket. (Wait for shardResume before the next op 9: discord.js
    // handles frames concurrently, and an op 9 right behind RESUMED makes its RESUMED handler throw.)
    const resumed = once(bot.client, Events.ShardResume);
    f.invalidateSession(0, true);
    await resumed;
    expect(f.resumes[0]?.accepted).toBe(true);
    expect(f.gatewayLog.filter((e) => e.direction === 'open')).toHaveLength(1);
    f.invalidateSession();
    await f.waitFor(
      () => f.identifies.length === 2 && f.sessionList.some((s) => s.connected),
      5000,
      're-IDENTIFY',
    );
    const { id } = f.sendCommand({ name: 'where' });
    expect((await f.waitForInteractionResponse(id)).data.content).toContain('bot answered');
    expect(f.resumes).toHaveLength(1);
  });

  it('closeWith(4004): shardDisconnect + shardError, and the client never reconnects', async () => {
    const f = await startFake();
    const bot = makeBot(f);
    await login(bot, f);
    const shardErrors: Error[] = [];
    bot.client.on(Events.ShardError, (error) => shardErrors.push(error));
    const disconnected = once(bot.client, Events.ShardDisconnect);
    // What counts is what the client does after the close: on a loaded machine it may have re-identified
    // before it (a missed heartbeat ACK), which is not what this test is about.
    const closedAt = Date.now();
    f.closeWith(4004);
    const [event, shardId] = await disconnected;
    expect(event.code).toBe(4004);
    expect(shardId).toBe(0);
    // The shard error may come a little after the disconnect on a busy machine: wait for it, then give
    // discord.js time to reconnect (it would after ~500 ms) before checking that it did not.
    for (let t = 0; t < 50 && shardErrors.length === 0; t++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1200));
    expect(f.identifies.filter((r) => r.at >= closedAt)).toHaveLength(0);
    expect(f.resumes).toHaveLength(0);
    expect(shardErrors.map((e) => e.message)).toEqual(['Authentication failed']);
    expect(bot.client.isReady()).toBe(true); // the Client itself does not notice: watch shardDisconnect
  });

  it('IDENTIFY with a privileged intent that is not allowed: close 4014 and login() rejects', async () => {
    const f = await startFake();
    const bot = makeBot(f, 'bot', {
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    });
    await expect(bot.client.login(f.token)).rejects.toThrow('Used disallowed intents');
    expect(f.identifies[0]?.closedWith).toBe(4014);
    expect(f.identifies).toHaveLength(1);

    // Allowed when the fake is configured so: message content then arrives for every message.
    const f2 = await FakeDiscord.start({ heartbeatInterval: 200, allowedIntents: 0xffffffff });
    try {
      const bot2 = makeBot(f2, 'bot', {
        intents: [
          GatewayIntentBits.Guilds,
          GatewayIntentBits.GuildMessages,
          GatewayIntentBits.MessageContent,
        ],
      });
      await login(bot2, f2);
      f2.sendMessage({ content: 'plain text' });
      await f2.waitFor(() => bot2.seen.length === 1, 2000);
      expect(bot2.seen[0]?.content).toBe('plain text');
      await bot2.client.destroy();
    } finally {
      await f2.close();
    }
  });

  it('429 with Retry-After on the callback is honoured: the reply arrives after the retry', async () => {
    const f = await startFake();
    const bot = makeBot(f);
    await login(bot, f);
    f.failNext({
      path: /^\/interactions\/\d+\/[^/]+\/callback$/,
      status: 429,
      headers: { 'Retry-After': '0.4' },
    });
    const { id } = f.sendCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'q' }] });
    const res = await f.waitForInteractionResponse(id);
    const attempts = f.requests.filter((r) => r.path.startsWith(`/interactions/${id}/`));
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[0]?.injected).toBe(true);
    expect(attempts[0]?.responseBody).toEqual({
      message: 'You are being rate limited.',
      retry_after: 0.4,
      global: false,
    });
    expect(res.at - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(400);
    expect(f.interactionResponses(id)).toHaveLength(1);
    expect(f.pendingFaults).toBe(0);
  });

  it('500 on editReply is retried by discord.js', async () => {
    const f = await startFake();
    const bot = makeBot(f);
    await login(bot, f);
    f.failNext({ method: 'PATCH', path: /\/messages\/@original$/, status: 500, times: 2 });
    const { id } = f.sendCommand({ name: 'slow' });
    const edit = await f.waitForInteractionResponse(id, { predicate: (r) => r.kind === 'editOriginal' });
    const patches = f.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(edit.data.content).toBe('done thinking');
    expect(bot.errors).toEqual([]);
  });

  it('Discord errors surface as DiscordAPIError in the bot (10062, 50035, late callback)', async () => {
    const f = await startFake({ interactionDeadlineMs: 200 });
    const bot = makeBot(f);
    await login(bot, f);
    f.failNext({ path: /\/callback$/, status: 404, body: { code: 10062, message: 'Unknown interaction' } });
    f.sendCommand({ name: 'where' });
    f.sendCommand({ name: 'long' }); // 2001 characters of content
    f.sendCommand({ name: 'late' }); // replies after 300 ms, past the 200 ms deadline
    await f.waitFor(() => bot.errors.length === 3, 3000, 'three handler errors');
    const codes = bot.errors.map((e) => (e instanceof DiscordAPIError ? e.code : String(e))).sort();
    expect(codes).toEqual([10062, 10062, 50035]);
    const invalid = bot.errors.find(
      (e) => e instanceof DiscordAPIError && e.code === 50035,
    ) as DiscordAPIError;
    expect(invalid.message).toContain('content');
  });

  it('two shards in two Clients: each gets only its own guild and its own commands', async () => {
    const g0 = snowflakeForShard(0, 2);
    const g1 = snowflakeForShard(1, 2);
    const c0 = snowflakeForShard(0, 2);
    const c1 = snowflakeForShard(0, 2);
    const f = await startFake({
      shards: 2,
      guilds: [
        { id: g0, name: 'zero', channels: [{ id: c0 }] },
        { id: g1, name: 'one', channels: [{ id: c1 }] },
      ],
    });
    expect(f.guildShard(g0, 2)).toBe(0);
    expect(f.guildShard(g1, 2)).toBe(1);
    const a = makeBot(f, 'A', { shards: [0], shardCount: 2 });
    const b = makeBot(f, 'B', { shards: [1], shardCount: 2 });
    await Promise.all([login(a, f), login(b, f)]);
    await f.waitForReady(2);
    expect(f.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect([...a.client.guilds.cache.keys()]).toEqual([g0]);
    expect([...b.client.guilds.cache.keys()]).toEqual([g1]);

    const s1 = f.sendCommand({ name: 'where', guildId: g1 });
    const s0 = f.sendCommand({ name: 'where', guildId: g0 });
    expect(s1.shard).toEqual([1, 2]);
    expect(s0.shard).toEqual([0, 2]);
    expect((await f.waitForInteractionResponse(s1.id)).data.content).toBe(`B answered guild ${g1}`);
    expect((await f.waitForInteractionResponse(s0.id)).data.content).toBe(`A answered guild ${g0}`);

    f.sendMessage({ guildId: g1, content: `<@${f.botUser.id}> hi` });
    const reply = await f.waitForChannelMessage(c1);
    expect(reply.content).toBe(`B heard: <@${f.botUser.id}> hi`);
    expect(a.seen).toHaveLength(0);
  });

  it('records command registration (PUT global and guild commands)', async () => {
    const f = await startFake();
    const bot = makeBot(f);
    await login(bot, f);
    const [guildId] = f.guildIds;
    await bot.client.application?.commands.set([
      { name: 'ask', description: 'Ask a question', defaultMemberPermissions: '8' },
    ]);
    await bot.client.guilds.cache
      .get(guildId ?? '')
      ?.commands.set([{ name: 'slow', description: 'Slow one' }]);
    expect(f.commands.global.map((c) => c.name)).toEqual(['ask']);
    expect(f.commands.global[0]?.default_member_permissions).toBe('8');
    expect(f.commands.guilds[guildId ?? '']?.map((c) => c.name)).toEqual(['slow']);
    // A registered command's id is used in interactions.
    const { id } = f.sendCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'x' }] });
    await f.waitForInteractionResponse(id);
    expect(f.requests.find((r) => r.path === '/applications/@me')).toBeUndefined();
    await expect(
      bot.client.application?.commands.set([{ name: 'Bad Name', description: 'x' }]),
    ).rejects.toBeInstanceOf(DiscordAPIError);
    expect(f.requests.filter((r) => r.status === 404)).toEqual([]);
  });

  it('multipart replies: files and payload_json are recorded', async () => {
    const f = await startFake();
    const bot = makeBot(f);
    await login(bot, f);
    const { id } = f.sendCommand({ name: 'file' });
    const res = await f.waitForInteractionResponse(id);
    expect(res.data.content).toBe('see attached');
    expect(res.request.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(res.request.files.map((x) => [x.filename, x.data.toString()])).toEqual([
      ['notes.txt', 'hello world'],
    ]);
    expect(res.message.attachments[0]).toMatchObject({ filename: 'notes.txt', size: 11 });
    expect(bot.errors).toEqual([]);
  });

  it('survives unexpected input on REST and gateway', async () => {
    const f = await startFake();
    const api = `${f.apiUrl}/v10`;
    const bad = await fetch(`${api}/channels/${f.channelIds()[0]}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${f.token}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 50109 });
    const unknown = await fetch(`${api}/nope/nothing`, { headers: { authorization: `Bot ${f.token}` } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ code: 0, message: '404: Not Found' });
    expect((await fetch(`${f.apiUrl}/v9/gateway`)).status).toBe(404);
    const noAuth = await fetch(`${api}/users/@me`);
    expect(noAuth.status).toBe(401);
    expect(f.requests.map((r) => r.status)).toEqual([400, 404, 404, 401]);

    const closeCode = async (send: (ws: WebSocket) => void): Promise<number> => {
      const ws = new WebSocket(f.gatewayUrl);
      ws.on('error', () => {});
      const [hello] = await once(ws, 'message');
      expect(JSON.parse(String(hello))).toMatchObject({ op: 10, d: { heartbeat_interval: 200 } });
      send(ws);
      const [code] = await once(ws, 'close');
      return code as number;
    };
    expect(await closeCode((ws) => ws.send('garbage'))).toBe(4002);
    expect(await closeCode((ws) => ws.send(JSON.stringify({ op: 99 })))).toBe(4001);
    expect(await closeCode((ws) => ws.send(JSON.stringify({ op: 8, d: { guild_id: '1' } })))).toBe(4003);
    const identify = (token: string, intents: number, shard: [number, number] = [0, 1]) =>
      JSON.stringify({ op: 2, d: { token, intents, shard, properties: {} } });
    expect(await closeCode((ws) => ws.send(identify('wrong', 1)))).toBe(4004);
    expect(await closeCode((ws) => ws.send(identify(f.token, 1, [2, 2])))).toBe(4010);
    expect(await closeCode((ws) => ws.send(identify(f.token, 1 << 30)))).toBe(4013);
    expect(await closeCode((ws) => ws.send(identify(f.token, 1 << 15)))).toBe(4014);
    expect(f.identifies.map((i) => i.closedWith)).toEqual([4004, 4010, 4013, 4014]);
    // An unknown session on RESUME gets op 9 d:false.
    const ws = new WebSocket(f.gatewayUrl);
    await once(ws, 'message');
    ws.send(JSON.stringify({ op: 6, d: { token: f.token, session_id: 'nope', seq: 3 } }));
    const [invalid] = await once(ws, 'message');
    expect(JSON.parse(String(invalid))).toMatchObject({ op: 9, d: false });
    ws.send(JSON.stringify({ op: 1, d: null }));
    const [ack] = await once(ws, 'message');
    expect(JSON.parse(String(ack))).toMatchObject({ op: 11 });
    ws.close();
    expect(f.resumes[0]).toMatchObject({ sessionId: 'nope', accepted: false });
  });
});
