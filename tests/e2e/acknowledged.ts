/**
 * Discord's rule, as the fake Discord applies it: an interaction not acknowledged within 3 s is refused
 * (10062, Unknown interaction). Tests under load assert this rule, never a latency measured in the test's
 * own process (which counts how busy the machine is as much as the bot).
 */
import type { FakeDiscord, InteractionResponseRecord } from './fake-discord.ts';

/** The interactions among `ids` whose first response the fake refused as too late (10062). */
export function refusedAsLate(fake: FakeDiscord, ids: readonly string[]): string[] {
  const wanted = new Set(ids);
  const late = new Set<string>();
  for (const r of fake.requests) {
    const id = /^\/interactions\/(\d+)\//.exec(r.path)?.[1];
    if (id && wanted.has(id) && !r.injected && r.status === 404 && r.responseBody?.code === 10062)
      late.add(id);
  }
  return [...late];
}

/**
 * Resolves with the first response to each of `ids`, in order; fails saying how many Discord refused
 * as not acknowledged within 3 s, and how many got no response at all within `timeoutMs`.
 */
export async function acknowledged(
  fake: FakeDiscord,
  ids: readonly string[],
  timeoutMs = 10_000,
): Promise<InteractionResponseRecord[]> {
  const settled = await Promise.allSettled(
    ids.map((id) => fake.waitForInteractionResponse(id, { timeoutMs })),
  );
  const late = refusedAsLate(fake, ids);
  const missing = settled.filter((s) => s.status === 'rejected').length;
  if (late.length > 0 || missing > 0)
    throw new Error(
      `of ${ids.length} interactions, ${late.length} were refused by Discord as not acknowledged ` +
        `within 3 s (10062) and ${missing} got no accepted response within ${timeoutMs} ms`,
    );
  return settled.map((s) => (s as PromiseFulfilledResult<InteractionResponseRecord>).value);
}
