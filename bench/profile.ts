// Summarizes a V8 .cpuprofile (node --cpu-prof) of a gwtopo run: where the time goes.
//   - by stage: each sample is charged to the innermost gwtopo pipeline function on its stack
//     (load / validate / model / render / serialize / write / report), so library time (yaml, ajv,
//     fast-glob, fs) counts toward the stage that called it;
//   - by module: self time per package (yaml, ajv, fast-glob, diff, gwtopo's own files, Node.js internals,
//     GC, idle = the main thread waiting for the libuv thread pool, i.e. file I/O); a native function
//     (V8 builtin or Node.js binding) counts for the module of its nearest JavaScript caller;
//   - the top functions by self time.
// Standalone: node dist/bench/profile.js <file.cpuprofile> [--json]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface Row {
  name: string;
  ms: number;
  pct: number;
}
interface StageRow extends Row {
  /** The packages this stage's samples were in (self time), largest first. */
  breakdown: Row[];
}
interface FunctionRow extends Row {
  where: string;
  module: string;
}
export interface ProfileSummary {
  file: string;
  totalMs: number;
  samples: number;
  /** Wall clock by pipeline phase: every sample (idle and GC too) charged to the phase in progress. */
  phases: StageRow[];
  stages: StageRow[];
  modules: Row[];
  gwtopoFiles: Row[];
  functions: FunctionRow[];
}

const FAST_GLOB_DEPS = new Set([
  'fast-glob',
  '@nodelib/fs.scandir',
  '@nodelib/fs.stat',
  '@nodelib/fs.walk',
  'micromatch',
  'picomatch',
  'braces',
  'fill-range',
  'to-regex-range',
  'is-number',
  'merge2',
  'glob-parent',
  'is-glob',
  'is-extglob',
  'fastq',
  'reusify',
  'queue-microtask',
  'run-parallel',
]);
const AJV_DEPS = new Set(['ajv', 'fast-uri', 'fast-deep-equal', 'json-schema-traverse', 'require-from-string']);

function packageOf(url: string): string | undefined {
  const i = url.lastIndexOf('/node_modules/');
  if (i === -1) return undefined;
  const parts = url.slice(i + '/node_modules/'.length).split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** The gwtopo file (relative to dist/generator/) a URL points at, if any. */
function gwtopoFile(url: string): string | undefined {
  const i = url.lastIndexOf('/dist/generator/');
  return i === -1 || url.includes('/node_modules/') ? undefined : url.slice(i + '/dist/generator/'.length);
}

/** A coarse owner of a frame's self time. */
function moduleOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle (waiting for I/O)';
    if (functionName === '(program)') return 'V8/native (program)';
    if (functionName === '(root)') return '(root)';
    return 'native';
  }
  const pkg = packageOf(url);
  if (pkg !== undefined) {
    if (pkg === 'yaml') return 'yaml';
    if (AJV_DEPS.has(pkg)) return 'ajv';
    if (FAST_GLOB_DEPS.has(pkg)) return 'fast-glob (+ micromatch, @nodelib)';
    if (pkg === 'diff') return 'diff';
    return `npm: ${pkg}`;
  }
  if (gwtopoFile(url) !== undefined) return 'gwtopo (own code)';
  if (url.includes('/dist/bench/')) return 'bench runner';
  if (url.startsWith('node:')) {
    const path = url.slice('node:'.length).replace(/^internal\//, '');
    if (/^(fs|fs\/)/.test(path) || path.startsWith('fs/')) return 'node: fs';
    if (path.startsWith('modules/') || path === 'vm' || path.startsWith('vm/')) return 'node: module loader';
    if (path.startsWith('streams/') || path === 'stream' || path.startsWith('net') || path === 'tty') return 'node: streams / stdout';
    if (path.startsWith('process/') || path === 'timers' || path.startsWith('timers')) return 'node: task queues';
    if (path.startsWith('url') || path === 'path' || path.startsWith('path')) return 'node: path / url';
    return `node: other (${path.split('/')[0]})`;
  }
  return 'other';
}

