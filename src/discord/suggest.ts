import { clip } from '../news/clip.ts';
import { fold } from '../news/fold.ts';
import type { NewsIndex } from '../news/index.ts';
import { placeByKey } from '../news/places.ts';

/**
 * Autocomplete suggestions, answered from memory: the speakers and places of the live index, folded
 * and sorted once per index (a WeakMap keyed by the index, so a reindex gets fresh lists for free).
 */

/** Discord's limits for autocomplete: 25 choices, names and values of 1 to 100 characters. */
export const MAX_CHOICES = 25;
export const MAX_CHOICE_LENGTH = 100;

/** One autocomplete choice. */
export interface Choice {
  name: string;
  value: string;
}

interface Entry {
  name: string;
  /**
   * The folded names the entry answers to: its own first, then its other names (a person's aliases; a
   * place's short forms and other names: `US`, `America`, `Britain`, `Holland`).
   */
  folded: string[];
  /** The other names as written, parallel to `folded` from its second element. */
  others: string[];
}

/** Folded as the core compares names, with hyphens and runs of spaces as one space (`kassym jomart`). */
const foldTyped = (s: string): string =>
  fold(s)
    .replace(/[-\s]+/g, ' ')
    .trim();

const speakerLists = new WeakMap<NewsIndex, Entry[]>();
const placeLists = new WeakMap<NewsIndex, Entry[]>();

/**
 * One entry per person (see `speakers.ts`): the name the person goes by, the longest full name
 * (`Ronald Reagan`, not also `Reagan`), with the quotes of all their names, found by any of them. The
 * value is that name, and `/quote` with it finds the quotes of every name of the person.
 */
function speakers(index: NewsIndex): Entry[] {
  let list = speakerLists.get(index);
  if (!list) {
    const { speakers: names } = index.lib;
    const order = index.people.people.map((members) => ({
      name: names[members[0]!]!,
      count: members.reduce((n, s) => n + (index.speakerCounts[s] ?? 0), 0),
      members,
    }));
    order.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    list = order
      .filter((s) => s.name.length <= MAX_CHOICE_LENGTH)
      .map((s) =>
        entry(
          s.name,
          s.members.map((m) => names[m]!),
        ),
      );
    speakerLists.set(index, list);
  }
  return list;
}

function places(index: NewsIndex): Entry[] {
  let list = placeLists.get(index);
  if (!list) {
    const order = [...index.placeCounts].sort((a, b) => b[1] - a[1]);
    list = [];
    for (const [key] of order) {
      const place = placeByKey(key);
      if (place) list.push(entry(place.name, place.aliases));
    }
    placeLists.set(index, list);
  }
  return list;
}

/** An entry for `name` that also answers to `others` (each folded form once). */
function entry(name: string, others: readonly string[]): Entry {
  const folded = [foldTyped(name)];
  const kept: string[] = [];
  for (const o of others) {
    const f = foldTyped(o);
    if (f && !folded.includes(f)) {
      folded.push(f);
      kept.push(o);
    }
  }
  return { name, folded, others: kept };
}

/**
 * Up to 25 choices for what was typed: a name typed exactly first, then names with a word starting
 * with it, then names containing it; most frequent first within each. A choice found by another name
 * than its own shows that name (`United States (US)`, `Netherlands (Holland)`); its value is the entry's
 * own name, which the command reads.
 */
function pick(list: readonly Entry[], typed: string, prefix = ''): Choice[] {
  const q = foldTyped(typed);
  const tiers: { e: Entry; via: number }[][] = [[], [], []];
  for (const e of list) {
    let tier = 3;
    let via = 0;
    e.folded.forEach((f, i) => {
      const t = !q || f === q ? 0 : f.startsWith(q) || f.includes(` ${q}`) ? 1 : f.includes(q) ? 2 : 3;
      if (t < tier) {
        tier = t;
        via = i;
      }
    });
    if (tier < 3) tiers[tier]!.push({ e, via });
    if (tiers[0]!.length >= MAX_CHOICES) break;
  }
  return tiers
    .flat()
    .slice(0, MAX_CHOICES)
    .flatMap(({ e, via }) => {
      const value = `${prefix}${e.name}`;
      const other = via > 0 && !e.folded[0]!.includes(e.folded[via]!) ? e.others[via - 1] : undefined;
      const name = other ? `${value} (${other})` : value;
      if (value.length > MAX_CHOICE_LENGTH) return [];
      return [{ name: name.length <= MAX_CHOICE_LENGTH ? name : value, value }];
    });
}

/** People quoted in the index whose name matches what the user typed, most quoted first. */
export function suggestSpeakers(index: NewsIndex, typed: string): Choice[] {
  return pick(speakers(index), clip(typed, 100));
}

/**
 * Places in the index for a box that holds two places (`kazakhstan chi` → `kazakhstan China`): the
 * words typed so far are kept and the last one or two are completed.
 */
export function suggestPlaces(index: NewsIndex, typed: string): Choice[] {
  const words = clip(typed, 100).trimStart().split(/\s+/);
  for (let k = Math.max(0, words.length - 3); k < words.length; k++) {
    const prefix = words.slice(0, k).join(' ');
    const choices = pick(places(index), words.slice(k).join(' '), prefix ? `${prefix} ` : '');
    if (choices.length) return choices;
  }
  return [];
}
