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
