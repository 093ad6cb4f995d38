import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

/** The numbers of the rules a doc defines: `- **P7 …**` → P7. */
function ruleNumbers(doc: string, prefix: string): string[] {
  const text = readFileSync(join(root, 'docs', doc), 'utf8');
  return [...text.matchAll(new RegExp(`^- \\*\\*(${prefix}\\d+)\\b`, 'gm'))].map((m) => m[1]!);
}

/** The text of every test file under the given folders of `test/`. */
function testTitles(dirs: string): string {
  return dirs
    .split(',')
    .flatMap((dir) =>
      readdirSync(join(root, 'test', dir))
        .filter((f) => f.endsWith('.test.ts') || f === 'scenarios.ts')
        .map((f) => readFileSync(join(root, 'test', dir, f), 'utf8')),
    )
    .join('\n');
}

describe('numbered rules have tests named by their number', () => {
  it.each([
    ['policy-rules.md', 'P', 'admin'],
    ['restriction-rules.md', 'R', 'restrictions'],
    ['tenant-file.md', 'T', 'tenant,storage'],
    ['decision-scenarios.md', 'D', 'decision,exports'],
    ['confluence-reads.md', 'C', 'confluence-reads'],
    ['enforcement-endpoints.md', 'E', 'classification,data-policies,exports'],
    ['jira.md', 'J', 'jira'],
    ['audit-log.md', 'A', 'audit'],
    ['suggestions.md', 'S', 'suggestions'],
    ['rehearsal.md', 'H', 'rehearsal'],
    ['reliability.md', 'F', 'reliability'],
    ['testing-features.md', 'G', 'testing-features'],
    ['console.md', 'K', 'console'],
  ])('%s', (doc, prefix, dir) => {
    const numbers = ruleNumbers(doc, prefix);
    expect(numbers.length).toBeGreaterThanOrEqual(10);
    const titles = testTitles(dir);
    for (const n of numbers) {
      // a test title that starts with the number or names it in brackets, `it('E23 (D13) …')`;
      // scenario tables name it as `id: 'D7'` and run it through the engine and over HTTP.
      expect(titles, `${n} has no test`).toMatch(
        new RegExp(`it\\(\\s*[\`'"](${n}\\b|[A-Z]\\d+ \\(${n}\\))|id: '${n}'`),
      );
    }
  });
});

describe('docs/ARCHITECTURE.md', () => {
  it('has one line per folder of src/ and test/', () => {
    const doc = readFileSync(join(root, 'docs', 'ARCHITECTURE.md'), 'utf8');
    const folders = (dir: string): string[] =>
      readdirSync(join(root, dir), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .flatMap((e) => [`${dir}/${e.name}/`, ...folders(`${dir}/${e.name}`)]);
    for (const folder of [...folders('src'), ...folders('test')]) {
      expect(doc, `${folder} is not described`).toContain(`| \`${folder}\``);
    }
  });
});
