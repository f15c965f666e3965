// gwtopo's benchmark: `npm run bench [-- --clusters N] [--gateways G] [--kustomize-sample K] [--json] …`
//
// Synthesizes N valid topologies with G gateways each into a fresh temp repository, then times — each in
// a fresh child process (bench/runner.js, which calls main() of the package's bundle like the CLI does) — a cold
// `generate`, a no-op `generate`, `check` and `validate`, with their peak memory (max RSS). When kubectl
// is on PATH it also times `kubectl kustomize overlays/<cluster>/data-plane` over the same folders, one
// after another, and compares. Every gwtopo run must exit 0 and its output is verified against what the
// synthesizer predicts; any deviation fails the benchmark (exit 1).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, cpus, freemem, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { measureFloor } from './floor.js';
import { type KubectlInfo, type KustomizeTiming, kubectlInfo, timeKustomize } from './kustomize.js';
import { type Measured, runGwtopo } from './measure.js';
import { conformShare, formatProfile, mergeProfiles, type ProfileSummary, summarizeProfile } from './profile.js';
import { type SynthSummary, synthesize } from './synth.js';

const USAGE = `gwtopo benchmark

Usage: npm run bench [-- options]      (or: node dist/bench/bench.js [options] after npm run build)

Options:
  --clusters N[,M…]       cluster counts to run, each in a fresh repository (default 1000,10000:
                          the speed target at 1,000 and the scaling target at 10,000)
  --gateways G            gateways per cluster (default 5)
  --kustomize-sample K    build only the first K data-plane folders with kubectl kustomize and
                          extrapolate linearly to N (default: all N; 0 skips the comparison); only
                          the first cluster count is compared with kubectl kustomize
  --runs R                repeat each gwtopo measurement R times, report the median (default 3)
  --profile               also run a cold generate under node --cpu-prof and summarize where time goes
                          (every thread's profile, summed), with the conform stage's share; this run
                          loads tsc's tree (dist/generator/, one file per module) instead of the bundle,
                          so that time can be charged to files: its start-up costs more than the bundle's
  --json                  print one JSON document instead of the table
  --keep                  keep the temp repository (and the .cpuprofile) instead of deleting it
  --assert-targets        exit 3 when a target is missed
  -h, --help              show this help

Targets: generate (cold) of 1000 clusters at least ${35}x faster than kubectl kustomize over the same
data-plane folders, with peak memory (max RSS) of every gwtopo run under 512 MB; 10000 clusters
generate and check in at most ${12}x the 1000-cluster time, under 1 GB.
The repositories are made under $TMPDIR (default /tmp). Before each cold generate the bench waits (up to
3 min) until creating files is fast: on ext4 without a journal, creating files stays several times slower
for minutes after many files were deleted nearby (a test run, an earlier bench). If it reports waiting
in vain, run it again later or with TMPDIR=/var/tmp (another part of the disk).
Exit: 0 done, 1 a gwtopo run failed or its output was wrong, 2 usage error, 3 target missed (--assert-targets).
`;

const SPEED_TARGET = 35;
const TARGET_CLUSTERS = 1000;
/** Peak memory allowed: 512 MB up to 1,000 clusters, 1 GB at 10,000 (issues "Core" and "Hardening and scale"). */
function memoryLimitMB(clusters: number): number {
  return clusters <= TARGET_CLUSTERS ? 512 : 1024;
}
/** Ten times the clusters may take at most this many times as long (10,000 vs 1,000). */
const SCALING_TARGET = 11;
/** Cold generate and check at most this many times the I/O floor (issue 23). */
const FLOOR_TARGET = 3;
/** diff with one cluster changed at most this many times check (issue 23). */
const DIFF_TARGET = 2;

class BenchFailure extends Error {}

interface Options {
  clusters: number[];
  gateways: number;
  kustomizeSample: number;
  runs: number;
  profile: boolean;
  json: boolean;
  keep: boolean;
  assertTargets: boolean;
}

