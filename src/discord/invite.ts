import { OAuth2Scopes, PermissionFlagsBits, PermissionsBitField } from 'discord.js';

/**
 * What the bot asks for when a server adds it: the one list, used by `npm run deploy-commands` (which
 * prints the invite link) and written out in the README (a test keeps the two equal). It reads and
 * answers in channels and in their threads; it needs nothing else (no moderation, no pings).
 */
export const INVITE_PERMISSIONS = new PermissionsBitField([
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.ReadMessageHistory,
]);

/** The invite link of application `clientId`: the bot and its slash commands, with those permissions. */
export function inviteUrl(clientId: string): string {
  const scope = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join('+');
  return `https://discord.com/oauth2/authorize?client_id=${clientId}&scope=${scope}&permissions=${INVITE_PERMISSIONS.bitfield}`;
}