const ANY = '*';
/** gwtopo functions that mark a stage, relative to dist/generator/; innermost on the stack wins. */
const STAGES: ReadonlyArray<readonly [file: string, fns: readonly string[] | typeof ANY, stage: string]> = [
  ['conform/stage.js', ANY, 'conform: rendered resources against the schema set'],
  ['conform/cel/', ANY, 'conform: CEL rules (compile once, evaluate)'],
  ['conform/schema/', ANY, 'conform: OpenAPI schema (compile once, default, validate)'],
  ['conform/', ANY, 'conform: other (sets, findings)'],
  ['conform/schema-set.js', ANY, 'conform: load schema sets'],
  ['serialize/yaml.js', ['readsAsOtherType'], 'serialize: quote check (yaml parse() per string scalar)'],
  ['serialize/yaml.js', ['canonicalize'], 'serialize: canonicalize (key order)'],
  ['serialize/yaml.js', ANY, 'serialize: toYaml (yaml Document + toString)'],
  ['serialize/files.js', ANY, 'serialize: files + kustomization.yaml'],
  ['render/', ANY, 'render: resources'],
  ['topology/modules/', ANY, 'render: resources'],
  ['model/', ANY, 'model: build'],
  ['schema/schema.js', ['validator', 'topologySchema'], 'validate: ajv schema compile (once)'],
  ['schema/schema.js', ANY, 'validate: JSON schema (ajv) + error mapping'],
  ['validate/rules/', ANY, 'validate: semantic rules'],
  ['topology/view.js', ANY, 'validate: read view'],
  ['validate/', ANY, 'validate: other (locate, problems)'],
  ['diagnostics/', ANY, 'validate: other (locate, problems)'],
  ['parse/parse.js', ['parseTopology'], 'load: YAML parse (parseAllDocuments + toJS)'],
  ['parse/parse.js', ['decodeTopology'], 'load: UTF-8 decode'],
  ['parse/parse.js', ANY, 'load: read topology files'],
  ['repository/discover.js', ANY, 'load: discover topologies (fast-glob)'],
  ['write/scan.js', ANY, 'write: scan overlays/ (fast-glob + readFile)'],
  ['write/plan.js', ANY, 'write: plan (compare with disk)'],
  ['write/apply.js', ANY, 'write: apply (mkdir + writeFile + rename)'],
  ['report/', ANY, 'report: format output'],
  ['commands/check.js', ['unifiedDiff'], 'check: unified diffs'],
  ['cli/progress.js', ANY, 'cli: progress'],
];

/** The pipeline phase a stage belongs to (gwtopo runs these one after another). */
function phaseOfStage(stage: string): string | undefined {
  if (stage.startsWith('startup:')) return 'startup (imports, module compile)';
  if (stage.startsWith('load:')) return 'load (discover, read, YAML parse)';
  if (stage.startsWith('validate:') || stage.startsWith('model:')) return 'validate (ajv, rules) + model';
  if (stage.startsWith('render:') || stage.startsWith('serialize:')) return 'render + serialize (YAML stringify)';
  if (stage.startsWith('conform:')) return 'conform (schema sets: OpenAPI schema, CEL)';
  if (stage.startsWith('write: scan')) return 'scan overlays/ (fast-glob + read)';
  if (stage.startsWith('write: plan')) return 'plan (compare)';
  if (stage.startsWith('write: apply')) return 'write files (mkdir, write, rename)';
  if (stage.startsWith('report:')) return 'report (format output)';
  if (stage.startsWith('check:')) return 'check: unified diffs';
  return undefined;
}

function stageOfFrame(frame: CallFrame): string | undefined {
  const file = gwtopoFile(frame.url);
  if (file === undefined) return undefined;
  for (const [prefix, fns, stage] of STAGES) {
    if (!(file === prefix || (prefix.endsWith('/') && file.startsWith(prefix)))) continue;
    if (fns === ANY || fns.includes(frame.functionName)) return stage;
  }
  return undefined;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function rows(map: Map<string, number>, total: number, limit = Infinity): Row[] {
  return [...map]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([name, us]) => ({ name, ms: round(us / 1000), pct: round((100 * us) / total) }));
}

function add(map: Map<string, number>, key: string, v: number): void {
  map.set(key, (map.get(key) ?? 0) + v);
}

