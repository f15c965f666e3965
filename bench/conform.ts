// Micro-benchmark of the conform engine: `npm run bench:conform [-- --objects N] [--set NAME]`
// (or node dist/bench/conform.js after npm run build).
//
// Reads the resources of the golden fixtures (test/fixtures/golden/*/expected/overlays), then in this one
// process:
//   1. validates one object of each kind first and reports that one-time cost per kind (loading the CRD,
//      compiling its schema nodes and CEL rules);
//   2. validates N copies (default 13,000: what generate renders for 1,000 clusters) twice over:
//      "fleet"    — copies differing in metadata.name, as a fleet's objects mostly do;
//      "distinct" — copies that also differ in every host and hostname, so that no CEL result can be reused
//                   (the worst case for the per-node memo).
// Times are CPU time of this process (user + system) and wall time; objects per second are per CPU second.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_SET, loadBuiltinSet, type SchemaSet, validateObject } from '../generator/conform/index.js';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const GOLDEN = join(REPO_ROOT, 'test', 'fixtures', 'golden');
const PARTIAL_KINDS = new Set(['DataPlane', 'ClusterDataPlane', 'Environment']);

interface Sample {
  object: Record<string, unknown>;
  partial: boolean;
}

function resourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const full = join(dir, n);
      if (statSync(full).isDirectory()) return resourceFiles(full);
      return n.endsWith('.yaml') && n !== 'kustomization.yaml' ? [full] : [];
    });
}

function goldenSamples(): Sample[] {
  const out: Sample[] = [];
  for (const c of readdirSync(GOLDEN).sort()) {
    for (const file of resourceFiles(join(GOLDEN, c, 'expected', 'overlays'))) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const object = doc.toJS() as Record<string, unknown>;
        out.push({ object, partial: file.includes('/control-plane/') && PARTIAL_KINDS.has(String(object.kind)) });
      }
    }
  }
  return out;
}

/** A copy renamed for copy i; with `distinct`, every host/hostname also differs. */
function variant(object: unknown, i: number, distinct: boolean, key = ''): unknown {
  if (Array.isArray(object)) return object.map((v) => variant(v, i, distinct));
  if (typeof object === 'object' && object !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(object)) out[k] = variant(v, i, distinct, k);
    return out;
  }
  if (typeof object === 'string' && distinct && (key === 'host' || key === 'hostname')) return `c${i}.${object.replace(/^\*\./, '')}`;
  return object;
}

function copies(samples: Sample[], n: number, distinct: boolean): Sample[] {
  const out: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const s = samples[i % samples.length]!;
    const object = variant(s.object, i, distinct) as Record<string, unknown>;
    const meta = object.metadata as Record<string, unknown>;
    meta.name = `${String(meta.name)}-${i}`;
    out.push({ object, partial: s.partial });
  }
  return out;
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function time(fn: () => void): { cpu: number; wall: number } {
  const c = cpuMs();
  const w = performance.now();
  fn();
  return { cpu: cpuMs() - c, wall: performance.now() - w };
}

function validateAll(set: SchemaSet, samples: Sample[]): number {
  let findings = 0;
  for (const s of samples) findings += validateObject(set, s.object, { partial: s.partial }).length;
  return findings;
}

function main(): void {
  const { values } = parseArgs({ options: { objects: { type: 'string', default: '13000' }, set: { type: 'string', default: DEFAULT_SET } } });
  const n = Number(values.objects);
  if (!Number.isInteger(n) || n <= 0) throw new Error('--objects must be a positive integer');
  let set: SchemaSet | undefined;
  const load = time(() => {
    const l = loadBuiltinSet(values.set!);
    if (!l.ok) throw new Error(l.message);
    set = l.set;
  });
  const samples = goldenSamples();
  console.log(`conform benchmark: schema set ${values.set}, ${samples.length} golden resources, Node ${process.version}`);
  console.log(`load set index: ${load.cpu.toFixed(1)} ms CPU`);
  console.log('one-time cost of the first object of each kind (CRD load, schema and CEL compile), ms CPU:');
  const seen = new Set<string>();
  for (const s of samples) {
    const kind = String(s.object.kind);
    if (seen.has(kind)) continue;
    seen.add(kind);
    const t = time(() => validateObject(set!, s.object, { partial: s.partial }));
    console.log(`  ${kind.padEnd(18)} ${t.cpu.toFixed(1).padStart(7)}`);
  }
  for (const distinct of [false, true]) {
    const batch = copies(samples, n, distinct);
    let findings = 0;
    const first = time(() => (findings = validateAll(set!, batch)));
    const again = time(() => validateAll(set!, batch));
    const label = distinct ? 'distinct' : 'fleet   ';
    const rate = (ms: number): string => `${Math.round((n / ms) * 1000).toLocaleString('en')} objects/s`;
    console.log(
      `${label} ${n} objects: first pass ${first.cpu.toFixed(0)} ms CPU (${first.wall.toFixed(0)} ms wall, ${rate(first.cpu)}), ` +
        `second pass ${again.cpu.toFixed(0)} ms CPU (${rate(again.cpu)}); findings: ${findings}`,
    );
    if (findings !== 0) process.exitCode = 1;
  }
}

main();
