// Hostile and broken repositories: symbolic links leading out of the root, odd encodings, concurrent and
// interrupted runs. gwtopo never follows a link out of the root, never writes through one, never loses a file.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CLI, readTree, removeTemp, run, spawnCli, tempRepo, topologyYaml, writeFiles, yaml } from './helpers.js';

function topology(cluster: string, port = 80): string {
  return topologyYaml(
    cluster,
    yaml`
    dataPlane: {name: ${cluster}}
    gateways:
      - {name: edge, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: ${port}, host: ${cluster}.example.com}]}
      - {name: inner, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 8080}]}
  `,
  );
}

/** A repository and, beside it, an "outside" folder that links point into. */
function repoWithOutside(files: Record<string, string>): { root: string; outside: string; cleanup: () => void } {
  const base = tempRepo();
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  writeFiles(root, files);
  return { root, outside, cleanup: () => removeTemp(base) };
}

describe('symbolic links', () => {
  test('a cluster folder linked out of the repository is not read', async () => {
    const { root, outside, cleanup } = repoWithOutside({ 'topologies/a/topology.yaml': topology('a') });
    try {
      writeFiles(outside, { 'evil/topology.yaml': topology('evil') });
      symlinkSync(join(outside, 'evil'), join(root, 'topologies/evil'));
      const r = await run(['generate'], root);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^topologies\/evil\/topology\.yaml:1:1: error: is a symbolic link \(or lies below one\) to .*, outside the repository; gwtopo does not follow it \[symlink\]\n/m);
      assert.deepEqual([...readTree(join(root, 'overlays')).keys()], []);
    } finally {
      cleanup();
    }
  });

  test('a topology file linked out of the repository is not read; a link inside it is', async () => {
    const { root, outside, cleanup } = repoWithOutside({ 'topologies/a/topology.yaml': topology('a') });
    try {
      writeFiles(outside, { 'secret.yaml': 'not: yours\n' });
      mkdirSync(join(root, 'topologies/b'));
      symlinkSync(join(outside, 'secret.yaml'), join(root, 'topologies/b/topology.yaml'));
      mkdirSync(join(root, 'topologies/c'));
      symlinkSync('../a/topology.yaml', join(root, 'topologies/c/topology.yaml'));
      const r = await run(['validate'], root);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^topologies\/b\/topology\.yaml:1:1: error: is a symbolic link/m);
      assert.doesNotMatch(r.stderr, /not: yours/);
      // The link inside the repository is followed: c reads a's file, whose name is a.
      assert.match(r.stderr, /^topologies\/c\/topology\.yaml:4:9: error: metadata\.name: "a" must equal the folder name "c"/m);
    } finally {
      cleanup();
    }
  });

  test('overlays/ linked out of the repository: nothing is written there', async () => {
    const { root, outside, cleanup } = repoWithOutside({ 'topologies/a/topology.yaml': topology('a') });
    try {
      symlinkSync(outside, join(root, 'overlays'));
      const r = await run(['generate'], root);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^overlays:1:1: error: is a symbolic link; gwtopo never writes through links \[symlink\]\n/m);
      assert.deepEqual(readdirSync(outside), []);
    } finally {
      cleanup();
    }
  });

  test('a cluster folder or a file in overlays/ linked elsewhere stops the run before anything is written', async () => {
    const { root, outside, cleanup } = repoWithOutside({ 'topologies/a/topology.yaml': topology('a'), 'topologies/b/topology.yaml': topology('b') });
    try {
      writeFiles(outside, { 'target.yaml': 'precious\n' });
      mkdirSync(join(root, 'overlays/b/data-plane'), { recursive: true });
      symlinkSync(outside, join(root, 'overlays/a'));
      symlinkSync(join(outside, 'target.yaml'), join(root, 'overlays/b/data-plane/edge.gateway.yaml'));
      const r = await run(['generate'], root);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^overlays\/a\/control-plane\/a\.dataplane\.yaml:1:1: error: would be written through the symbolic link overlays\/a; gwtopo never follows links in overlays\//m);
      assert.match(r.stderr, /^overlays\/b\/data-plane\/edge\.gateway\.yaml:1:1: error: would be written through the symbolic link overlays\/b\/data-plane\/edge\.gateway\.yaml/m);
      assert.deepEqual(readdirSync(outside), ['target.yaml']);
      assert.equal(readFileSync(join(outside, 'target.yaml'), 'utf8'), 'precious\n');
      assert.deepEqual([...readTree(join(root, 'overlays/b')).keys()], ['data-plane/edge.gateway.yaml'], 'nothing else written');
    } finally {
      cleanup();
    }
  });

  test('a link in overlays/ that gwtopo does not need is left alone, even to a generated-looking file', async () => {
    const { root, outside, cleanup } = repoWithOutside({ 'topologies/a/topology.yaml': topology('a') });
    try {
      const generatedLooking = '# Code generated by gwtopo from topologies/x/topology.yaml. DO NOT EDIT.\nkind: Gateway\n';
      writeFiles(outside, { 'old.gateway.yaml': generatedLooking });
      await run(['generate'], root);
      symlinkSync(join(outside, 'old.gateway.yaml'), join(root, 'overlays/a/data-plane/old.gateway.yaml'));
      const r = await run(['generate'], root);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^left alone overlays\/a\/data-plane\/old\.gateway\.yaml \(not generated by gwtopo\)$/m);
      assert.equal(readFileSync(join(outside, 'old.gateway.yaml'), 'utf8'), generatedLooking);
      assert.equal((await run(['check'], root)).code, 0);
    } finally {
      cleanup();
    }
  });
});

