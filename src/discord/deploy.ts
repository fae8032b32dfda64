import { REST, Routes } from 'discord.js';
import { commands } from '../../commands/index.ts';
import { readBotConfig } from '../config.ts';
import { describeError, describeThrown, printer, reportCrashes } from '../redact.ts';
import { inviteUrl } from './invite.ts';

/**
 * `npm run deploy-commands`: registers the slash commands from the one registry, to DISCORD_GUILD_ID
 * when set (instant, for development), else globally (may take up to an hour to appear). Everything it
 * prints, a failure or a crash included, is scrubbed of the token and token-shaped strings: an error can
 * quote the request (a proxy that echoes its `Authorization` header).
 */

const config = readBotConfig();
const say = printer([config.token]);
const report = printer([config.token], process.stdout);
reportCrashes((kind, thrown) => {
  say(`${kind}: ${describeThrown(thrown)}`);
  process.exit(1);
});
const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
const body = commands.map((c) => c.data.toJSON());
const route = config.guildId
  ? Routes.applicationGuildCommands(config.clientId, config.guildId)
  : Routes.applicationCommands(config.clientId);
try {
  const result = (await rest.put(route, { body })) as unknown[];
  report(
    `Registered ${result.length} commands (${body.map((c) => `/${c.name}`).join(', ')}) ` +
      (config.guildId ? `to server ${config.guildId}.` : 'globally (they may take up to an hour to appear).'),
  );
  report(`Invite the bot to a server with: ${inviteUrl(config.clientId)}`);
} catch (err) {
  say(`Could not register the commands: ${describeError(err)}`);
  process.exit(1);
}
