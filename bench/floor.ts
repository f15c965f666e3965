// The I/O floor of a run (issue 23): one fresh Node.js process that reads every topology of the repository and
// writes the same output files `generate` wrote (their contents handed over in one file), into a fresh folder on
// the same file system. No parsing, no rendering: what any tool that reads those inputs and writes that output
// must spend at least. The bench reports each gwtopo command as a multiple of it.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Every file under a folder, relative to it. */
function files(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, base) : [relative(base, path)];
  });
}

/** The child's program: read the topologies, then write the files of the payload under `target`. */
const CHILD = `
const { readFileSync, readdirSync, mkdirSync, writeFileSync } = require('node:fs');
const { join, dirname } = require('node:path');
const [root, payload, target] = process.argv.slice(1);
const topologies = join(root, 'topologies');
let bytes = 0;
for (const name of readdirSync(topologies)) {
  if (name.startsWith('_')) continue;
  bytes += readFileSync(join(topologies, name, 'topology.yaml')).length;
}
const out = JSON.parse(readFileSync(payload, 'utf8'));
const made = new Set();
for (const [path, content] of out) {
  const dir = dirname(join(target, path));
  if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir); }
  writeFileSync(join(target, path), content);
}
process.stdout.write(String(bytes));
`;

/** Wall time (spawn to exit) of the floor process, median of `runs`, for the repository at root and its overlays/. */
export function measureFloor(root: string, runs: number): { wallMs: number; files: number } {
  const overlays = join(root, 'overlays');
  const list = files(overlays);
  const payload = join(dirname(root), `${root.split('/').pop()}.floor.json`);
  writeFileSync(payload, JSON.stringify(list.map((f) => [f, readFileSync(join(overlays, f), 'utf8')])));
  const walls: number[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      const target = join(dirname(root), `${root.split('/').pop()}.floor-${r}`);
      spawnSync('sync');
      const t = performance.now();
      const child = spawnSync(process.execPath, ['-e', CHILD, root, payload, target], { encoding: 'utf8' });
      walls.push(performance.now() - t);
      rmSync(target, { recursive: true, force: true });
      if (child.status !== 0) throw new Error(`the floor process failed: ${child.stderr}`);
    }
  } finally {
    rmSync(payload, { force: true });
  }
  walls.sort((a, b) => a - b);
  return { wallMs: walls[Math.floor(walls.length / 2)]!, files: list.length };
}
