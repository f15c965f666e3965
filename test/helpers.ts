// Shared test helpers: temp repositories, in-process and spawned CLI runs, tree comparison.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Io, main } from '../generator/main.js';

/** The repository root (tests run from dist/test/). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The package's executable (package.json bin): the bundle. */
export const CLI = join(REPO_ROOT, 'dist', 'bundle', 'cli.js');
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');
/** ../shared beside the repository (CRDs), or GWTOPO_SHARED. */
export const SHARED = process.env.GWTOPO_SHARED ?? join(REPO_ROOT, '..', 'shared');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs gwtopo in-process (fast); `io` overrides the terminal's properties (width, colour). */
export async function run(argv: string[], cwd: string, io: Partial<Pick<Io, 'columns' | 'color' | 'noColor'>> = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), interactive: false, cwd, ...io });
  return { code, stdout, stderr };
}

/** Runs the real executable in a child process (`input`: its standard input). */
export function spawnCli(argv: string[], cwd: string, env: Record<string, string> = {}, input?: string | Uint8Array): RunResult {
  const r = spawnSync(process.execPath, [CLI, ...argv], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env }, ...(input === undefined ? {} : { input }) });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Temp directories not yet removed; whatever a failing test leaves behind goes when its process exits. */
const temps = new Set<string>();
process.on('exit', () => {
  for (const root of temps) rmSync(root, { recursive: true, force: true });
});

/** A fresh temp directory holding the given files (paths relative to it). */
export function tempRepo(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'gwtopo-test-'));
  temps.add(root);
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

export function removeTemp(root: string): void {
  rmSync(root, { recursive: true, force: true });
  temps.delete(root);
}

/** Every file below dir, keyed by path relative to dir (forward slashes), sorted. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(dir, full).split('\\').join('/'), readFileSync(full, 'utf8'));
    }
  };
  try {
    walk(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return out;
}

/** Copies a tree of files into root under prefix. */
export function copyTree(from: string, root: string, prefix = ''): void {
  for (const [path, content] of readTree(from)) writeFiles(root, { [join(prefix, path)]: content });
}

/** A topology.yaml of `cluster` whose spec holds `spec` (YAML, written unindented). */
export function topologyYaml(cluster: string, spec: string): string {
  const body = spec
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l === '' ? l : `  ${l}`))
    .join('\n');
  return `apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata:\n  name: ${cluster}\nspec:\n${body}\n`;
}

/** Removes the common indentation of a template literal and its first newline (for inline YAML). */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const indent = Math.min(
    ...text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => /^ */.exec(l)![0].length),
  );
  return text
    .split('\n')
    .map((l) => l.slice(indent))
    .join('\n');
}

/** The lines of output that start a problem (`file:line:col: severity: …`, or `gwtopo: severity: …` for the whole run), without hint lines. */
export function problemLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /^[^\s].*:\d+:\d+: (error|warning): /.test(l) || /^gwtopo: (error|warning): /.test(l));
}

/**
 * A test's requirement on this machine (a tool, a folder): false when it is met, else the reason to skip —
 * printed loudly on stderr, never silently. With GWTOPO_NO_SKIP=1 (CI: .ci/run) a missing requirement fails
 * the run instead, so CI never passes with tests skipped.
 */
export function requirement(met: boolean, reason: string): string | false {
  if (met) return false;
  if (process.env.GWTOPO_NO_SKIP === '1') throw new Error(`GWTOPO_NO_SKIP=1, but a test requirement is missing: ${reason}`);
  process.stderr.write(`\n!!! gwtopo tests SKIPPED: ${reason}. CI (.ci/run, GWTOPO_NO_SKIP=1) runs them.\n\n`);
  return reason;
}

export function which(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

/** Problem lines with the source line and a caret under the reported column (for failure messages). */
export function withCarets(root: string, stderr: string): string {
  const out: string[] = [];
  for (const line of problemLines(stderr)) {
    const m = /^(.+?):(\d+):(\d+): /.exec(line);
    if (m === null) {
      out.push(line); // a problem of the whole run: no file to show
      continue;
    }
    let source = '';
    try {
      source = readFileSync(join(root, m[1]!), 'utf8').split('\n')[Number(m[2]) - 1] ?? '';
    } catch {
      // not a readable file (e.g. a folder)
    }
    out.push(line, `    | ${source}`, `    | ${' '.repeat(Number(m[3]) - 1)}^`);
  }
  return out.join('\n');
}
