/** Large articles for the end-to-end tests of /reindex. */

/**
 * A long wire article of about `bytes` characters: varied sentences (places, goods, figures, quotes) that
 * take the parser and the tokenizer as long as real news of that size does, each with a word no other
 * article has (`word`), so a search shows whether it is in.
 */
export function longArticle(seed: number, bytes: number, word: string): string {
  const places = [
    'Kenya',
    'Japan',
    'Peru',
    'Chile',
    'Norway',
    'Canada',
    'Brazil',
    'India',
    'Egypt',
    'Poland',
  ];
  const goods = ['coffee', 'copper', 'tea', 'steel', 'wheat', 'oil', 'rice', 'timber', 'cotton', 'salt'];
  const people = ['Amy Pope', 'Tom Hale', 'Ravi Shah', 'Lena Berg', 'Omar Said'];
  let x = seed;
  const r = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  const lines = [`date 2024-03-01 (Long Wire) NAIROBI, March 1. The ${word} report, part ${seed}.\n`];
  let size = lines[0]!.length;
  while (size < bytes) {
    const line =
      r(3) === 0
        ? `"We expect ${goods[r(10)]} exports to ${places[r(10)]} to rise ${r(90)} percent," said ${people[r(5)]}, a trader.\n`
        : `${places[r(10)]} shipped ${r(900)} tonnes of ${goods[r(10)]} to ${places[r(10)]} in week ${r(52)}, lot ${r(100000)}.\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}