function parseOptions(argv: string[]): Options | 'help' | string {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        clusters: { type: 'string' },
        gateways: { type: 'string' },
        'kustomize-sample': { type: 'string' },
        runs: { type: 'string' },
        profile: { type: 'boolean' },
        json: { type: 'boolean' },
        keep: { type: 'boolean' },
        'assert-targets': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return (err as Error).message;
  }
  if (values.help === true) return 'help';
  const int = (name: string, v: string | undefined, def: number, min: number, max: number): number | string => {
    if (v === undefined) return def;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) return `--${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(v)})`;
    return Number(v);
  };
  const counts = (values.clusters ?? `${TARGET_CLUSTERS},${TARGET_CLUSTERS * 10}`).split(',').map((c) => int('clusters', c, TARGET_CLUSTERS, 1, 1_000_000));
  const gateways = int('gateways', values.gateways, 5, 0, 9999);
  const runs = int('runs', values.runs, 3, 1, 100);
  const bad = counts.find((c): c is string => typeof c === 'string');
  if (bad !== undefined) return bad;
  const clusters = counts as number[];
  if (typeof gateways === 'string') return gateways;
  if (typeof runs === 'string') return runs;
  const sample = int('kustomize-sample', values['kustomize-sample'], clusters[0]!, 0, 1_000_000);
  if (typeof sample === 'string') return sample;
  return {
    clusters,
    gateways,
    kustomizeSample: Math.min(sample, clusters[0]!),
    runs,
    profile: values.profile === true,
    json: values.json === true,
    keep: values.keep === true,
    assertTargets: values['assert-targets'] === true,
  };
}

// ---------------------------------------------------------------------------------------------------

interface FileStat {
  ino: bigint;
  mtimeNs: bigint;
  size: bigint;
}

