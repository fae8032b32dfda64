import { REST, Routes } from 'discord.js';
import { commands } from '../../commands/index.ts';
import { readBotConfig } from '../config.ts';

/**
 * `npm run deploy-commands`: registers the slash commands from the one registry, to DISCORD_GUILD_ID
 * when set (instant, for development), else globally (may take up to an hour to appear).
 */

const config = readBotConfig();
const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
const body = commands.map((c) => c.data.toJSON());
const route = config.guildId
  ? Routes.applicationGuildCommands(config.clientId, config.guildId)
  : Routes.applicationCommands(config.clientId);
try {
  const result = (await rest.put(route, { body })) as unknown[];
  process.stdout.write(
    `Registered ${result.length} commands (${body.map((c) => `/${c.name}`).join(', ')}) ` +
      (config.guildId
        ? `to server ${config.guildId}.\n`
        : 'globally (they may take up to an hour to appear).\n'),
  );
} catch (err) {
  process.stderr.write(`Could not register the commands: ${(err as Error).message}\n`);
  process.exit(1);
}
