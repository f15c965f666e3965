// Writing safely and detecting drift: only changed files are written, each atomically; only files with
// the generated header are ever rewritten or pruned; check reports drift with unified diffs.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { readAhead } from '../generator/write/read-ahead.js';
import { scanOverlays } from '../generator/write/scan.js';
import { readTree, removeTemp, run, spawnCli, tempRepo, topologyYaml, writeFiles } from './helpers.js';

/** Each cluster its own data plane: on one control plane, two topologies may not register the same one. */
function topology(
  cluster: string,
  gateways = 'gateways:\n  - {name: edge, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80, host: edge.example.com}]}\n  - {name: inner, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 8080}]}\n',
): string {
  return topologyYaml(cluster, `dataPlane: {name: ${cluster}}\n${gateways}`);
}

const PAST = new Date('2001-02-03T04:05:06Z');

let root: string;
beforeEach(() => {
  root = tempRepo({ 'topologies/a/topology.yaml': topology('a'), 'topologies/b/topology.yaml': topology('b') });
});
afterEach(() => removeTemp(root));

function ageAll(): void {
  for (const path of readTree(join(root, 'overlays')).keys()) utimesSync(join(root, 'overlays', path), PAST, PAST);
}
function mtime(path: string): number {
  return statSync(join(root, path)).mtimeMs;
}