export function summarizeProfile(file: string, topFunctions = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  // Duration of sample i: the time until the next sample (the last one: until the profile's end).
  const { samples, timeDeltas } = profile;
  const durations = samples.map((_, i) => (i + 1 < samples.length ? timeDeltas[i + 1]! : 0));
  if (samples.length > 0) {
    const elapsed = timeDeltas.reduce((a, b) => a + b, 0);
    durations[samples.length - 1] = Math.max(0, profile.endTime - profile.startTime - elapsed);
  }
  // Self time of a native function (a V8 builtin such as RegExp#exec or JSON.parse, or a Node.js C++
  // binding such as fs's open/close/writeBuffer) goes to the module of its nearest JavaScript caller.
  const moduleCache = new Map<number, string>();
  const moduleOfNode = (id: number): string => {
    const cached = moduleCache.get(id);
    if (cached !== undefined) return cached;
    let mod = moduleOf(byId.get(id)!.callFrame);
    if (mod === 'native') {
      for (let cur = parent.get(id); cur !== undefined; cur = parent.get(cur)) {
        const m = moduleOf(byId.get(cur)!.callFrame);
        if (m !== 'native' && m !== '(root)') {
          mod = m;
          break;
        }
      }
    }
    moduleCache.set(id, mod);
    return mod;
  };
  const stageCache = new Map<number, string>();
  const stageOfNode = (id: number): string => {
    const cached = stageCache.get(id);
    if (cached !== undefined) return cached;
    let stage: string | undefined;
    let moduleLoading = false;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!.callFrame;
      stage = stageOfFrame(frame);
      if (stage !== undefined) break;
      if (frame.url.startsWith('node:internal/modules/')) moduleLoading = true;
    }
    if (stage === undefined) {
      const leaf = byId.get(id)!.callFrame;
      stage =
        leaf.functionName === '(idle)' && leaf.url === ''
          ? 'idle (main thread waiting for file I/O)'
          : leaf.functionName === '(garbage collector)' && leaf.url === ''
            ? 'GC (not attributable to a stage)'
            : leaf.functionName === '(program)' && leaf.url === ''
              ? 'V8/native (program)'
              : moduleLoading
                ? 'startup: loading + compiling modules'
                : `outside any gwtopo frame: ${moduleOfNode(id)}`;
    }
    stageCache.set(id, stage);
    return stage;
  };

  const stages = new Map<string, number>();
  const stageModules = new Map<string, Map<string, number>>();
  const modules = new Map<string, number>();
  const files = new Map<string, number>();
  const functions = new Map<string, { us: number; frame: CallFrame; id: number }>();
  const phases = new Map<string, number>();
  const phaseKinds = new Map<string, Map<string, number>>();
  let phase = 'startup (imports, module compile)';
  let total = 0;
  samples.forEach((id, i) => {
    const us = durations[i]!;
    const frame = byId.get(id)!.callFrame;
    total += us;
    const stage = stageOfNode(id);
    const mod = moduleOfNode(id);
    phase = phaseOfStage(stage) ?? phase;
    add(phases, phase, us);
    let pk = phaseKinds.get(phase);
    if (pk === undefined) phaseKinds.set(phase, (pk = new Map()));
    add(pk, mod === 'idle (waiting for I/O)' || mod === 'GC' ? mod : 'CPU (JavaScript + native)', us);
    add(stages, stage, us);
    let sm = stageModules.get(stage);
    if (sm === undefined) stageModules.set(stage, (sm = new Map()));
    add(sm, mod, us);
    add(modules, mod, us);
    const gf = gwtopoFile(frame.url);
    if (gf !== undefined) add(files, gf, us);
    const key = `${frame.functionName}|${frame.url}|${frame.lineNumber}|${mod}`;
    const f = functions.get(key);
    if (f === undefined) functions.set(key, { us, frame, id });
    else f.us += us;
  });
  const where = (f: CallFrame): string => {
    if (f.url === '') return '(native)';
    const short = f.url.replace(/^file:\/\/.*\/node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/');
    return `${short}:${f.lineNumber + 1}`;
  };
  return {
    file,
    totalMs: round(total / 1000),
    samples: samples.length,
    phases: rows(phases, total).map((r) => ({ ...r, breakdown: rows(phaseKinds.get(r.name)!, total) })),
    stages: rows(stages, total).map((r) => ({ ...r, breakdown: rows(stageModules.get(r.name)!, total, 4) })),
    modules: rows(modules, total),
    gwtopoFiles: rows(files, total, 12),
    functions: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, topFunctions)
      .map(({ us, frame, id }) => ({
        name: frame.functionName === '' ? '(anonymous)' : frame.functionName,
        where: where(frame),
        module: moduleOfNode(id),
        ms: round(us / 1000),
        pct: round((100 * us) / total),
      })),
  };
}

function mergeRows<T extends Row>(lists: readonly (readonly T[])[], total: number, limit = Infinity, key: (r: T) => string = (r) => r.name): T[] {
  const byName = new Map<string, T>();
  for (const list of lists) {
    for (const r of list) {
      const seen = byName.get(key(r));
      byName.set(key(r), seen === undefined ? { ...r } : { ...seen, ms: seen.ms + r.ms });
    }
  }
  return [...byName.values()]
    .sort((a, b) => b.ms - a.ms || (a.name < b.name ? -1 : 1))
    .slice(0, limit)
    .map((r) => ({ ...r, ms: round(r.ms), pct: round((100 * r.ms) / total) }));
}

