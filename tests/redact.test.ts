import { describe, expect, it } from 'vitest';
import { describeError, printer, redact } from '../src/redact.ts';

// Made up, of the real shape (id.timestamp.hmac): not a real secret.
const SHAPED = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123';

describe('redact, the scrubber of everything printed', () => {
  it('replaces the given secret wherever it stands, and masks token-shaped strings', () => {
    const secret = 'plain-secret-value-42';
    const text = `502 bad gateway: Authorization: Bot ${secret}; also ${SHAPED}, ${secret}.`;
    const out = redact(text, [secret]);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(SHAPED);
    expect(out).toContain('502 bad gateway: Authorization: Bot [redacted];');
  });

  it('leaves ordinary text alone and ignores secrets too short to be one', () => {
    const text = 'GET /gateway/bot answered 502 Bad Gateway at 12:00.';
    expect(redact(text, ['', 'Bad'])).toBe(text);
  });

  it('prints one scrubbed line per call', () => {
    let written = '';
    const say = printer(['plain-secret-value-42'], {
      write: (s: string) => {
        written += s;
        return true;
      },
    } as unknown as NodeJS.WritableStream);
    say('failed: plain-secret-value-42');
    say('done\n');
    expect(written).toBe('failed: [redacted]\ndone\n');
  });

  it('names the request and status of an HTTP error, not only its message', () => {
    const err = Object.assign(new Error('Bad Gateway'), {
      status: 502,
      method: 'put',
      url: 'http://127.0.0.1:1/api/v10/applications/1/commands',
    });
    expect(describeError(err)).toBe(
      'Bad Gateway (PUT http://127.0.0.1:1/api/v10/applications/1/commands answered 502)',
    );
    expect(describeError(new Error('plain'))).toBe('plain');
  });
});