/** Every file under dir (relative paths, forward slashes) with its inode, mtime and size. */
function snapshot(dir: string): Map<string, FileStat> {
  const out = new Map<string, FileStat>();
  const walk = (rel: string): void => {
    let entries;
    try {
      entries = readdirSync(join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else {
        const s = statSync(join(dir, p), { bigint: true });
        out.set(p, { ino: s.ino, mtimeNs: s.mtimeNs, size: s.size });
      }
    }
  };
  walk('');
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

interface PhaseResult {
  command: string;
  exitCode: number;
  /** Median wall time (parent: spawn → exit). */
  wallMs: number;
  wallRunsMs: number[];
  /** Median of the runner's in-process figures. */
  startupMs: number;
  importMs: number;
  mainMs: number;
  cpuMs: number;
  /** Largest max RSS over the runs. */
  maxRssMB: number;
  clustersPerSecond: number;
  /** gwtopo's own summary line. */
  summary: string;
  verified: string;
  warnings: number;
}

function phaseOf(command: string, runs: Measured[], clusters: number, verified: string): PhaseResult {
  const wall = median(runs.map((r) => r.wallMs));
  const last = runs[runs.length - 1]!;
  return {
    command,
    exitCode: last.status ?? -1,
    wallMs: wall,
    wallRunsMs: runs.map((r) => r.wallMs),
    startupMs: median(runs.map((r) => r.child.startupMs)),
    importMs: median(runs.map((r) => r.child.importMs)),
    mainMs: median(runs.map((r) => r.child.mainMs)),
    cpuMs: median(runs.map((r) => r.child.userCpuMs + r.child.systemCpuMs)),
    maxRssMB: Math.max(...runs.map((r) => r.child.maxRssKB / 1024)),
    clustersPerSecond: clusters / (wall / 1000),
    summary:
      last.stdout
        .trimEnd()
        .split('\n')
        .filter((l) => l.startsWith('gwtopo:'))
        .pop() ?? '',
    verified,
    warnings: last.stderr.split('\n').filter((l) => l.includes(': warning:')).length,
  };
}

/** Fails loudly unless the run exited with the expected code. */
function expectExit(m: Measured, want: number): void {
  if (m.status === want) return;
  const tail = (s: string) => s.split('\n').slice(-40).join('\n');
  throw new BenchFailure(`gwtopo ${m.argv.join(' ')} exited ${m.status ?? m.signal}, expected ${want}\n--- stderr (last lines) ---\n${tail(m.stderr)}\n--- stdout (last lines) ---\n${tail(m.stdout)}`);
}

const GENERATE_SUMMARY = /^gwtopo: (\d+) clusters?: (\d+) written, (\d+) unchanged, (\d+) removed/m;

function generateCounts(m: Measured): { clusters: number; written: number; unchanged: number; removed: number } {
  const g = GENERATE_SUMMARY.exec(m.stdout);
  if (g === null) throw new BenchFailure(`gwtopo generate printed no summary line:\n${m.stdout.slice(-2000)}`);
  return { clusters: Number(g[1]), written: Number(g[2]), unchanged: Number(g[3]), removed: Number(g[4]) };
}

/**
 * Flushes dirty pages to disk (sync(1)) so that a measured step does not pay for the write-back of the
 * previous one (thousands of small files); a no-op where sync is missing.
 */
function settle(): void {
  if (platform() !== 'win32') spawnSync('sync', { stdio: 'ignore' });
}

/**
 * Makes a cold start: moves the previous output (if any) into `<root>.trash/`, deleted with the
 * repository at the end. Deleting thousands of files right before a measured run would time the file
 * system instead of gwtopo (see waitForQuietFileSystem: files created after a mass delete nearby are
 * several times slower to create).
 */
function setAside(overlays: string, root: string): void {
  if (!existsSync(overlays)) return;
  const trash = `${root}.trash`;
  mkdirSync(trash, { recursive: true });
  renameSync(overlays, join(trash, `overlays-${readdirSync(trash).length}`));
}

const PROBE_FILES = 400;
/** Creating a file normally takes tens of microseconds; this much means the file system is not quiet yet. */
const PROBE_BUSY_US = 80;
const PROBE_MAX_WAIT_MS = 180_000;

export interface FsQuiet {
  /** Microseconds per file creation, first and last probe. */
  firstUs: number;
  lastUs: number;
  waitedMs: number;
}

/** Creates files the way generate does (new nested folders, a few files in each); microseconds per file. */
function probeCreateUs(dir: string): number {
  const t = performance.now();
  for (let i = 0; i < PROBE_FILES; i += 4) {
    const folder = join(dir, String(i), 'data-plane');
    mkdirSync(folder, { recursive: true });
    for (let j = 0; j < 4; j++) writeFileSync(join(folder, String(j)), '', { flag: 'wx' });
  }
  return ((performance.now() - t) * 1000) / PROBE_FILES;
}

/**
 * Waits (up to 3 min) until creating files is fast again. On ext4 without a journal (as on these VMs),
 * inode allocation skips inodes freed recently (the kernel's recently_deleted(), measured with perf), so
 * for minutes after a large delete nearby — a test run, a previous benchmark's cleanup — each file
 * creation costs 100–1,000 µs instead of ~25 µs, and a cold generate of 13,000 files takes 5–13 s
 * instead of 2 s.
 * That measures the file system's recent past, not gwtopo. The probe files stay in `<root>.trash/`
 * (deleting them would cause what it waits out) and are removed with the repository at the end.
 */
function waitForQuietFileSystem(root: string): FsQuiet {
  const trash = `${root}.trash`;
  mkdirSync(trash, { recursive: true });
  const start = performance.now();
  const firstUs = probeCreateUs(join(trash, `probe-${readdirSync(trash).length}`));
  let lastUs = firstUs;
  while (lastUs > PROBE_BUSY_US && performance.now() - start < PROBE_MAX_WAIT_MS) {
    if (lastUs === firstUs) log(`file system busy: creating a file takes ${lastUs.toFixed(0)} µs (quiet: ~25 µs), waiting for it to settle (up to ${PROBE_MAX_WAIT_MS / 1000} s) …`);
    spawnSync('sleep', ['3']);
    lastUs = probeCreateUs(join(trash, `probe-${readdirSync(trash).length}`));
  }
  return { firstUs, lastUs, waitedMs: performance.now() - start };
}

function log(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

// ---------------------------------------------------------------------------------------------------

interface BenchResult {
  machine: { cpus: number; model: string; node: string; os: string; memoryGB: number; loadAverageAtStart: number[] };
  clusters: number;
  gatewaysPerCluster: number;
  runs: number;
  root: string;
  kept: boolean;
  input: { topologies: number; bytes: number; synthMs: number; byProvider: Record<string, number>; mix: SynthSummary['mix'] };
  output: { files: number; bytes: number; dataPlaneResources: number; kinds: Record<string, number> };
  /** Before each cold generate: how fast the file system created files, and how long the bench waited for it. */
  fileSystem: FsQuiet[];
  gwtopo: { generateCold: PhaseResult; generateNoop: PhaseResult; check: PhaseResult; validate: PhaseResult; diff?: PhaseResult };
  /** One Node.js process reading the topologies and writing the same files (bench/floor.ts). */
  floor: { wallMs: number; files: number };
  kustomize: ({ kubectl: string } & KustomizeTiming) | { skipped: string };
  /** kubectl kustomize (all N folders, measured or extrapolated) / gwtopo generate cold (wall). */
  ratio: number | null;
  targets: {
    speed: { target: number; ratio: number | null; pass: boolean | null; note: string };
    memory: { limitMB: number; peakMB: number; pass: boolean };
    /** Cold generate and check as multiples of the I/O floor, measured in the same run. */
    floor: { limit: number; generate: number; check: number; pass: boolean };
    /** diff (one cluster changed) as a multiple of check; null without git. */
    diff: { limit: number; ratio: number | null; pass: boolean | null };
  };
  profile?: ProfileSummary;
  /** With --profile: CPU of the conform stage (all threads) over all CPU of the cold generate. */
  conform?: { ms: number; pct: number };
}

function floorTarget(cold: PhaseResult, check: PhaseResult, floorMs: number): BenchResult['targets']['floor'] {
  const generate = cold.wallMs / floorMs;
  const checked = check.wallMs / floorMs;
  return { limit: FLOOR_TARGET, generate, check: checked, pass: generate <= FLOOR_TARGET && checked <= FLOOR_TARGET };
}

function diffTarget(diff: PhaseResult | undefined, check: PhaseResult): BenchResult['targets']['diff'] {
  if (diff === undefined) return { limit: DIFF_TARGET, ratio: null, pass: null };
  const ratio = diff.wallMs / check.wallMs;
  return { limit: DIFF_TARGET, ratio, pass: ratio <= DIFF_TARGET };
}

/**
 * `gwtopo diff --base HEAD --format json` after one listener port of the first topology changed, the repository
 * (without overlays/) committed to a fresh git repository; undefined when git is missing. The edit is undone after.
 */
async function measureDiff(root: string, runs: number, clusters: number): Promise<PhaseResult | undefined> {
  const git = (...args: string[]) =>
    spawnSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.com' },
    });
  if (git('--version').status !== 0) return undefined;
  writeFileSync(join(root, '.gitignore'), 'overlays/\n');
  for (const args of [
    ['init', '-q'],
    ['add', '-A'],
    ['commit', '-q', '-m', 'base'],
  ]) {
    const r = git(...args);
    if (r.status !== 0) throw new BenchFailure(`git ${args.join(' ')} failed: ${r.stderr}`);
  }
  const first = readdirSync(join(root, 'topologies'))
    .filter((n) => !n.startsWith('_'))
    .sort()[0]!;
  const file = join(root, 'topologies', first, 'topology.yaml');
  const text = readFileSync(file, 'utf8');
  const edited = text.replace(/port: 80\n/, 'port: 8081\n');
  if (edited === text) throw new BenchFailure(`no 'port: 80' line to edit in ${file}`);
  writeFileSync(file, edited);
  const measured: Measured[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      settle();
      log('diff (one cluster changed) …');
      const m = await runGwtopo(['diff', '--base', 'HEAD', '--format', 'json'], { cwd: root });
      expectExit(m, 0);
      const changed = new Set((JSON.parse(m.stdout) as { summary: { cluster: string }[] }).summary.map((s) => s.cluster));
      if (changed.size !== 1 || !changed.has(first)) throw new BenchFailure(`diff reported changes in ${[...changed].join(', ') || 'no cluster'}, expected ${first} alone`);
      measured.push(m);
    }
  } finally {
    writeFileSync(file, text);
  }
  return phaseOf('diff (1 changed)', measured, clusters, `1 of ${clusters} clusters changed (exit 0)`);
}

