// The npm package as a user gets it: `npm pack` once, installed into an empty project from the npm cache
// (the dependencies are there after `npm ci`), then `npx gwtopo init` and `generate` in that project.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT, removeTemp, tempRepo, writeFiles } from './helpers.js';

function npm(args: string[], cwd: string): string {
  const r = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  assert.equal(r.status, 0, `npm ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function gwtopo(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['--no', '--', 'gwtopo', ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('the npm package', () => {
  test('npm pack holds what runs, and no more; it installs into an empty project, where npx gwtopo init and generate work', () => {
    const work = tempRepo();
    try {
      // The build is current (npm test builds first): pack without running prepare again.
      const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], REPO_ROOT)) as { filename: string; files: { path: string }[] }[];
      const files = packed!.files.map((f) => f.path).sort();
      for (const needed of [
        'package.json',
        'README.md',
        'LICENSE',
        'CHANGELOG.md',
        'dist/bundle/cli.js',
        'dist/bundle/pipeline-worker.js',
        'dist/bundle/writer-worker.js',
        'dist/bundle/scan-worker.js',
        'dist/bundle/worker.js',
        'dist/generator/schema/compiled/topology.cjs',
        'dist/generator/schema/compiled/gwtopo.cjs',
        'dist/generator/schema/compiled/profile.cjs',
        'schemas/topology.schema.json',
        'schemas/gwtopo.schema.json',
        '.github/workflows/gwtopo.yml',
      ]) {
        assert.ok(files.includes(needed), `the package lacks ${needed}`);
      }
      assert.deepEqual(
        files.filter((f) => /^(test|bench|scripts|generator|dist\/(test|bench|scripts))\/|\.ts$/.test(f) && !f.endsWith('.d.ts')),
        [],
        'sources, tests and benchmarks stay out',
      );
      // The executable is the bundle: of tsc's tree only the compiled validators ship.
      assert.deepEqual(
        files.filter((f) => f.startsWith('dist/generator/') && !f.startsWith('dist/generator/schema/compiled/')),
        [],
      );

      const project = join(work, 'gitops');
      writeFiles(project, { 'package.json': '{"name": "gitops", "private": true}\n' });
      npm(['install', '--save-dev', '--prefer-offline', join(work, packed!.filename)], project);

      const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
      assert.equal(gwtopo(['--version'], project).stdout, `gwtopo ${pkg.version}\n`);
      const init = gwtopo(['init', 'edge', '--provider', 'aws', '--with-ci'], project);
      assert.deepEqual([init.code, init.stderr], [0, ''], init.stdout);
      const topology = readFileSync(join(project, 'topologies/edge/topology.yaml'), 'utf8');
      const modeline = /^# yaml-language-server: \$schema=(.+)$/m.exec(topology)![1]!;
      assert.equal(modeline, '../../node_modules/gwtopo/schemas/topology.schema.json');
      assert.ok(existsSync(join(project, 'topologies/edge', modeline)), 'the modeline points at the installed schema');
      assert.match(readFileSync(join(project, '.github/workflows/gwtopo.yml'), 'utf8'), /run: npx gwtopo check --format github/);
      const generate = gwtopo(['generate'], join(project, 'topologies'));
      assert.deepEqual([generate.code, generate.stderr.split('\n')[0]], [0, 'gwtopo: using the repository at .. (the nearest folder upwards with topologies/ or gwtopo.yaml)'], generate.stderr);
      assert.match(generate.stdout, /^gwtopo: 1 cluster: \d+ written, 0 unchanged, 0 removed \(changed: edge\)$/m);
      assert.equal(gwtopo(['check'], project).code, 0);

      // What the package exports: its package.json and its schemas; the code is the executable's, not an API.
      const resolve = (specifier: string) =>
        spawnSync(process.execPath, ['--input-type=module', '-e', `console.log(import.meta.resolve(${JSON.stringify(specifier)}))`], { cwd: project, encoding: 'utf8' });
      assert.match(resolve('gwtopo/schemas/topology.schema.json').stdout, /node_modules\/gwtopo\/schemas\/topology\.schema\.json$/m);
      assert.match(resolve('gwtopo/dist/generator/main.js').stderr, /ERR_PACKAGE_PATH_NOT_EXPORTED/);
    } finally {
      removeTemp(work);
    }
  });
});