describe('generate', () => {
  test('a second run writes nothing and keeps every mtime', async () => {
    assert.equal((await run(['generate'], root)).code, 0);
    ageAll();
    const again = await run(['generate'], root);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /gwtopo: 2 clusters: 0 written, 16 unchanged, 0 removed \(overlays\/ was up to date\)\n$/);
    for (const path of readTree(join(root, 'overlays')).keys()) assert.equal(mtime(`overlays/${path}`), PAST.getTime(), path);
  });

  test('a change rewrites only the files it affects', async () => {
    await run(['generate'], root);
    ageAll();
    writeFiles(root, { 'topologies/a/topology.yaml': topology('a').replace('port: 8080', 'port: 9090') });
    const result = await run(['generate', '--verbose'], root);
    assert.equal(result.code, 0);
    assert.deepEqual(
      result.stdout.split('\n').filter((l) => l.startsWith('wrote ')),
      ['wrote overlays/a/control-plane/a.dataplane.yaml', 'wrote overlays/a/data-plane/inner.gateway.yaml'],
    );
    assert.match(result.stdout, /^gwtopo: 2 clusters: 2 written, 14 unchanged, 0 removed \(changed: a\)$/m);
    assert.equal(mtime('overlays/a/data-plane/edge.gateway.yaml'), PAST.getTime());
    assert.equal(mtime('overlays/b/data-plane/inner.gateway.yaml'), PAST.getTime());
    assert.notEqual(mtime('overlays/a/data-plane/inner.gateway.yaml'), PAST.getTime());
  });

  test('a file-system error in a writer thread is reported like one in the main thread: exit 2, the call and the file', () => {
    // overlays/b/data-plane is a file, so its folder cannot be made. With GWTOPO_WORKERS=1 cluster a is
    // written by the main thread and cluster b by a writer thread (whole clusters are dealt in turn).
    writeFiles(root, { 'overlays/b/data-plane': 'not a folder\n' });
    for (const workers of ['0', '1']) {
      rmSync(join(root, 'overlays/a'), { recursive: true, force: true }); // so that both clusters are written
      const r = spawnCli(['generate'], root, { GWTOPO_WORKERS: workers });
      assert.equal(r.code, 2, `GWTOPO_WORKERS=${workers}: ${r.stderr}`);
      assert.equal(r.stderr, 'gwtopo: error: mkdir overlays/b/data-plane: EEXIST [io]\n', `GWTOPO_WORKERS=${workers}`);
      assert.equal(readFileSync(join(root, 'overlays/b/data-plane'), 'utf8'), 'not a folder\n', 'the file is left alone');
      assert.equal(existsSync(join(root, 'overlays/.gwtopo.lock')), false, 'the lock is released');
    }
  });

  test("a file-system error in check is still each CI format's document (the error its one finding), and the error line on stderr", async () => {
    await run(['generate'], root);
    // A path longer than PATH_MAX (4,096 bytes) under overlays/: listing it fails with ENAMETOOLONG, even as root.
    // Made and removed one level at a time from inside, as no absolute path can reach it.
    const name = 'd'.repeat(250);
    const cwd = process.cwd();
    process.chdir(join(root, 'overlays/a'));
    try {
      for (let i = 0; i < 17; i++) {
        mkdirSync(name);
        process.chdir(name);
      }
      writeFileSync('x.yaml', 'x\n');
      process.chdir(join(root, 'overlays/a'));
      for (const format of ['github', 'gitlab', 'sarif']) {
        const r = await run(['check', '--format', format], root);
        assert.equal(r.code, 2, format);
        assert.match(r.stderr, /^gwtopo: error: scandir overlays\/a\/d+\/.*: ENAMETOOLONG \[io\]\n$/, format);
        if (format === 'github') assert.match(r.stdout, /^::error file=overlays\/a\/d+\/.*title=gwtopo io::.*scandir failed: ENAMETOOLONG/);
        if (format === 'gitlab')
          assert.deepEqual(
            (JSON.parse(r.stdout) as { check_name: string; description: string }[]).map((i) => [i.check_name, i.description]),
            [['gwtopo/io', 'scandir failed: ENAMETOOLONG']],
          );
        if (format === 'sarif') {
          const results = (JSON.parse(r.stdout) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] }).runs[0]!.results;
          assert.deepEqual(
            results.map((x) => [x.ruleId, x.message.text]),
            [['io', 'scandir failed: ENAMETOOLONG']],
          );
        }
      }
    } finally {
      process.chdir(join(root, 'overlays/a'));
      let depth = 0;
      while (existsSync(name)) {
        process.chdir(name);
        depth++;
      }
      rmSync('x.yaml', { force: true });
      for (; depth > 0; depth--) {
        process.chdir('..');
        rmSync(name, { recursive: true });
      }
      process.chdir(cwd);
    }
  });

  test("a rename that fails names the file it would replace, not gwtopo's temporary file", async () => {
    await run(['generate'], root);
    const www = (c: string): string => topology(c).replace('host: edge.example.com', 'host: www.example.com');
    writeFiles(root, { 'topologies/a/topology.yaml': www('a'), 'topologies/b/topology.yaml': www('b') });
    // What gwtopo would replace is a folder now: the rename of the new content onto it fails. Both clusters change,
    // so with GWTOPO_WORKERS=1 a writer thread writes cluster b, and its report carries the destination too.
    rmSync(join(root, 'overlays/b/data-plane/edge.gateway.yaml'));
    writeFiles(root, { 'overlays/b/data-plane/edge.gateway.yaml/x': 'x\n' });
    for (const workers of ['0', '1']) {
      const r = spawnCli(['generate'], root, { GWTOPO_WORKERS: workers });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^gwtopo: error: rename overlays\/b\/data-plane\/edge\.gateway\.yaml: E(ISDIR|NOTEMPTY|EXIST) \[io\]\n$/, `GWTOPO_WORKERS=${workers}`);
    }
    const json = spawnCli(['generate', '--format', 'json'], root);
    assert.equal((JSON.parse(json.stdout) as { problems: { file: string }[] }).problems[0]!.file, 'overlays/b/data-plane/edge.gateway.yaml');
  });

  test('a file-system error with --format json is one JSON document on stdout, the error its problem, nothing on stderr', () => {
    writeFiles(root, { 'overlays/b/data-plane': 'not a folder\n' });
    const r = spawnCli(['generate', '--format', 'json'], root, { GWTOPO_WORKERS: '0' });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, '');
    assert.deepEqual(JSON.parse(r.stdout), {
      command: 'generate',
      ok: false,
      exitCode: 2,
      clusters: [],
      problems: [{ severity: 'error', file: 'overlays/b/data-plane', line: 1, col: 1, path: '', rule: 'io', message: 'mkdir failed: EEXIST' }],
      accepted: [],
    });
  });

  test('leaves no temporary files behind', async () => {
    await run(['generate'], root);
    const all = readTree(root);
    assert.deepEqual(
      [...all.keys()].filter((p) => p.endsWith('.tmp') || p.includes('.gwtopo-')),
      [],
    );
  });

  test('prunes a removed gateway and a removed cluster, keeps foreign files and reports them', async () => {
    await run(['generate'], root);
    writeFiles(root, {
      'overlays/README.md': 'hand-written\n',
      'overlays/a/data-plane/notes.txt': 'keep me\n',
      'overlays/b/data-plane/extra.gateway.yaml': '# written by hand\nkind: Gateway\n',
    });
    writeFiles(root, {
      'topologies/a/topology.yaml': topology(
        'a',
        'gateways:\n  - {name: edge, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80, host: edge.example.com}]}\n',
      ),
    });
    rmSync(join(root, 'topologies/b'), { recursive: true });
    const result = await run(['generate', '--verbose'], root);
    assert.equal(result.code, 0, result.stderr);
    const tree = readTree(join(root, 'overlays'));
    assert.deepEqual(
      [...tree.keys()],
      [
        'README.md',
        'a/control-plane/a.dataplane.yaml',
        'a/control-plane/kustomization.yaml',
        'a/data-plane/edge-listeners.listenerpolicy.yaml',
        'a/data-plane/edge.gateway.yaml',
        'a/data-plane/kustomization.yaml',
        'a/data-plane/notes.txt',
        'b/data-plane/extra.gateway.yaml',
      ],
    );
    assert.equal(tree.get('a/data-plane/notes.txt'), 'keep me\n');
    assert.match(result.stdout, /^removed overlays\/a\/data-plane\/inner-params\.gatewayparameters\.yaml$/m);
    assert.match(result.stdout, /^removed overlays\/a\/data-plane\/inner-listeners\.listenerpolicy\.yaml$/m);
    assert.match(result.stdout, /^removed overlays\/b\/control-plane\/kustomization\.yaml$/m);
    assert.match(result.stdout, /^left alone overlays\/b\/data-plane\/extra\.gateway\.yaml \(not generated by gwtopo\)$/m);
    assert.match(result.stdout, /^left alone overlays\/README\.md \(not generated by gwtopo\)$/m);
    // the removed cluster's control-plane folder became empty and is gone; its data-plane folder holds a foreign file
    assert.equal(existsSync(join(root, 'overlays/b/control-plane')), false);
    assert.equal(existsSync(join(root, 'overlays/b/data-plane')), true);
  });

  test('refuses to overwrite a file it did not generate, and writes nothing at all', async () => {
    writeFiles(root, { 'overlays/a/data-plane/edge.gateway.yaml': 'apiVersion: v1\nkind: ConfigMap\n' });
    const result = await run(['generate'], root);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^overlays\/a\/data-plane\/edge\.gateway\.yaml:1:1: error: exists and is not gwtopo's: its first line is not gwtopo's generated header, so gwtopo never overwrites it \[foreign-file\]\n {2}hint: if gwtopo wrote it and the header line was removed, delete the file \(or restore its first line with git\) and run gwtopo generate again; if it is yours, move it out of overlays\/\n/m,
    );
    assert.deepEqual([...readTree(join(root, 'overlays')).keys()], ['a/data-plane/edge.gateway.yaml']);
    assert.equal(readFileSync(join(root, 'overlays/a/data-plane/edge.gateway.yaml'), 'utf8'), 'apiVersion: v1\nkind: ConfigMap\n');
  });

  test("a generated file whose header line was removed: check and generate agree it is not gwtopo's, and say how to recover", async () => {
    await run(['generate'], root);
    const path = join(root, 'overlays/a/data-plane/edge.gateway.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^[^\n]*\n/, ''));
    const checked = await run(['check'], root);
    assert.equal(checked.code, 1);
    assert.match(
      checked.stdout,
      /^overlays\/a\/data-plane\/edge\.gateway\.yaml: exists and is not gwtopo's: its first line is not gwtopo's generated header, so gwtopo never overwrites it\n {2}hint: if gwtopo wrote it and the header line was removed, delete the file/m,
    );
    assert.match(checked.stdout, /1 file gwtopo renders is not gwtopo's \(no generated header\): gwtopo generate refuses to overwrite it until it is deleted\.\n$/);
    const generated = await run(['generate'], root);
    assert.equal(generated.code, 2);
    assert.match(generated.stderr, /^overlays\/a\/data-plane\/edge\.gateway\.yaml:1:1: error: exists and is not gwtopo's/m);
    const github = await run(['check', '--format', 'github'], root);
    assert.match(
      github.stdout,
      /^::error file=overlays\/a\/data-plane\/edge\.gateway\.yaml,title=gwtopo foreign-file::overlays\/a\/data-plane\/edge\.gateway\.yaml exists and is not gwtopo's/m,
      'the CI formats say it too',
    );
    assert.doesNotMatch(github.stdout, /edge\.gateway\.yaml differs from what its topology renders/);
    rmSync(path);
    assert.equal((await run(['generate'], root)).code, 0, 'recovered as the hint says');
    assert.equal((await run(['check'], root)).code, 0);
  });

  test("a killed run's temporary files: the next generate removes them, and no run reports them", async () => {
    await run(['generate'], root);
    writeFiles(root, { 'overlays/a/data-plane/.gwtopo-4242-7.tmp': 'partial', 'overlays/a/control-plane/.gwtopo-4242w1-8.tmp': '' });
    const checked = await run(['check', '--format', 'github'], root);
    assert.equal(checked.code, 0, checked.stdout);
    assert.doesNotMatch(checked.stdout + checked.stderr, /tmp/);
    const generated = await run(['generate', '--verbose'], root);
    assert.equal(generated.code, 0);
    assert.doesNotMatch(generated.stdout + generated.stderr, /tmp|left alone/);
    assert.equal(existsSync(join(root, 'overlays/a/data-plane/.gwtopo-4242-7.tmp')), false);
    assert.equal(existsSync(join(root, 'overlays/a/control-plane/.gwtopo-4242w1-8.tmp')), false);
    // The cluster folder a killed run left holding only a temporary file is no cluster: counted nowhere.
    writeFiles(root, { 'overlays/ghost/data-plane/.gwtopo-99-0.tmp': '' });
    assert.match((await run(['check'], root)).stdout, /in sync \(2 clusters, 16 files\)/);
    assert.match((await run(['generate'], root)).stdout, /^gwtopo: 2 clusters: /m);
    assert.match((await run(['check'], root)).stdout, /in sync \(2 clusters, 16 files\)/, 'nor the empty folder generate leaves');
    // A file that only looks similar is someone else's: left alone.
    writeFiles(root, { 'overlays/a/data-plane/x.gwtopo-1-2.tmp': 'mine' });
    assert.match((await run(['generate', '--verbose'], root)).stdout, /left alone overlays\/a\/data-plane\/x\.gwtopo-1-2\.tmp/);
  });

  test('invalid input in one cluster writes nothing for any cluster', async () => {
    writeFiles(root, { 'topologies/b/topology.yaml': topology('b').replace('port: 80,', 'port: 0,') });
    const result = await run(['generate'], root);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /nothing written\n$/);
    assert.equal(existsSync(join(root, 'overlays')), false);
  });

  test('--cluster renders and prunes only the named clusters', async () => {
    await run(['generate'], root);
    rmSync(join(root, 'topologies/b'), { recursive: true });
    writeFiles(root, { 'topologies/a/topology.yaml': topology('a').replace('port: 8080', 'port: 9090') });
    ageAll();
    const onlyA = await run(['generate', '--cluster', 'a'], root);
    assert.equal(onlyA.code, 0, onlyA.stderr);
    assert.equal(existsSync(join(root, 'overlays/b/data-plane/edge.gateway.yaml')), true, 'b is out of scope');
    const onlyB = await run(['generate', '--cluster', 'b'], root);
    assert.equal(onlyB.code, 0, onlyB.stderr);
    assert.equal(existsSync(join(root, 'overlays/b')), false, 'the removed cluster b is pruned when named');
  });
});

