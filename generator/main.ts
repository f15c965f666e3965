// The CLI: parse → run one command → print → exit code. Commands return data; this file prints it
// and maps the outcome to an exit code (report/exit.ts). Nothing else writes to the terminal or exits.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { COMMAND_SPECS, type CommandName, parseCommandLine, type RunArgs } from './cli/args.js';
import { startProgress } from './cli/progress.js';
import { commandHelp, globalHelp, MIN_WIDTH } from './cli/usage.js';
import { formatProblem, type Problem, RUN_FILE } from './diagnostics/problem.js';
import { MAX_MANIFEST_BYTES } from './parse/limits.js';
import { startPipelineWorkers } from './pipeline/pool.js';
import { EXIT_CODES } from './report/exit.js';
import type { Printed } from './report/printed.js';
import type { CommandOptions, Report } from './report/types.js';
import { findRoot } from './repository/root.js';
import { packageFile } from './support/paths.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True on an interactive terminal outside CI: enables the spinner. */
  interactive: boolean;
  /** ANSI colours in text output (cli.ts: stdout is a terminal and NO_COLOR is unset). */
  color?: boolean;
  /** NO_COLOR is set: not even the spinner is coloured. */
  noColor?: boolean;
  /** The terminal's width for help text (cli.ts: stdout's columns on a terminal); 80 otherwise. */
  columns?: number;
  cwd: string;
  /** GitHub Actions: the repository's checkout (GITHUB_WORKSPACE), from which annotations name files. */
  githubWorkspace?: string;
  /** GitLab CI: the repository's checkout (CI_PROJECT_DIR), from which Code Quality and SARIF name files. */
  gitlabProjectDir?: string;
  /** Standard input, read to its end or until more than `limit` bytes came (conform -). */
  readStdin?: (limit: number) => Promise<Uint8Array>;
}

type Command = (opts: CommandOptions) => Promise<Report>;

/** Each command is loaded when it runs: help, --version and usage errors start without the pipeline. */
const COMMANDS: Partial<Record<CommandName, () => Promise<Command>>> = {
  generate: async () => (await import('./commands/generate.js')).generate,
  check: async () => (await import('./commands/check.js')).check,
  validate: async () => (await import('./commands/validate.js')).validate,
  diff: async () => (await import('./commands/diff.js')).diff,
  build: async () => (await import('./commands/build.js')).build,
  show: async () => (await import('./commands/show.js')).show,
  init: async () => (await import('./commands/init.js')).init,
  conform: async () => (await import('./commands/conform.js')).conform,
  import: async () => (await import('./commands/import.js')).importTopology,
  explain: async () => (await import('./commands/explain.js')).explain,
  completion: async () => (await import('./commands/completion.js')).completion,
};

/** Commands that run long enough to deserve a spinner (the others print a stream, a script or one line). */
const SPINNER_COMMANDS: readonly CommandName[] = ['generate', 'check', 'validate', 'diff', 'conform', 'import'];

