// How a command walks through gwtopo's code: `npm run walk [-- --tree DIR] [--clusters N] [--json]`.
//
// Runs `gwtopo generate` (tsc's tree, one thread: GWTOPO_WORKERS=0) under V8's CPU profiler sampling every
// 25 µs, on a fresh synthetic repository (bench/synth.ts). Each sample names the innermost frame of gwtopo's
// own code: the module doing the work at that moment. Consecutive samples in one room are a stay; the walk is
// the sequence of stays. It counts, for files and for folders of generator/ (the rooms):
//   - stays: how often the walk changes room;
//   - rooms: how many different rooms it enters;
//   - returns: stays in a room the walk had already been in and left.
// A pipeline's orchestrator is re-entered once per step, so returns never reach zero. It also reads the calls
// from the profile's tree (caller → callee, between gwtopo files of different folders) and counts those that
// climb: a callee on a higher floor than its caller (layers.json; for a tree from before the layering, the
// floors its pipeline.ts named: load → profiles → validate → model → render → serialize → conform → fleet). --tree runs another checkout's build (e.g. a worktree of an older commit)
// on the same repository, so two layouts can be compared in one run. Sampling makes the counts vary a little
// from run to run: --runs R reports the median of R runs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { synthesize } from './synth.js';

interface CallFrame {
  url: string;
  functionName: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  parent?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/** The floors of the layout before 2026-12-07 (generator/pipeline.ts's own order), for comparisons with it. */
const OLD_FLOORS: readonly (readonly string[])[] = [
  ['paths.ts', 'threads.ts'],
  ['load'],
  ['profiles'],
  ['validate', 'validate/rules'],
  ['model'],
  ['render', 'render/modules'],
  ['serialize'],
  ['conform', 'conform/cel', 'conform/schema'],
  ['fleet'],
  ['diff', 'write'],
  ['pipeline.ts', 'pipeline-pool.ts', 'pipeline-worker.ts', 'selection.ts'],
  ['args.ts', 'exit.ts', 'progress.ts', 'help', 'scaffold'],
  ['report'],
  ['commands'],
  ['main.ts', 'cli.ts'],
];

function floorsOf(tree: string): readonly (readonly string[])[] {
  const layers = JSON.parse(readFileSync(join(tree, 'layers.json'), 'utf8').toString()) as { floors: string[][]; top: string[] };
  return [...layers.floors, layers.top];
}

/** The floor of a file of generator/: of its first folder, or of the file itself at the top of generator/. */
function floorOf(floors: readonly (readonly string[])[], file: string): number {
  const folder = folderOf(file);
  const keys = [folder, folder.split('/')[0]!, file];
  const i = floors.findIndex((floor) => keys.some((k) => floor.includes(k)));
  return i === -1 ? floors.length : i;
}

export interface Calls {
  /** Distinct caller → callee pairs of files in different folders. */
  doors: number;
  /** Of those, calls to a higher floor. */
  climbs: number;
  /** The climbs, as caller → callee. */
  climbList: string[];
}

/** The calls between gwtopo files of different folders in the profile's tree. */
function callsOf(profile: CpuProfile, floors: readonly (readonly string[])[]): Calls {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const edges = new Set<string>();
  const climbs = new Set<string>();
  const visit = (id: number, caller: string | undefined): void => {
    const node = byId.get(id)!;
    const frame = node.callFrame;
    const own = frame.lineNumber === 0 && frame.columnNumber === 0 ? undefined : gwtopoFile(frame.url);
    if (own !== undefined && caller !== undefined && folderOf(own) !== folderOf(caller)) {
      const edge = `${caller} → ${own}`;
      edges.add(edge);
      if (floorOf(floors, own) > floorOf(floors, caller)) climbs.add(edge);
    }
    for (const child of node.children ?? []) visit(child, own ?? caller);
  };
  visit(profile.nodes[0]!.id, undefined);
  return { doors: edges.size, climbs: climbs.size, climbList: [...climbs].sort() };
}

export interface Walk {
  stays: number;
  rooms: number;
  returns: number;
}

/** The file of gwtopo's own code (relative to dist/generator/) a frame's URL points at, if any. */
function gwtopoFile(url: string): string | undefined {
  const i = url.lastIndexOf('/dist/generator/');
  return i === -1 || url.includes('/node_modules/') ? undefined : url.slice(i + '/dist/generator/'.length).replace(/\.js$/, '.ts');
}

/** The walk over a sequence of rooms: consecutive equal rooms are one stay. */
export function walkOf(rooms: readonly string[]): Walk {
  const seen = new Set<string>();
  let stays = 0;
  let returns = 0;
  let current: string | undefined;
  for (const room of rooms) {
    if (room === current) continue;
    stays++;
    if (seen.has(room)) returns++;
    seen.add(room);
    current = room;
  }
  return { stays, rooms: seen.size, returns };
}

/** The innermost gwtopo file of every sample, in time order (samples outside gwtopo's code are skipped). */
function sampledFiles(profile: CpuProfile): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const fileOf = new Map<number, string | undefined>();
  const innermost = (id: number): string | undefined => {
    if (fileOf.has(id)) return fileOf.get(id);
    const frame = byId.get(id)!.callFrame;
    // A module's own top-level code (line 0, column 0) runs once as it loads: loading is not the walk.
    const own = frame.lineNumber === 0 && frame.columnNumber === 0 ? undefined : gwtopoFile(frame.url);
    const up = parent.get(id);
    const file = own ?? (up === undefined ? undefined : innermost(up));
    fileOf.set(id, file);
    return file;
  };
  return profile.samples.map(innermost).filter((f): f is string => f !== undefined);
}

function folderOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i === -1 ? '(generator/)' : file.slice(0, i);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function profileOnce(tree: string, repo: string): CpuProfile {
  const dir = mkdtempSync(join(tmpdir(), 'gwtopo-walk-prof-'));
  try {
    execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '25', '--cpu-prof-dir', dir, join(tree, 'dist', 'generator', 'cli.js'), 'generate', '--root', repo, '--quiet'], {
      env: { ...process.env, GWTOPO_WORKERS: '0' },
      stdio: 'ignore',
    });
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
    return JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const { values } = parseArgs({
  options: {
    tree: { type: 'string', multiple: true },
    clusters: { type: 'string', default: '20' },
    runs: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});
const trees = (values.tree ?? [process.cwd()]).map((t) => resolve(t));
const runs = Number(values.runs);
const base = mkdtempSync(join(tmpdir(), 'gwtopo-walk-'));
const rows: { tree: string; files: Walk; folders: Walk; samples: number; calls: Calls }[] = [];
try {
  for (const tree of trees) {
    const floors = existsSync(join(tree, 'layers.json')) ? floorsOf(tree) : OLD_FLOORS;
    const results: { files: Walk; folders: Walk; samples: number; calls: Calls }[] = [];
    for (let run = 0; run < runs; run++) {
      // A fresh repository each run: generate writes into it, and a cold run is the one that does everything.
      const repo = join(base, `repo-${rows.length}-${run}`);
      synthesize(repo, Number(values.clusters), 5);
      const profile = profileOnce(tree, repo);
      const files = sampledFiles(profile);
      results.push({ files: walkOf(files), folders: walkOf(files.map(folderOf)), samples: files.length, calls: callsOf(profile, floors) });
    }
    const pick = (f: (r: (typeof results)[number]) => number): number => median(results.map(f));
    rows.push({
      tree,
      files: { stays: pick((r) => r.files.stays), rooms: pick((r) => r.files.rooms), returns: pick((r) => r.files.returns) },
      folders: { stays: pick((r) => r.folders.stays), rooms: pick((r) => r.folders.rooms), returns: pick((r) => r.folders.returns) },
      samples: pick((r) => r.samples),
      // The run whose count of climbs is the median, with its list.
      calls: [...results].sort((a, b) => a.calls.climbs - b.calls.climbs)[Math.floor(results.length / 2)]!.calls,
    });
  }
} finally {
  rmSync(base, { recursive: true, force: true });
}
if (values.json) {
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
} else {
  process.stdout.write(`gwtopo generate, ${values.clusters} clusters, one thread, median of ${runs} runs (25 µs samples)\n`);
  process.stdout.write('tree                          | files: stays rooms returns | folders: stays rooms returns | calls: doors climbs | samples\n');
  for (const r of rows) {
    const f = r.files;
    const d = r.folders;
    const cells = [
      `${String(f.stays).padStart(12)} ${String(f.rooms).padStart(5)} ${String(f.returns).padStart(7)}`,
      `${String(d.stays).padStart(14)} ${String(d.rooms).padStart(5)} ${String(d.returns).padStart(7)}`,
      `${String(r.calls.doors).padStart(12)} ${String(r.calls.climbs).padStart(6)}`,
    ];
    process.stdout.write(`${r.tree.padEnd(30)}| ${cells.join(' | ')} | ${r.samples}\n`);
  }
  for (const r of rows) if (r.calls.climbList.length > 0) process.stdout.write(`\nclimbs in ${r.tree}:\n${r.calls.climbList.map((c) => `  ${c}`).join('\n')}\n`);
}
