import type { Answer } from './types.ts';

/**
 * Secrets in article text: what an answer must never show, whatever a file under seeds/ holds. Discord
 * bot tokens (three base64url parts: the bot's id, a timestamp, an HMAC) and private-key blocks are
 * masked with `•`, one for each character, so every offset into the text (highlights) stays valid.
 */

/** A Discord bot token: `MTIz...` (the id) `.` six or seven characters `.` 27 or more. */
const TOKEN = /\b[A-Za-z\d_-]{23,28}\.[A-Za-z\d_-]{6,7}\.[A-Za-z\d_-]{27,}\b/g;

/** A PEM or OpenSSH private key, from its first line to its last (or to the end of the text). */
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;

/** `text` with every token-shaped string and private key masked, same length. */
export function hideSecrets(text: string): string {
  const mask = (m: string): string => '•'.repeat(m.length);
  return text.replace(TOKEN, mask).replace(PRIVATE_KEY, mask);
}

/**
 * `text` with every occurrence of each of `secrets` (the bot's own token, whatever its shape) masked,
 * same length. Strings shorter than 8 characters are not secrets (masking them would garble text).
 */
export function hideExact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets)
    if (s.length >= 8 && out.includes(s)) out = out.split(s).join('•'.repeat(s.length));
  return out;
}

/** An answer whose results show none of `secrets` (see {@link hideExact}); the same answer when none is there. */
export function answerWithout(a: Answer, secrets: readonly string[]): Answer {
  const hide = (s: string): string => hideExact(s, secrets);
  const has = (s: string | null): boolean => s !== null && hide(s) !== s;
  if (!a.results.some((r) => has(r.text) || has(r.title) || has(r.source) || has(r.speaker) || has(r.file)))
    return a;
  return {
    ...a,
    results: a.results.map((r) => ({
      ...r,
      text: hide(r.text),
      title: hide(r.title),
      source: r.source === null ? null : hide(r.source),
      speaker: r.speaker === null ? null : hide(r.speaker),
      file: hide(r.file),
    })),
  };
}