/** A usage or whole-run error: `gwtopo: error: message [rule]` and its hint. */
function runError(io: Io, rule: string, message: string, hint?: string): number {
  io.stderr(`${formatProblem({ severity: 'error', file: RUN_FILE, line: 1, col: 1, path: '', rule, message, ...(hint === undefined ? {} : { hint }) })}\n`);
  return EXIT_CODES.invalid;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs gwtopo with these arguments; returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommandLine(argv);
  const width = Math.max(MIN_WIDTH, io.columns ?? 80);
  switch (parsed.kind) {
    case 'help':
      io.stdout(parsed.command === undefined ? globalHelp(version(), width) : commandHelp(parsed.command, width));
      return EXIT_CODES.ok;
    case 'version':
      io.stdout(`gwtopo ${version()}\n`);
      return EXIT_CODES.ok;
    case 'usage-error':
      return runError(io, 'usage', parsed.message, parsed.hint);
  }
  const load = COMMANDS[parsed.command];
  if (load === undefined) return runError(io, 'usage', `${parsed.command} is not available in this build`);
  const { kind: _kind, command: _name, root: given, ...options } = parsed;
  const found = given === undefined && COMMAND_SPECS[parsed.command].repository !== false ? findRoot(io.cwd) : undefined;
  const root = resolve(io.cwd, given ?? found ?? '.');
  // Checked once for every command: init would otherwise create the folder, and diff would blame git.
  if (given !== undefined && !isFolder(root)) {
    return runError(
      io,
      'usage',
      `--root ${given}: ${existsSync(root) ? 'not a folder' : 'no such folder'}`,
      'pass the folder of the GitOps repository (the one holding topologies/), or leave --root out to find it upwards from the current folder',
    );
  }
  if (found !== undefined && found !== io.cwd && parsed.format === 'text' && parsed.verbosity !== 'quiet') {
    io.stderr(`gwtopo: using the repository at ${relative(io.cwd, found)} (the nearest folder upwards with topologies/ or gwtopo.yaml)\n`);
  }
  // A large repository's pipeline threads load their modules on the other cores while this one loads the command's.
  if (COMMAND_SPECS[parsed.command].pipeline === true) startPipelineWorkers(root);
  // The spinner would mix with a YAML stream or a scaffold message; only long-running commands get it.
  const command = await load();
  const progress = await startProgress(io.interactive && parsed.format === 'text' && parsed.verbosity !== 'quiet' && SPINNER_COMMANDS.includes(parsed.command), io.noColor !== true);
  const stdin = async (): Promise<Uint8Array> => (io.readStdin === undefined ? new Uint8Array() : io.readStdin(MAX_MANIFEST_BYTES));
  let report: Report;
  try {
    report = await command({
      ...options,
      root,
      ...(options.ackFile === undefined ? {} : { ackFile: resolve(io.cwd, options.ackFile), ackFileGiven: options.ackFile }),
      ...(options.chartValues === undefined ? {} : { chartValues: options.chartValues.map((f) => resolve(io.cwd, f)) }),
      progress: (t) => progress.update(t),
      stdin,
      cwd: io.cwd,
    });
  } catch (err) {
    progress.stop();
    // A file-system error in a machine format is also that format's document, with the error as its one problem:
    // CI reads stdout, and json promises one document and nothing on stderr. The CI formats read only problems.
    const failed = ioProblem(err, root);
    if (failed !== undefined && parsed.format === 'json') {
      io.stdout(`${JSON.stringify({ command: parsed.command, ok: false, exitCode: EXIT_CODES.invalid, clusters: [], problems: [failed], accepted: [] }, null, 2)}\n`);
      return EXIT_CODES.invalid;
    }
    if (failed !== undefined && (parsed.format === 'github' || parsed.format === 'gitlab' || parsed.format === 'sarif')) {
      const report: Report = { command: 'validate', outcome: 'invalid', clusters: [], problems: [failed], accepted: [], schemaSets: {} };
      const rootFromRepository = relative(io.githubWorkspace ?? io.gitlabProjectDir ?? io.cwd, root)
        .split(sep)
        .join('/');
      io.stdout((await format(report, parsed, { color: false, width, rootFromRepository, rootFromCwd: '' })).stdout);
    }
    io.stderr(`gwtopo: ${describeFailure(err, root)}\n`);
    if (process.env.GWTOPO_DEBUG === '1' && err instanceof Error && err.stack !== undefined) io.stderr(`${err.stack}\n`);
    return EXIT_CODES.invalid;
  }
  progress.stop();
  const printed = await format(report, parsed, {
    color: io.color === true,
    width,
    // The root as seen from the repository's checkout: CI formats name files from there.
    rootFromRepository: relative(io.githubWorkspace ?? io.gitlabProjectDir ?? io.cwd, root)
      .split(sep)
      .join('/'),
    rootFromCwd: relative(io.cwd, root).split(sep).join('/'),
  });
  if (printed.stderr !== '') io.stderr(printed.stderr);
  if (printed.stdout !== '') io.stdout(printed.stdout);
  return EXIT_CODES[report.outcome];
}

/** The report in the format asked for (cli/args.ts has checked that the command offers it); each formatter is loaded when used. */
async function format(report: Report, parsed: RunArgs, o: { color: boolean; width: number; rootFromRepository: string; rootFromCwd: string }): Promise<Printed> {
  const { formatText } = await import('./report/text.js');
  switch (parsed.format) {
    case 'json':
      return (await import('./report/json.js')).formatJson(report);
    case 'github':
      return (await import('./report/github.js')).formatGithub(report, formatText(report), o.rootFromRepository);
    case 'gitlab':
      return (await import('./report/gitlab.js')).formatGitlab(report, formatText(report), o.rootFromRepository);
    case 'sarif':
      return (await import('./report/sarif.js')).formatSarif(report, formatText(report), version(), o.rootFromRepository);
    case 'markdown':
      return (await import('./report/markdown.js')).formatMarkdown(report, {
        ...(parsed.maxChars === undefined ? {} : { maxChars: parsed.maxChars }),
        ...(parsed.notesOnly === true ? { notesOnly: true } : {}),
      });
    case 'html':
      return (await import('./report/html.js')).formatHtml(report, parsed.notesOnly === true);
    case 'text':
      return formatText(report, {
        color: o.color,
        width: o.width,
        rootFromCwd: o.rootFromCwd,
        ...(parsed.verbosity === undefined ? {} : { verbosity: parsed.verbosity }),
        ...(parsed.notesOnly === true ? { notesOnly: true } : {}),
      });
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The file a file-system error is about: a rename's destination (gwtopo renames its own temporary files into
 * place, so the destination is the file the user knows), else its path.
 */
function namedFile(e: NodeJS.ErrnoException & { dest?: unknown }): string | undefined {
  if (typeof e.dest === 'string') return e.dest;
  return typeof e.path === 'string' ? e.path : undefined;
}

/** A file-system error as a problem at the file it names (relative to the root), or undefined for any other failure. */
function ioProblem(err: unknown, root: string): Problem | undefined {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string' || typeof e.syscall !== 'string') return undefined;
  const named = namedFile(e);
  const file = named === undefined ? RUN_FILE : relative(root, named).split(sep).join('/') || RUN_FILE;
  return { severity: 'error', file, line: 1, col: 1, path: '', rule: 'io', message: `${e.syscall} failed: ${e.code}` };
}

/** A one-line description of an unexpected failure (file-system errors name the file, relative to the root). */
function describeFailure(err: unknown, root: string): string {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code === 'string' && typeof e.syscall === 'string') {
    const named = namedFile(e);
    const where = named === undefined ? '' : ` ${relative(root, named) || '.'}`;
    return `error: ${e.syscall}${where}: ${e.code} [io]`;
  }
  return `internal error: ${e instanceof Error ? e.message : String(err)} (set GWTOPO_DEBUG=1 for details, and please report it)`;
}
