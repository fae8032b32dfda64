/**
 * How this process starts another one (a shard) or a thread (the parse worker) from a module next to
 * the caller, so that the same code runs compiled and from source:
 *
 * - compiled (`npm start` runs `node dist/src/main.js`): the caller's URL ends in `.js`, and so does the
 *   sibling's; plain node runs it, with no loader;
 * - from source (tsx, vitest, `npm run ask`): the caller's URL ends in `.ts`, the sibling is the `.ts`
 *   beside it and needs tsx's loader.
 *
 * Deciding from `import.meta.url` rather than from the environment or the process's arguments keeps
 * the decision with the file that actually runs: a compiled module never asks for tsx (which a
 * production install does not have), a source module always does.
 */

/** A module beside the caller, as the runtime that runs the caller can start it. */
export interface SiblingEntry {
  /** Its file URL (`file:///…/main.js` or `…/main.ts`). */
  url: URL;
  /** Whether it is TypeScript source, which needs tsx's loader ({@link tsxExecArgv}). */
  fromSource: boolean;
}

/**
 * The module `name` (without extension) in the folder of `from` (the caller's `import.meta.url`),
 * with the caller's own extension: `.js` when the caller was compiled, `.ts` when it runs from source.
 */
export function siblingEntry(from: string, name: string): SiblingEntry {
  const fromSource = new URL(from).pathname.endsWith('.ts');
  return { url: new URL(`./${name}${fromSource ? '.ts' : '.js'}`, from), fromSource };
}

/**
 * Node options that load tsx before the entry, for a child process that runs TypeScript source. tsx is
 * resolved from this project (not from the child's working folder), so the child finds it wherever it
 * runs. Only called for source entries: a compiled build never needs tsx, which may not be installed.
 */
export function tsxExecArgv(): string[] {
  return ['--import', import.meta.resolve('tsx')];
}
