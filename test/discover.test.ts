// Discovery of topologies (repository/discover.ts) lists topologies/ with plain system calls: it must list exactly
// what the glob it replaced lists — fast-glob's topologies/* and topologies/*/topology.{yaml,yml}, following
// links, no dot-names — on layouts with every kind of entry and link.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fg from 'fast-glob';
import { discoverTopologies, listTopologies } from '../generator/repository/discover.js';
import { removeTemp, tempRepo } from './helpers.js';

function globbed(root: string): string[] {
  return fg.sync(['topologies/*', 'topologies/*/topology.{yaml,yml}'], { cwd: root, onlyFiles: false, markDirectories: true, followSymbolicLinks: true, dot: false, unique: true }).sort();
}

test('discovery lists what the glob lists, links and odd entries included', async () => {
  const root = tempRepo();
  try {
    const t = join(root, 'topologies');
    const put = (path: string, text = 'x'): void => {
      mkdirSync(join(t, path, '..'), { recursive: true });
      writeFileSync(join(t, path), text);
    };
    put('a/topology.yaml');
    put('b/topology.yml');
    put('c/topology.yaml');
    put('c/topology.yml');
    put('d/README.md');
    put('loose.yaml');
    put('.hidden/topology.yaml');
    put('_profiles/p.yaml');
    put('UPPER/topology.yaml');
    mkdirSync(join(t, 'e'));
    mkdirSync(join(t, 'f/topology.yaml'), { recursive: true }); // a folder where the file should be
    mkdirSync(join(root, 'outside'));
    writeFileSync(join(root, 'outside/topology.yaml'), 'x');
    symlinkSync(join(root, 'outside'), join(t, 'linked-dir'));
    symlinkSync(join(t, 'a/topology.yaml'), join(t, 'linked-file.yaml'));
    symlinkSync(join(t, 'nowhere'), join(t, 'broken'));
    symlinkSync(join(t, 'loop'), join(t, 'loop'));
    mkdirSync(join(t, 'g'));
    symlinkSync(join(t, 'a/topology.yaml'), join(t, 'g/topology.yaml'));
    symlinkSync(join(t, 'nowhere'), join(t, 'g/topology.yml'));
    assert.deepEqual(
      listTopologies(root)
        .map((e) => e.path)
        .sort(),
      globbed(root),
    );
    // Only entries with no link on their way from the root are link-free (they are read without realpath).
    assert.deepEqual(
      listTopologies(root)
        .filter((e) => e.linkFree && /topology\.ya?ml$/.test(e.path))
        .map((e) => e.path)
        .sort(),
      ['topologies/UPPER/topology.yaml', 'topologies/a/topology.yaml', 'topologies/b/topology.yml', 'topologies/c/topology.yaml', 'topologies/c/topology.yml'],
    );
    assert.ok(globbed(root).length >= 15, globbed(root).join(' '));
    // A folder named topology.yaml is not a cluster folder of its own: its cluster folder has no topology.
    const found = await discoverTopologies(root);
    assert.deepEqual(
      found.problems.filter((p) => p.file.startsWith('topologies/f/')).map((p) => `${p.file}: ${p.rule}: ${p.message}`),
      ['topologies/f/: layout-ignored: no topology.yaml in this folder; it is not a cluster'],
    );
    assert.ok(!found.topologies.some((t) => t.cluster.includes('/')), found.topologies.map((t) => t.cluster).join(' '));
    // topologies/ itself a link: nothing below it is link-free.
    const other = tempRepo();
    try {
      symlinkSync(t, join(other, 'topologies'));
      assert.deepEqual(
        listTopologies(other).filter((e) => e.linkFree),
        [],
      );
      assert.equal(listTopologies(other).length, listTopologies(root).length);
    } finally {
      removeTemp(other);
    }
  } finally {
    removeTemp(root);
  }
});
