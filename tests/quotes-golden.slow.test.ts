import { describe, expect, it } from 'vitest';
import { FOLDERS, hasFolder, keptRecord, recordOf } from './golden/quote-record.ts';

// The record changes only on purpose: `npx tsx tests/golden/quote-record.ts --write` after a change that
// is meant to alter who is quoted (and `--out` before and after, to read what it altered).
describe('the golden record of the corpus quotes', () => {
  const kept = keptRecord();
  for (const name of Object.keys(FOLDERS)) {
    it.skipIf(!hasFolder(name))(`finds the recorded quotes in ${name}, attributed as recorded`, async () => {
      const { lines: _lines, ...now } = await recordOf(name);
      expect(now).toEqual(kept[name]);
    });
  }
});