async function bench(opts: Options & { size: number; sample: number }, root: string): Promise<BenchResult> {
  const cpuList = cpus();
  const machine = {
    cpus: cpuList.length,
    model: cpuList[0]?.model.trim() ?? 'unknown',
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    memoryGB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
  if (machine.loadAverageAtStart[0]! > machine.cpus) {
    log(`note: the machine is busy (load average ${machine.loadAverageAtStart.join(' ')} on ${machine.cpus} cores): timings will be noisy`);
  }

  // 1. Input.
  let t = performance.now();
  const synth = synthesize(root, opts.size, opts.gateways);
  const synthMs = performance.now() - t;
  settle();
  log(`synthesized ${synth.clusters} topologies × ${opts.gateways} gateways (${(synth.topologyBytes / 1e6).toFixed(2)} MB) in ${synthMs.toFixed(0)} ms under ${root}`);
  const overlays = join(root, 'overlays');
  const N = opts.size;

  // 2. generate, cold: overlays/ does not exist.
  const cold: Measured[] = [];
  const fsQuiet: FsQuiet[] = [];
  for (let r = 0; r < opts.runs; r++) {
    setAside(overlays, root);
    settle();
    fsQuiet.push(waitForQuietFileSystem(root));
    log(`generate (cold)${opts.runs > 1 ? ` run ${r + 1}/${opts.runs}` : ''} …`);
    const m = await runGwtopo(['generate'], { cwd: root });
    expectExit(m, 0);
    cold.push(m);
  }
  const coldCounts = generateCounts(cold[cold.length - 1]!);
  const after = snapshot(overlays);
  const stray = [...after.keys()].filter((p) => !p.endsWith('.yaml'));
  if (coldCounts.clusters !== N) throw new BenchFailure(`generate reported ${coldCounts.clusters} clusters, expected ${N}`);
  if (coldCounts.written !== synth.expectedFiles || after.size !== synth.expectedFiles || stray.length > 0) {
    throw new BenchFailure(
      `generate (cold) wrote ${coldCounts.written} files and overlays/ holds ${after.size} (stray: ${stray.slice(0, 5).join(', ') || 'none'}); the synthesized topologies render ${synth.expectedFiles} files per the contract (TOPOLOGY.md §3)`,
    );
  }
  let outputBytes = 0;
  const kinds: Record<string, number> = {};
  for (const [p, s] of after) {
    outputBytes += Number(s.size);
    const kind = p.endsWith('/kustomization.yaml') ? 'kustomization' : (p.split('.').slice(-2, -1)[0] ?? '?');
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  const coldPhase = phaseOf('generate (cold)', cold, N, `${coldCounts.written} written = expected; ${after.size} files on disk`);

  // 3. generate again: nothing may change, not even an mtime.
  const noop: Measured[] = [];
  for (let r = 0; r < opts.runs; r++) {
    settle();
    log(`generate (no-op)${opts.runs > 1 ? ` run ${r + 1}/${opts.runs}` : ''} …`);
    const m = await runGwtopo(['generate'], { cwd: root });
    expectExit(m, 0);
    const c = generateCounts(m);
    if (c.written !== 0 || c.removed !== 0 || c.unchanged !== synth.expectedFiles) {
      throw new BenchFailure(`generate (no-op) reported ${c.written} written, ${c.unchanged} unchanged, ${c.removed} removed; expected 0, ${synth.expectedFiles}, 0`);
    }
    noop.push(m);
  }
  const again = snapshot(overlays);
  const touched = [...after].filter(([p, s]) => {
    const n = again.get(p);
    return n === undefined || n.ino !== s.ino || n.mtimeNs !== s.mtimeNs || n.size !== s.size;
  });
  if (touched.length > 0 || again.size !== after.size) {
    throw new BenchFailure(
      `generate (no-op) touched ${touched.length} files (e.g. ${touched
        .slice(0, 3)
        .map(([p]) => p)
        .join(', ')}); overlays/ held ${after.size} files, now ${again.size}`,
    );
  }
  const noopPhase = phaseOf('generate (no-op)', noop, N, `0 written; mtime+inode unchanged on all ${again.size} files`);

  // 3b. The I/O floor: read the topologies and write the same files, nothing else (bench/floor.ts).
  settle();
  log('I/O floor …');
  const floor = measureFloor(root, opts.runs);

  // 4. check (in sync) and 5. validate.
  const checks: Measured[] = [];
  const validates: Measured[] = [];
  for (let r = 0; r < opts.runs; r++) {
    settle();
    log('check …');
    const c = await runGwtopo(['check'], { cwd: root });
    expectExit(c, 0);
    if (!/overlays\/ is in sync/.test(c.stdout)) throw new BenchFailure(`check exited 0 but did not report "in sync":\n${c.stdout.slice(-1000)}`);
    checks.push(c);
    settle();
    log('validate …');
    const v = await runGwtopo(['validate'], { cwd: root });
    expectExit(v, 0);
    validates.push(v);
  }
  const checkPhase = phaseOf('check', checks, N, 'in sync (exit 0)');
  const validatePhase = phaseOf('validate', validates, N, `${N} valid (exit 0)`);

  // 5b. diff with one cluster changed: the repository committed to git, one listener port edited.
  const diffPhase = await measureDiff(root, opts.runs, N);

  // 6. kubectl kustomize over the same data-plane folders, sequentially.
  let kustomize: BenchResult['kustomize'];
  let info: KubectlInfo | undefined;
  if (opts.sample === 0) kustomize = { skipped: opts.kustomizeSample === 0 ? '--kustomize-sample 0' : 'compared at the first cluster count only' };
  else if (!(info = kubectlInfo()).available) kustomize = { skipped: info.reason ?? 'kubectl unavailable' };
  else {
    settle();
    log(`kubectl kustomize over ${opts.sample} of ${N} data-plane folders, one after another …`);
    t = performance.now();
    let timing: KustomizeTiming;
    try {
      timing = timeKustomize(root, synth.names, synth.dataPlaneResources, opts.sample, (done, total) => {
        const elapsed = performance.now() - t;
        log(`  kustomize ${done}/${total} (${(elapsed / 1000).toFixed(1)} s, ~${(((total - done) * elapsed) / done / 1000).toFixed(0)} s left)`);
      });
    } catch (err) {
      throw new BenchFailure((err as Error).message);
    }
    kustomize = { kubectl: info.version ?? '', ...timing };
  }
  const ratio = 'totalMs' in kustomize ? kustomize.totalMs / coldPhase.wallMs : null;

  // 7. Optional: where does a cold generate spend its time?
  let profile: ProfileSummary | undefined;
  if (opts.profile) {
    const dir = join(root, 'cpuprofile');
    setAside(overlays, root);
    settle();
    waitForQuietFileSystem(root);
    log('generate (cold) under node --cpu-prof …');
    const m = await runGwtopo(['generate'], { cwd: root, modules: true, nodeFlags: ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '250'] });
    expectExit(m, 0);
    // One profile per thread: the main thread and each pipeline worker.
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .sort();
    if (files.length === 0) throw new BenchFailure(`node --cpu-prof wrote no profile into ${dir}`);
    profile = mergeProfiles(files.map((f) => summarizeProfile(join(dir, f))));
  }

  const phases = [coldPhase, noopPhase, checkPhase, validatePhase, ...(diffPhase === undefined ? [] : [diffPhase])];
  const peakMB = Math.max(...phases.map((p) => p.maxRssMB));
  const speedPass = ratio === null ? null : ratio >= SPEED_TARGET;
  const notes: string[] = [];
  if (ratio === null) notes.push(`not evaluated: kubectl kustomize ${'skipped' in kustomize ? `skipped (${kustomize.skipped})` : 'not run'}`);
  else {
    if (N !== TARGET_CLUSTERS) notes.push(`the target is set for ${TARGET_CLUSTERS} clusters; this run has ${N} (indicative)`);
    if ('extrapolated' in kustomize && kustomize.extrapolated) notes.push(`kustomize time extrapolated from ${kustomize.built} folders`);
  }
  return {
    machine,
    clusters: N,
    gatewaysPerCluster: opts.gateways,
    runs: opts.runs,
    root,
    kept: opts.keep,
    fileSystem: fsQuiet,
    input: { topologies: N, bytes: synth.topologyBytes, synthMs, byProvider: synth.byProvider, mix: synth.mix },
    output: { files: after.size, bytes: outputBytes, dataPlaneResources: synth.expectedDataPlaneResources, kinds },
    gwtopo: { generateCold: coldPhase, generateNoop: noopPhase, check: checkPhase, validate: validatePhase, ...(diffPhase === undefined ? {} : { diff: diffPhase }) },
    floor,
    kustomize,
    ratio,
    targets: {
      speed: { target: SPEED_TARGET, ratio, pass: speedPass, note: notes.join('; ') },
      memory: { limitMB: memoryLimitMB(N), peakMB, pass: peakMB < memoryLimitMB(N) },
      floor: floorTarget(coldPhase, checkPhase, floor.wallMs),
      diff: diffTarget(diffPhase, checkPhase),
    },
    ...(profile === undefined ? {} : { profile, conform: conformShare(profile) }),
  };
}

// ---------------------------------------------------------------------------------------------------

function secs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function table(header: string[], rows: string[][], right: ReadonlySet<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)];
}

