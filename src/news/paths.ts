/**
 * Paths in messages shown to Discord users. A reply names files as the reports do, relative to the seeds
 * folder; it never shows where the bot's files are on the host (an absolute path tells a member of any
 * server the operator's layout, user name, mount points).
 */

/** What an absolute path outside the given folders becomes. */
export const HIDDEN_PATH = '(a path on the host)';

/**
 * An absolute path: POSIX (`/home/x/seeds`) or Windows (`C:\x`, `\\server\share`), up to a space, a quote
 * or a bracket. A slash inside a word (`and/or`, `5 MB/s`) or after a scheme (`https://`) is no path.
 */
const ABSOLUTE = /(?<![\w.:/\\-])(?:\/|[A-Za-z]:\\|\\\\)[^\s'"`()<>[\]{},;]*/g;

/**
 * `message` with every path inside one of `folders` (absolute paths of the seeds folder) written
 * relative to it (`wire/a.txt`; the folder itself as `seeds/`), and every other absolute path replaced
 * by {@link HIDDEN_PATH}. Pure: the caller resolves the folders.
 */
export function showPaths(message: string, folders: readonly string[] = []): string {
  const roots = folders
    .filter((f) => f.startsWith('/') || /^[A-Za-z]:\\/.test(f))
    .map((f) => f.replace(/[/\\]+$/, ''))
    .sort((a, b) => b.length - a.length);
  const shown = (path: string): string => {
    for (const root of roots) {
      if (path === root || path === `${root}/` || path === `${root}\\`) return 'seeds/';
      if (path.startsWith(`${root}/`) || path.startsWith(`${root}\\`)) {
        const rest = path.slice(root.length + 1).replace(/\\/g, '/');
        return rest.split('/').includes('..') ? HIDDEN_PATH : rest;
      }
    }
    return HIDDEN_PATH;
  };
  // Punctuation that ends the sentence (`…/x.txt: EIO`, `…/x.txt.`) is not part of the path.
  return message.replace(ABSOLUTE, (match) => {
    const path = match.replace(/[:.!?]+$/, '');
    return shown(path) + match.slice(path.length);
  });
}
