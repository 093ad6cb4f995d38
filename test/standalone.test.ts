import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/paths.js';
import { ATLASSIAN_OPENAPI_DIR } from './support/openapi.js';

/**
 * The repository stands alone: a fresh clone with nothing beside it builds and passes its tests.
 * No tracked file may read, import or send a reader to a path outside the checkout.
 */

interface RepoFile {
  /** Path relative to the repository root, with `/`. */
  path: string;
  text: string;
}

const DOT2 = '..';
/** Names of folders that exist only beside the repository on the developers' machines. */
const OUTSIDE_NAMES = [
  `${DOT2}/shared`,
  ['shared', 'reference'].join('/'),
  ['shared', 'spec'].join('/'),
  `/${'work'}/`,
];
/** A run of `../` (with what follows) that is not part of a longer name. */
const CLIMB = /(?<![\w.$/-])((?:\.\.\/)+[\w.@-]*|\.\.(?=['"`]))/g;
/** A join or resolve that starts at the root (packageRoot(), root, process.cwd()) and goes up. */
const UP_FROM_ROOT = /(packageRoot\(\)|process\.cwd\(\)|\broot\b)\s*,\s*(['"`])\.\.\2/g;

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Every place a file names a path outside the repository, as `file:line: what`. */
export function findEscapes(files: RepoFile[]): string[] {
  const found: string[] = [];
  for (const { path, text } of files) {
    for (const name of OUTSIDE_NAMES) {
      let at = text.indexOf(name);
      while (at !== -1) {
        found.push(`${path}:${lineOf(text, at)}: names ${name}`);
        at = text.indexOf(name, at + 1);
      }
    }
    const dir = dirname(join('/repo', path));
    for (const match of text.matchAll(CLIMB)) {
      const target = relative('/repo', resolve(dir, match[1]!));
      if (target === DOT2 || target.startsWith(`${DOT2}${sep}`) || isAbsolute(target)) {
        found.push(`${path}:${lineOf(text, match.index)}: ${match[1]} leaves the repository`);
      }
    }
    for (const match of text.matchAll(UP_FROM_ROOT)) {
      found.push(`${path}:${lineOf(text, match.index)}: climbs above the root (${match[0]})`);
    }
  }
  return found;
}

/** The tracked files (git ls-files), or every file but node_modules/dist/data without git. */
function trackedFiles(root: string): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f !== '');
  } catch {
    const walk = (dir: string): string[] =>
      readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
        const path = dir ? `${dir}/${e.name}` : e.name;
        if (['node_modules', 'dist', 'data', '.git'].includes(e.name)) return [];
        return e.isDirectory() ? walk(path) : [path];
      });
    return walk('');
  }
}

function readRepo(): RepoFile[] {
  const root = packageRoot();
  return trackedFiles(root)
    .filter((path) => !path.startsWith('node_modules/'))
    .filter((path) => statSync(join(root, path), { throwIfNoEntry: false })?.isFile())
    .map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
}

describe('the repository stands alone', () => {
  it('no tracked file outside node_modules/ reads or names a path outside the repository', () => {
    const files = readRepo();
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.path === 'test/support/openapi.ts')).toBe(true);
    expect(findEscapes(files)).toEqual([]);
  });

  it('the check finds each way of leaving the repository', () => {
    const up = `${DOT2}/`;
    const cases: [RepoFile, RegExp][] = [
      [
        { path: 'test/support/x.ts', text: `join(packageRoot(), '${DOT2}', 'shared')` },
        /climbs above the root/,
      ],
      [{ path: 'test/x.ts', text: `readFileSync('${up}${up}spec/a.md')` }, /leaves the repository/],
      [{ path: 'docs/a.md', text: `see [the contract](${up}${up}notes/a.md)` }, /leaves/],
      [{ path: 'README.md', text: `The format is ${OUTSIDE_NAMES[1]}/a.md` }, /names shared/],
      [{ path: 'src/a.ts', text: `// from ${OUTSIDE_NAMES[0]}/x` }, /names/],
      [{ path: 'bench/a.ts', text: `open('${OUTSIDE_NAMES[3]}x')` }, /names \/work\//],
      [{ path: 'a.ts', text: `new URL('${DOT2}', import.meta.url)` }, /leaves/],
    ];
    for (const [file, problem] of cases) {
      const found = findEscapes([file]);
      expect(found, file.text).toHaveLength(1);
      expect(found[0], file.text).toMatch(problem);
    }
    // what stays inside is fine
    expect(
      findEscapes([
        { path: 'test/e2e/a.ts', text: `import '${up}${up}src/paths.js'; const x = [...y];` },
        { path: 'test/a.ts', text: `new URL('${DOT2}', import.meta.url)` },
        { path: 'docs/a.md', text: `[readme](${up}README.md) and /usr/lib/postgresql` },
      ]),
    ).toEqual([]);
  });
});

describe('vendored Atlassian OpenAPI documents', () => {
  const files = readdirSync(ATLASSIAN_OPENAPI_DIR).filter((f) => f.endsWith('.json'));
  const readme = readFileSync(join(ATLASSIAN_OPENAPI_DIR, 'README.md'), 'utf8');

  it('each is listed in the folder README with its source commit', () => {
    expect(files.sort()).toEqual(
      [
        'confluence-v1-restrictions.json',
        'confluence-v2-governance.json',
        'confluence-v2-spaces.json',
        'jira-v3-governance.json',
      ].sort(),
    );
    for (const file of files) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${file}\``));
      expect(row, file).toBeDefined();
      const source = JSON.parse(readFileSync(join(ATLASSIAN_OPENAPI_DIR, file), 'utf8')) as {
        'x-gatehouse-source': { commit: string };
      };
      expect(row).toContain(source['x-gatehouse-source'].commit);
    }
  });

  it.each(files)('%s is a valid, self-contained OpenAPI document', async (file) => {
    const doc = JSON.parse(readFileSync(join(ATLASSIAN_OPENAPI_DIR, file), 'utf8')) as object;
    // validate() dereferences in place; give it a copy, with external $refs refused
    await expect(
      SwaggerParser.validate(structuredClone(doc) as never, { resolve: { external: false } }),
    ).resolves.toBeDefined();
  });
});
