import type { Command } from '../src/discord/command.ts';
import { help } from './help.ts';
import { quote } from './quote.ts';
import { reindex } from './reindex.ts';
import { search } from './search.ts';
import { status } from './status.ts';
import { trade } from './trade.ts';

/** The one registry of slash commands, used by the bot and by `npm run deploy-commands`. */
export const commands: readonly Command[] = [trade, quote, search, help, reindex, status];

/** Commands by name. */
export const commandsByName: ReadonlyMap<string, Command> = new Map(commands.map((c) => [c.data.name, c]));