describe('encodings and line ends', () => {
  test('a byte-order mark and CRLF line ends render exactly like plain LF UTF-8', async () => {
    const plain = tempRepo({ 'topologies/a/topology.yaml': topology('a') });
    const windows = tempRepo({ 'topologies/a/topology.yaml': `\uFEFF${topology('a').replace(/\n/g, '\r\n')}` });
    try {
      assert.equal((await run(['generate'], plain)).code, 0);
      const r = await run(['generate'], windows);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(readTree(join(windows, 'overlays')), readTree(join(plain, 'overlays')));
    } finally {
      removeTemp(plain);
      removeTemp(windows);
    }
  });

  test('Latin-1 is refused with a clear error', async () => {
    const root = tempRepo();
    try {
      mkdirSync(join(root, 'topologies/a'), { recursive: true });
      writeFileSync(join(root, 'topologies/a/topology.yaml'), Buffer.from('metadata: {name: caf\xe9}\n', 'latin1'));
      const r = await run(['validate'], root);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^topologies\/a\/topology\.yaml:1:1: error: file is not valid UTF-8 \[encoding\]\n {2}hint: save the file as UTF-8\n/);
    } finally {
      removeTemp(root);
    }
  });
});

describe('concurrent and interrupted runs', () => {
  function manyClusters(n: number, port = 80): Record<string, string> {
    const files: Record<string, string> = {};
    for (let i = 0; i < n; i++) files[`topologies/c${i}/topology.yaml`] = topology(`c${i}`, port);
    return files;
  }

  test('a live lock makes a second generate wait, then fail clearly; a dead one is taken over', async () => {
    const root = tempRepo(manyClusters(2));
    try {
      writeFiles(root, { 'overlays/.gwtopo.lock': `${JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), since: Date.now() })}\n` });
      const blocked = spawnCli(['generate'], root, { GWTOPO_LOCK_TIMEOUT_MS: '300' });
      assert.equal(blocked.code, 2);
      assert.match(
        blocked.stderr,
        new RegExp(
          `^overlays/\\.gwtopo\\.lock:1:1: error: another gwtopo generate is writing overlays/: overlays/\\.gwtopo\\.lock is held by process ${process.pid} on .*; waited \\d+ s \\[lock\\]\\n  hint: wait for it to finish and run again; if no gwtopo runs, delete overlays/\\.gwtopo\\.lock\\n`,
          'm',
        ),
      );
      assert.deepEqual([...readTree(join(root, 'overlays')).keys()], ['.gwtopo.lock']);
      // A lock whose process is gone (no pid is above 2^22 on Linux) is stale.
      writeFiles(root, { 'overlays/.gwtopo.lock': `${JSON.stringify({ pid: 2 ** 22 + 7, host: (await import('node:os')).hostname(), since: Date.now() })}\n` });
      const r = spawnCli(['generate'], root);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readTree(join(root, 'overlays')).has('.gwtopo.lock'), false, 'released');
    } finally {
      removeTemp(root);
    }
  });

  test('two generate runs at once do not interleave: both succeed and the result is complete', async () => {
    const root = tempRepo(manyClusters(150));
    try {
      const runOnce = (): Promise<{ code: number | null; stderr: string }> =>
        new Promise((resolve) => {
          const child = spawn(process.execPath, [CLI, 'generate'], { cwd: root, env: { ...process.env, CI: 'true' } });
          let stderr = '';
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          child.on('close', (code) => resolve({ code, stderr }));
        });
      const [a, b] = await Promise.all([runOnce(), runOnce()]);
      assert.deepEqual([a.code, b.code], [0, 0], a.stderr + b.stderr);
      const tree = readTree(join(root, 'overlays'));
      assert.equal(tree.size, 150 * 8);
      assert.deepEqual(
        [...tree.keys()].filter((p) => p.includes('.tmp') || p.includes('.lock')),
        [],
      );
      assert.equal(spawnCli(['check'], root).code, 0);
    } finally {
      removeTemp(root);
    }
  });

  test('a run killed between writes leaves every file old or new; the next run completes it', async () => {
    const root = tempRepo(manyClusters(20));
    try {
      assert.equal((await run(['generate'], root)).code, 0);
      const old = readTree(join(root, 'overlays'));
      writeFiles(root, manyClusters(20, 81)); // every data-plane Gateway and registration changes
      const fresh = tempRepo(manyClusters(20, 81));
      assert.equal((await run(['generate'], fresh)).code, 0);
      const next = readTree(join(fresh, 'overlays'));
      removeTemp(fresh);
      const killed = spawnCli(['generate'], root, { GWTOPO_FAULT_AFTER_WRITES: '7' });
      assert.equal(killed.code, -1, 'killed by SIGKILL');
      const after = readTree(join(root, 'overlays'));
      let changed = 0;
      for (const [path, content] of after) {
        if (path === '.gwtopo.lock') continue;
        assert.ok(content === old.get(path) || content === next.get(path), `${path} is either old or new`);
        if (content !== old.get(path)) changed++;
      }
      assert.equal(changed, 7, 'exactly the files written before the crash are new');
      assert.ok(after.has('.gwtopo.lock'), 'the dead run left its lock');
      const resumed = spawnCli(['generate'], root);
      assert.equal(resumed.code, 0, resumed.stderr);
      const final = readTree(join(root, 'overlays'));
      assert.deepEqual(final, next);
    } finally {
      removeTemp(root);
    }
  });

  test('a new cluster folder appears whole or not at all: a killed first run leaves a temporary folder the next run removes', async () => {
    const root = tempRepo(manyClusters(20));
    try {
      const fresh = tempRepo(manyClusters(20));
      assert.equal((await run(['generate'], fresh)).code, 0);
      const full = readTree(join(fresh, 'overlays'));
      removeTemp(fresh);
      // 8 files per cluster folder: the 12th write is in the middle of the second folder.
      const killed = spawnCli(['generate'], root, { GWTOPO_FAULT_AFTER_WRITES: '12' });
      assert.equal(killed.code, -1, 'killed by SIGKILL');
      const after = readTree(join(root, 'overlays'));
      const temporary = [...after.keys()].filter((p) => /^\.gwtopo-[0-9]+-[0-9]+\.tmp\//.test(p));
      assert.equal(temporary.length, 4, 'the second folder, half written, under its temporary name');
      const placed = [...after.keys()].filter((p) => !temporary.includes(p) && p !== '.gwtopo.lock');
      assert.equal(placed.length, 8, 'the first folder, complete');
      for (const p of placed) assert.equal(after.get(p), full.get(p), p);
      const check = spawnCli(['check'], root);
      assert.equal(check.code, 1);
      assert.doesNotMatch(check.stdout + check.stderr, /\.tmp/, 'check does not report the temporary folder');
      const resumed = spawnCli(['generate'], root);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.doesNotMatch(resumed.stdout + resumed.stderr, /\.tmp/);
      assert.deepEqual(readTree(join(root, 'overlays')), full);
    } finally {
      removeTemp(root);
    }
  });
});