function formatText(r: BenchResult): string {
  const out: string[] = [];
  const m = r.machine;
  const mix = r.input.mix;
  out.push(`gwtopo bench: ${r.clusters} clusters × ${r.gatewaysPerCluster} gateways${r.runs > 1 ? `, median of ${r.runs} runs` : ''}`);
  out.push(`machine   ${m.cpus} cores, ${m.model}, ${m.memoryGB} GB RAM; ${m.os}; node ${m.node}; load average at start ${m.loadAverageAtStart.join(' ')}`);
  out.push(
    `input     ${r.input.topologies} topology.yaml, ${(r.input.bytes / 1e6).toFixed(2)} MB; providers: ${Object.entries(r.input.byProvider)
      .map(([p, n]) => `${p} ${n}`)
      .join(', ')}`,
  );
  out.push(
    `          ${mix.gateways} gateways: ${mix.dataplaneScoped} data-plane / ${mix.environmentScoped} environment scope, ${mix.unmanaged} managed: false, ` +
      `${mix.externalLoadBalancer} external LB, ${mix.externalNodePort} external NodePort, ${mix.internalClusterIP} internal ClusterIP (${mix.hostDefaulted} with default host), ` +
      `${mix.internalLoadBalancer} internal LB, ${mix.internalNodePort} internal NodePort, ${mix.egress} egress; ${mix.listeners} listeners (${mix.https} HTTPS, ${mix.tlsPassthrough} TLS)`,
  );
  out.push(
    `output    ${r.output.files} files, ${(r.output.bytes / 1e6).toFixed(2)} MB: ${Object.entries(r.output.kinds)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}`,
  );
  const waited = r.fileSystem.reduce((sum, f) => sum + f.waitedMs, 0);
  const first = r.fileSystem[0];
  if (first !== undefined) {
    out.push(
      waited < 1000
        ? `files     quiet before each cold generate: creating a file took ${Math.max(...r.fileSystem.map((f) => f.lastUs)).toFixed(0)} µs or less`
        : `files     waited ${secs(waited)} for the file system to settle after recent deletions (creating a file took ${first.firstUs.toFixed(0)} µs, then ${r.fileSystem[r.fileSystem.length - 1]!.lastUs.toFixed(0)} µs)${
            r.fileSystem.some((f) => f.lastUs > PROBE_BUSY_US) ? '; STILL SLOW: the cold generate time measures the file system — rerun later, or with TMPDIR=/var/tmp' : ''
          }`,
    );
  }
  out.push('');
  const phases = Object.values(r.gwtopo);
  out.push(
    ...table(
      ['gwtopo', 'exit', 'wall', 'in main()', 'node+import', 'CPU', 'clusters/s', 'max RSS', 'verified'],
      phases.map((p) => [
        p.command,
        String(p.exitCode),
        secs(p.wallMs),
        secs(p.mainMs),
        secs(p.startupMs + p.importMs),
        secs(p.cpuMs),
        p.clustersPerSecond.toFixed(0),
        `${p.maxRssMB.toFixed(0)} MB`,
        `${p.verified}${p.warnings > 0 ? ` (${p.warnings} warnings)` : ''}`,
      ]),
      new Set([1, 2, 3, 4, 5, 6, 7]),
    ),
  );
  out.push('  wall = spawn to exit as seen by the parent (Node.js start, imports, command, output, exit); each run in a fresh process, after sync(1)');
  out.push(
    `  I/O floor ${secs(r.floor.wallMs)}: one Node.js process reading the ${r.input.topologies} topologies and writing the same ${r.floor.files} files, nothing else — ` +
      phases.map((p) => `${p.command} ${(p.wallMs / r.floor.wallMs).toFixed(1)}×`).join(', '),
  );
  out.push('  CPU = user + system time of the whole process, libuv thread pool (file I/O) included');
  out.push('');
  const k = r.kustomize;
  if ('skipped' in k) out.push(`kubectl kustomize: SKIPPED (${k.skipped})`);
  else {
    out.push(`kubectl kustomize overlays/<cluster>/data-plane, sequential (${k.kubectl})`);
    out.push(
      `  ${k.extrapolated ? 'EXTRAPOLATED' : 'MEASURED'}: ${secs(k.totalMs)} for ${k.folders} folders` +
        (k.extrapolated ? ` (measured ${secs(k.measuredMs)} for the first ${k.built} folders, × ${k.folders}/${k.built})` : '') +
        `; ${k.perFolderMs.toFixed(1)} ms per folder; ${k.documents} resources built`,
    );
    out.push(`  ratio kustomize / gwtopo generate (cold): ${secs(k.totalMs)} / ${secs(r.gwtopo.generateCold.wallMs)} = ${r.ratio!.toFixed(1)}×`);
  }
  out.push('');
  const s = r.targets.speed;
  const mem = r.targets.memory;
  const verdict = (p: boolean | null) => (p === null ? 'n/a' : p ? 'PASS' : 'MISS');
  out.push('targets');
  out.push(`  generate (cold) ≥ ${s.target}× faster than kubectl kustomize: ${s.ratio === null ? '—' : `${s.ratio.toFixed(1)}×`}  ${verdict(s.pass)}${s.note === '' ? '' : `  (${s.note})`}`);
  out.push(`  peak memory < ${mem.limitMB} MB (max RSS over all runs): ${mem.peakMB.toFixed(0)} MB  ${verdict(mem.pass)}`);
  const fl = r.targets.floor;
  out.push(`  generate (cold) and check ≤ ${fl.limit}× the I/O floor: ${fl.generate.toFixed(1)}×, ${fl.check.toFixed(1)}×  ${verdict(fl.pass)}`);
  const d = r.targets.diff;
  out.push(`  diff (one cluster changed) ≤ ${d.limit}× check: ${d.ratio === null ? '— (no git)' : `${secs(r.gwtopo.diff!.wallMs)} = ${d.ratio.toFixed(1)}×`}  ${verdict(d.pass)}`);
  if (r.conform !== undefined) out.push(`  conform stage (schema sets) in a cold generate: ${secs(r.conform.ms)} of ${secs(r.profile!.totalMs)} CPU, all threads (${r.conform.pct.toFixed(1)} %)`);
  if (r.profile !== undefined) {
    out.push('');
    out.push(formatProfile(r.profile).trimEnd());
  }
  if (r.kept) out.push(`\nkept: ${r.root}`);
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------

async function cli(argv: string[]): Promise<number> {
  const opts = parseOptions(argv);
  if (opts === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (typeof opts === 'string') {
    process.stderr.write(`bench: ${opts}\n\n${USAGE}`);
    return 2;
  }
  let root = '';
  const done: string[] = [];
  const cleanup = () => {
    for (const r of [...done, root].filter((r) => r !== '')) {
      rmSync(`${r}.trash`, { recursive: true, force: true });
      if (!opts.keep) rmSync(r, { recursive: true, force: true });
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    cleanup();
    process.stderr.write(`bench: interrupted (${signal})${opts.keep ? `; kept ${root}` : ''}\n`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const results: BenchResult[] = [];
  try {
    if (freemem() < 1024 ** 3) log(`note: only ${(freemem() / 1024 ** 2).toFixed(0)} MB of memory free`);
    for (const [i, size] of opts.clusters.entries()) {
      // Each size in a fresh repository; the previous one is deleted only at the end (see setAside).
      if (root !== '') done.push(root);
      root = mkdtempSync(join(tmpdir(), 'gwtopo-bench-'));
      results.push(await bench({ ...opts, size, sample: i === 0 ? opts.kustomizeSample : 0 }, root));
    }
    cleanup();
  } catch (err) {
    if (err instanceof BenchFailure) {
      process.stderr.write(`\nBENCH FAILED: ${err.message}\n${opts.keep ? `kept: ${root}\n` : '(rerun with --keep to inspect the repository)\n'}`);
      cleanup();
      return 1;
    }
    cleanup();
    throw err;
  }
  const scaling = scalingOf(results);
  if (opts.json) process.stdout.write(`${JSON.stringify({ runs: results, scaling }, null, 2)}\n`);
  else process.stdout.write(`${results.map(formatText).join('\n')}${scaling === undefined ? '' : `\n${formatScaling(scaling)}`}`);
  const missed = results.some((r) => r.targets.speed.pass === false || !r.targets.memory.pass || !r.targets.floor.pass || r.targets.diff.pass === false) || scaling?.pass === false;
  return opts.assertTargets && missed ? 3 : 0;
}

interface Scaling {
  from: number;
  to: number;
  /** Cold generate and check wall times of the larger run over the smaller one. */
  generate: number;
  check: number;
  /** Allowed ratio for this many times the clusters (12x for 10x). */
  limit: number;
  pass: boolean;
}

/** How the times grow from the smallest to the largest cluster count (the 10,000 vs 1,000 target). */
function scalingOf(results: BenchResult[]): Scaling | undefined {
  if (results.length < 2) return undefined;
  const [small, large] = [results[0]!, results[results.length - 1]!];
  const limit = (SCALING_TARGET * large.clusters) / small.clusters / 10;
  const generate = large.gwtopo.generateCold.wallMs / small.gwtopo.generateCold.wallMs;
  const check = large.gwtopo.check.wallMs / small.gwtopo.check.wallMs;
  return { from: small.clusters, to: large.clusters, generate, check, limit, pass: generate <= limit && check <= limit };
}

function formatScaling(s: Scaling): string {
  return [
    `scaling ${s.from} → ${s.to} clusters (${(s.to / s.from).toFixed(0)}× the clusters; target ≤ ${s.limit.toFixed(0)}× the time)`,
    `  generate (cold) ${s.generate.toFixed(1)}×, check ${s.check.toFixed(1)}×  ${s.pass ? 'PASS' : 'MISS'}`,
    '',
  ].join('\n');
}

process.exitCode = await cli(process.argv.slice(2));