/**
 * The profiles of one run's threads (node --cpu-prof writes one per thread: the main thread and each
 * pipeline worker) as one summary: CPU time summed over the threads; a stage's breakdown is the main
 * thread's, or the first thread that has the stage.
 */
export function mergeProfiles(summaries: readonly ProfileSummary[]): ProfileSummary {
  if (summaries.length === 1) return summaries[0]!;
  const totalMs = summaries.reduce((n, p) => n + p.totalMs, 0);
  const withBreakdown = <T extends StageRow>(rows: T[], pick: (p: ProfileSummary) => StageRow[]): T[] =>
    rows.map((r) => ({ ...r, breakdown: summaries.flatMap((p) => pick(p)).find((x) => x.name === r.name)?.breakdown ?? [] }));
  return {
    file: `${summaries.length} threads: ${summaries.map((p) => p.file).join(', ')}`,
    totalMs: round(totalMs),
    samples: summaries.reduce((n, p) => n + p.samples, 0),
    phases: withBreakdown(
      mergeRows(
        summaries.map((p) => p.phases),
        totalMs,
      ),
      (p) => p.phases,
    ),
    stages: withBreakdown(
      mergeRows(
        summaries.map((p) => p.stages),
        totalMs,
      ),
      (p) => p.stages,
    ),
    modules: mergeRows(
      summaries.map((p) => p.modules),
      totalMs,
    ),
    gwtopoFiles: mergeRows(
      summaries.map((p) => p.gwtopoFiles),
      totalMs,
      12,
    ),
    functions: mergeRows(
      summaries.map((p) => p.functions),
      totalMs,
      20,
      (f) => `${f.name}|${f.where}`,
    ),
  };
}

/** The conform stage's share of a run: CPU in conform stages over all CPU sampled. */
export function conformShare(p: ProfileSummary): { ms: number; pct: number } {
  const ms = p.stages.filter((s) => s.name.startsWith('conform:')).reduce((n, s) => n + s.ms, 0);
  return { ms: round(ms), pct: round((100 * ms) / p.totalMs) };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}
function lpad(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}

export function formatProfile(p: ProfileSummary): string {
  const out: string[] = [];
  const row = (r: Row, width: number) => `  ${pad(r.name, width)} ${lpad(r.ms.toFixed(1), 8)} ms ${lpad(r.pct.toFixed(1), 5)} %`;
  out.push(`CPU profile: ${p.samples} samples over ${p.totalMs.toFixed(1)} ms (${p.file})`);
  out.push('wall clock by pipeline phase (every sample, idle and GC included, charged to the phase in progress):');
  for (const ph of p.phases) {
    if (ph.pct < 0.5) continue;
    out.push(
      `${row(ph, 58)}   ${ph.breakdown
        .filter((b) => b.pct >= 0.5)
        .map((b) => `${b.name} ${b.pct.toFixed(1)}%`)
        .join(', ')}`,
    );
  }
  out.push('CPU by stage (inclusive; library time charged to the gwtopo stage that called it):');
  for (const s of p.stages) {
    if (s.pct < 0.5) continue;
    out.push(
      `${row(s, 58)}   ${s.breakdown
        .filter((b) => b.pct >= 0.5)
        .map((b) => `${b.name} ${b.pct.toFixed(1)}%`)
        .join(', ')}`,
    );
  }
  out.push('by module (self time):');
  for (const m of p.modules) if (m.pct >= 0.5) out.push(row(m, 58));
  out.push('gwtopo files (self time):');
  for (const f of p.gwtopoFiles) if (f.pct >= 0.5) out.push(row(f, 58));
  out.push('top functions (self time):');
  for (const f of p.functions) out.push(`  ${lpad(f.ms.toFixed(1), 8)} ms ${lpad(f.pct.toFixed(1), 5)} %  ${pad(f.name, 28)} ${pad(f.module, 24)} ${f.where}`);
  return `${out.join('\n')}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, ...rest] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write('usage: node dist/bench/profile.js <file.cpuprofile> [--json]\n');
    process.exitCode = 2;
  } else {
    const summary = summarizeProfile(file, 30);
    process.stdout.write(rest.includes('--json') ? `${JSON.stringify(summary, null, 2)}\n` : formatProfile(summary));
  }
}