describe('check', () => {
  test('in sync: exit 0', async () => {
    await run(['generate'], root);
    const result = await run(['check'], root);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'gwtopo: overlays/ is in sync (2 clusters, 16 files)\n');
  });

  test('drift: one line per cluster; --verbose a unified diff per changed file, missing and stale files named; --quiet the summary; exit 1', async () => {
    await run(['generate'], root);
    writeFiles(root, { 'topologies/a/topology.yaml': topology('a').replace('host: edge.example.com', 'host: www.example.com') });
    rmSync(join(root, 'overlays/b/data-plane/edge.gateway.yaml'));
    writeFiles(root, { 'overlays/b/data-plane/old.gateway.yaml': '# Code generated by gwtopo from topologies/b/topology.yaml. DO NOT EDIT.\nkind: Gateway\n' });
    const before = readTree(join(root, 'overlays'));
    const result = await run(['check'], root);
    assert.equal(result.code, 1);
    assert.equal(
      result.stdout,
      ['overlays/a/: 1 changed', 'overlays/b/: 1 missing, 1 stale', 'gwtopo: overlays/ is out of date: 1 changed, 1 missing, 1 stale. Run gwtopo generate and commit the result.', ''].join('\n'),
    );
    const quiet = await run(['check', '--quiet'], root);
    assert.equal(quiet.code, 1);
    assert.equal(quiet.stdout, 'gwtopo: overlays/ is out of date: 1 changed, 1 missing, 1 stale. Run gwtopo generate and commit the result.\n');
    const verbose = await run(['check', '--verbose'], root);
    assert.equal(verbose.code, 1);
    assert.equal(
      verbose.stdout,
      [
        '--- a/overlays/a/control-plane/a.dataplane.yaml',
        '+++ b/overlays/a/control-plane/a.dataplane.yaml',
        '@@ -15,7 +15,7 @@',
        '         name: edge',
        '         namespace: openchoreo-data-plane',
        '         http:',
        '-          host: edge.example.com',
        '+          host: www.example.com',
        '           listenerName: http',
        '           port: 80',
        '       internal:',
        'overlays/b/data-plane/edge.gateway.yaml: missing (gwtopo generate writes it)',
        'overlays/b/data-plane/old.gateway.yaml: stale: generated but no longer rendered (gwtopo generate removes it)',
        'gwtopo: overlays/ is out of date: 1 changed, 1 missing, 1 stale. Run gwtopo generate and commit the result.',
        '',
      ].join('\n'),
    );
    assert.deepEqual(readTree(join(root, 'overlays')), before, 'check writes nothing');
  });

  test('line endings only: said so, not drift', async () => {
    await run(['generate'], root);
    const path = join(root, 'overlays/a/data-plane/edge.gateway.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n/g, '\r\n'));
    const result = await run(['check'], root);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^overlays\/a\/data-plane\/edge\.gateway\.yaml: differs only in line endings \(CRLF on disk, gwtopo writes LF\): set "\* text=auto eol=lf" in \.gitattributes/m);
    const github = await run(['check', '--format', 'github'], root);
    assert.equal(github.code, 0);
    assert.match(github.stdout, /^::warning file=overlays\/a\/data-plane\/edge\.gateway\.yaml,title=gwtopo line-endings::overlays\/a\/data-plane\/edge\.gateway\.yaml differs only in line endings/m);
    const generated = await run(['generate'], root);
    assert.match(generated.stdout, /0 written/);
  });

  test('foreign files are not drift: check names them and leaves them alone', async () => {
    await run(['generate'], root);
    writeFiles(root, { 'overlays/a/README.md': 'notes\n' });
    const text = await run(['check'], root);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^left alone overlays\/a\/README\.md \(not generated by gwtopo\)\ngwtopo: overlays\/ is in sync/m);
    const github = await run(['check', '--format', 'github'], root);
    assert.match(github.stdout, /^::warning file=overlays\/a\/README\.md,title=gwtopo left-alone::overlays\/a\/README\.md is not generated by gwtopo: it is left alone$/m);
    assert.equal(readFileSync(join(root, 'overlays/a/README.md'), 'utf8'), 'notes\n');
  });

  test("a file whose name is not UTF-8 is not gwtopo's: check and generate leave it alone and say so (it broke check with ENOENT)", async () => {
    await run(['generate'], root);
    const name = Buffer.concat([Buffer.from(join(root, 'overlays/a/bad')), Buffer.from([0xff]), Buffer.from('name.yaml')]);
    writeFileSync(name, 'x: 1\n');
    const checked = await run(['check'], root);
    assert.equal(checked.code, 0, checked.stderr);
    assert.match(checked.stdout, /^left alone overlays\/a\/bad\uFFFDname\.yaml \(not generated by gwtopo\)$/m);
    // A folder so named: left alone whole (its files cannot be listed by its name), also a cluster-like one.
    const folder = Buffer.concat([Buffer.from(join(root, 'overlays/clu')), Buffer.from([0xff])]);
    mkdirSync(folder);
    writeFileSync(Buffer.concat([folder, Buffer.from('/a.yaml')]), '# Code generated by gwtopo from topologies/x/topology.yaml. DO NOT EDIT.\nx: 1\n');
    const again = await run(['check'], root);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^left alone overlays\/clu\uFFFD \(not generated by gwtopo\)$/m);
    const generated = await run(['generate'], root);
    assert.equal(generated.code, 0, generated.stderr);
    assert.equal(readFileSync(name, 'utf8'), 'x: 1\n', 'left as it was');
    assert.equal(readdirSync(folder).length, 1, 'the folder too');
  });

  test('invalid input: exit 2, no diff', async () => {
    await run(['generate'], root);
    writeFiles(root, { 'topologies/a/topology.yaml': topology('a').replace('scope: dataplane', 'scope: cluster') });
    const result = await run(['check'], root);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /spec\.gateways\[0\]\.scope: must be one of: dataplane, environment/);
  });

  test('reads overlays/ in a thread while it renders: the same scan as after rendering, and the same report', async () => {
    await run(['generate'], root);
    writeFiles(root, {
      'topologies/a/topology.yaml': topology('a').replace('host: edge.example.com', 'host: www.example.com'),
      'overlays/a/README.md': 'notes\n',
      'overlays/b/data-plane/old.gateway.yaml': '# Code generated by gwtopo from topologies/b/topology.yaml. DO NOT EDIT.\nkind: Gateway\n',
      'overlays/.gwtopo-99999999-3.tmp/x.yaml': 'left by a killed run\n',
    });
    symlinkSync('../a', join(root, 'overlays/b/link'));
    const before = process.env.GWTOPO_WORKERS;
    try {
      // GWTOPO_WORKERS forces the thread (a repository this small would not start one) or forbids it.
      process.env.GWTOPO_WORKERS = '1';
      // Until taken, the thread does not keep the process alive (a run that stops early exits at once).
      const holding = (): number => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort' || r === 'Worker').length;
      const idle = holding();
      const take = readAhead(root);
      assert.equal(holding(), idle, 'the scan thread is unreferenced until taken');
      const threaded = await take();
      process.env.GWTOPO_WORKERS = '0';
      const here = await readAhead(root)();
      assert.deepEqual([threaded.by, here.by], ['thread', 'here']);
      assert.deepEqual(threaded.scanned, await scanOverlays(root));
      assert.deepEqual(here.scanned, threaded.scanned);
      assert.deepEqual(threaded.scanned.links, ['overlays/b/link']);
      assert.deepEqual(threaded.scanned.leftovers, ['overlays/.gwtopo-99999999-3.tmp']);
      assert.equal(threaded.scanned.files.get('overlays/a/README.md')?.content, 'notes\n');
    } finally {
      if (before === undefined) delete process.env.GWTOPO_WORKERS;
      else process.env.GWTOPO_WORKERS = before;
    }
    // The executable, with and without the thread: the same report, exit 1 (drift).
    const [on, off] = ['1', '0'].map((workers) => spawnCli(['check', '--verbose'], root, { GWTOPO_WORKERS: workers }));
    assert.equal(on!.code, 1, on!.stderr);
    assert.deepEqual(on, off);
    assert.match(on!.stdout, /^\+ {10}host: www\.example\.com$/m);
    // A run that stops before comparing does not wait for the thread: exit 2 at once.
    writeFiles(root, { 'topologies/b/topology.yaml': topology('b').replace('scope: dataplane', 'scope: cluster') });
    const invalid = spawnCli(['check'], root, { GWTOPO_WORKERS: '1' });
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /scope: must be one of: dataplane, environment/);
  });

  test('--cluster compares only the named clusters', async () => {
    await run(['generate'], root);
    writeFiles(root, { 'topologies/b/topology.yaml': topology('b').replace('port: 8080', 'port: 9090') });
    assert.equal((await run(['check', '--cluster', 'a'], root)).code, 0);
    assert.equal((await run(['check', '--cluster', 'b'], root)).code, 1);
  });

  test('a removed cluster is drift until its output is pruned', async () => {
    await run(['generate'], root);
    rmSync(join(root, 'topologies/b'), { recursive: true });
    const result = await run(['check'], root);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /8 stale/);
    await run(['generate'], root);
    assert.equal((await run(['check'], root)).code, 0);
    assert.deepEqual(readdirSync(join(root, 'overlays')), ['a']);
  });
});
