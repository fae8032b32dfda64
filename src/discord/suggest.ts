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
  /** The folded names the entry answers to: its own first, then (for a person) its other names. */
  folded: string[];
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
      .map((s) => ({ name: s.name, folded: [...new Set(s.members.map((m) => foldTyped(names[m]!)))] }));
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
      const name = placeByKey(key)?.name;
      if (name) list.push({ name, folded: [foldTyped(name)] });
    }
    placeLists.set(index, list);
  }
  return list;
}

function pick(list: readonly Entry[], typed: string, prefix = ''): Choice[] {
  const q = foldTyped(typed);
  const starts: Entry[] = [];
  const contains: Entry[] = [];
  for (const e of list) {
    if (!q || e.folded.some((f) => f.startsWith(q) || f.includes(` ${q}`))) starts.push(e);
    else if (e.folded.some((f) => f.includes(q))) contains.push(e);
    if (starts.length >= MAX_CHOICES) break;
  }
  return [...starts, ...contains].slice(0, MAX_CHOICES).flatMap((e) => {
    const value = `${prefix}${e.name}`;
    return value.length <= MAX_CHOICE_LENGTH ? [{ name: value, value }] : [];
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
