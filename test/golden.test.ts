// Golden fixture folders: test/fixtures/golden/<case>/topologies → expected/overlays (and the stdout of
// generate). Refresh with `UPDATE_GOLDEN=1 npm test` and review the change as a diff.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { copyTree, FIXTURES, REPO_ROOT, readTree, removeTemp, run, tempRepo, writeFiles } from './helpers.js';

const GOLDEN = join(FIXTURES, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

export function goldenCases(): string[] {
  return readdirSync(GOLDEN).sort();
}

describe('golden fixtures', () => {
  for (const name of goldenCases()) {
    test(name, async () => {
      const root = tempRepo();
      try {
        // Everything of the case but expected/ is input: topologies/, and gwtopo.yaml or a patch base when used.
        for (const entry of readdirSync(join(GOLDEN, name))) {
          if (entry === 'expected') continue;
          if (statSync(join(GOLDEN, name, entry)).isDirectory()) copyTree(join(GOLDEN, name, entry), root, entry);
          else writeFiles(root, { [entry]: readFileSync(join(GOLDEN, name, entry), 'utf8') });
        }
        const result = await run(['generate'], root);
        assert.equal(result.code, 0, result.stderr);
        const expectedDir = join(GOLDEN, name, 'expected');
        const actual = readTree(join(root, 'overlays'));
        if (UPDATE) {
          rmSync(expectedDir, { recursive: true, force: true });
          for (const [path, content] of actual) writeFiles(join(expectedDir, 'overlays'), { [path]: content });
          writeFileSync(join(expectedDir, 'stdout.txt'), result.stdout);
          writeFileSync(join(expectedDir, 'stderr.txt'), result.stderr);
          return;
        }
        const expected = readTree(join(expectedDir, 'overlays'));
        assert.deepEqual([...actual.keys()], [...expected.keys()], 'the set of generated files differs');
        for (const [path, content] of expected) assert.equal(actual.get(path), content, `overlays/${path}`);
        assert.equal(result.stdout, readTree(expectedDir).get('stdout.txt'), 'stdout of generate');
        assert.equal(result.stderr, readTree(expectedDir).get('stderr.txt'), 'stderr of generate (warnings)');
      } finally {
        removeTemp(root);
      }
    });
  }
});

describe('shipped examples', () => {
  test('overlays/ holds exactly the output of topologies/', async () => {
    const result = await run(['check'], REPO_ROOT);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });
});
