import { readFileSync } from 'node:fs';
import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { INVITE_PERMISSIONS, inviteUrl } from '../src/discord/invite.ts';

describe('the invite link', () => {
  it('asks for what the bot needs in channels and threads, and nothing that moderates or pings', () => {
    for (const p of [
      'ViewChannel',
      'SendMessages',
      'SendMessagesInThreads',
      'EmbedLinks',
      'ReadMessageHistory',
    ] as const)
      expect(INVITE_PERMISSIONS.has(PermissionFlagsBits[p])).toBe(true);
    for (const p of ['Administrator', 'MentionEveryone', 'ManageMessages', 'ManageGuild'] as const)
      expect(INVITE_PERMISSIONS.has(PermissionFlagsBits[p], false)).toBe(false);
  });

  it('is the one the README gives', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const url = inviteUrl('APP_ID');
    expect(readme).toContain(url);
    expect(readme).toContain(`(\`${INVITE_PERMISSIONS.bitfield}\`)`);
  });
});
