import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PAST } from '../../../src/households/review';
import { en } from '../../../web/src/shared/words-en';
import { vi } from '../../../web/src/shared/words-vi';

// A household's history shows each entry's action in words; one without words reads "Thay đổi
// khác" (other change), which tells the clerk nothing. Every action the service writes for a
// household (a literal 'household.…' in src/, and each transition's `household.<past>`) has words.

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

describe('household history words', () => {
  const written = new Set(Object.values(PAST).map((past) => `household.${past}`));
  for (const file of sources(path.join(__dirname, '..', '..', '..', 'src')))
    for (const [, action] of readFileSync(file, 'utf8').matchAll(/'(household\.[a-z_]+)'/g))
      if (action !== 'household.unknown') written.add(action);

  it('when the service writes a household action, then both languages have words for it', () => {
    expect(written.size).to.be.greaterThan(10);
    const missing = [...written].filter((a) => !vi.actions[a] || !(en.actions as Record<string, string>)[a]);
    expect(missing).to.deep.equal([]);
  });
});
