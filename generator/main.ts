// The CLI: parse → run one command → print → exit code. Commands return data; this file prints it
// and maps the outcome to an exit code (exit.ts). Nothing else writes to the terminal or exits.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { USAGE, parseCommandLine, type CommandName, type Format } from './args.js';
import { build } from './commands/build.js';
import { check } from './commands/check.js';
import { conform } from './commands/conform.js';
import { diff } from './commands/diff.js';
import { generate } from './commands/generate.js';
import { init } from './commands/init.js';
import { show } from './commands/show.js';
import type { CommandOptions, Report } from './commands/report.js';
import { validate } from './commands/validate.js';
import { EXIT_CODES } from './exit.js';
import { MAX_MANIFEST_BYTES } from './load/manifests.js';
import { startProgress } from './progress.js';
import { formatGithub } from './report/github.js';
import { formatGitlab } from './report/gitlab.js';
import { formatJson } from './report/json.js';
import { formatMarkdown } from './report/markdown.js';
import { formatSarif } from './report/sarif.js';
import { formatText, type Printed } from './report/text.js';
import { formatHtml } from './report/html.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True on an interactive terminal outside CI: enables the spinner. */
  interactive: boolean;
  /** ANSI colours in text output (cli.ts: stdout is a terminal and NO_COLOR is unset). */
  color?: boolean;
  cwd: string;
  /** GitHub Actions: the repository's checkout (GITHUB_WORKSPACE), from which annotations name files. */
  githubWorkspace?: string;
  /** GitLab CI: the repository's checkout (CI_PROJECT_DIR), from which Code Quality and SARIF name files. */
  gitlabProjectDir?: string;
  /** Standard input, read to its end or until more than `limit` bytes came (conform -). */
  readStdin?: (limit: number) => Promise<Uint8Array>;
}

const COMMANDS: Partial<Record<CommandName, (opts: CommandOptions) => Promise<Report>>> = { generate, check, validate, diff, build, show, init, conform };

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs gwtopo with these arguments; returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommandLine(argv);
  switch (parsed.kind) {
    case 'help':
      io.stdout(USAGE);
      return EXIT_CODES.ok;
    case 'version':
      io.stdout(`gwtopo ${version()}\n`);
      return EXIT_CODES.ok;
    case 'usage-error':
      io.stderr(`gwtopo: ${parsed.message}\n${parsed.hint === undefined ? '' : `  hint: ${parsed.hint}\n`}`);
      return EXIT_CODES.invalid;
  }
  const command = COMMANDS[parsed.command];
  if (command === undefined) {
    io.stderr(`gwtopo: ${parsed.command} is not available in this build\n`);
    return EXIT_CODES.invalid;
  }
  const { kind: _kind, command: _name, ...options } = parsed;
  const root = resolve(io.cwd, parsed.root);
  // Checked once for every command: init would otherwise create the folder, and diff would blame git.
  if (!isFolder(root)) {
    io.stderr(`gwtopo: --root ${parsed.root}: ${existsSync(root) ? 'not a folder' : 'no such folder'}\n  hint: pass the folder of the GitOps repository (the one holding topologies/), or leave --root out to use the current one\n`);
    return EXIT_CODES.invalid;
  }
  // The spinner would mix with a YAML stream or a scaffold message; only long-running commands get it.
  const progress = await startProgress(io.interactive && parsed.format === 'text' && ['generate', 'check', 'validate', 'diff', 'conform'].includes(parsed.command));
  const stdin = async (): Promise<Uint8Array> => (io.readStdin === undefined ? new Uint8Array() : io.readStdin(MAX_MANIFEST_BYTES));
  let report: Report;
  try {
    report = await command({ ...options, root, ...(options.ackFile === undefined ? {} : { ackFile: resolve(io.cwd, options.ackFile) }), progress: (t) => progress.update(t), stdin });
  } catch (err) {
    progress.stop();
    io.stderr(`gwtopo: ${describeFailure(err, root)}\n`);
    if (process.env.GWTOPO_DEBUG === '1' && err instanceof Error && err.stack !== undefined) io.stderr(`${err.stack}\n`);
    return EXIT_CODES.invalid;
  }
  progress.stop();
  const printed = format(report, parsed.format, {
    color: io.color === true,
    maxChars: parsed.maxChars,
    // The root as seen from the repository's checkout: CI formats name files from there.
    rootFromRepository: relative(io.githubWorkspace ?? io.gitlabProjectDir ?? io.cwd, root).split(sep).join('/'),
  });
  if (printed.stderr !== '') io.stderr(printed.stderr);
  if (printed.stdout !== '') io.stdout(printed.stdout);
  return EXIT_CODES[report.outcome];
}

/** The report in the format asked for (args.ts has checked that the command offers it). */
function format(report: Report, as: Format, o: { color: boolean; maxChars: number | undefined; rootFromRepository: string }): Printed {
  switch (as) {
    case 'json':
      return formatJson(report);
    case 'github':
      return formatGithub(report, formatText(report), o.rootFromRepository);
    case 'gitlab':
      return formatGitlab(report, formatText(report), o.rootFromRepository);
    case 'sarif':
      return formatSarif(report, formatText(report), version(), o.rootFromRepository);
    case 'markdown':
      return formatMarkdown(report, o.maxChars === undefined ? {} : { maxChars: o.maxChars });
    case 'html':
      return formatHtml(report);
    case 'text':
      return formatText(report, { color: o.color });
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A one-line description of an unexpected failure (file-system errors name the file, relative to the root). */
function describeFailure(err: unknown, root: string): string {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code === 'string' && typeof e.syscall === 'string') {
    const where = typeof e.path === 'string' ? ` ${relative(root, e.path) || '.'}` : '';
    return `error: ${e.syscall}${where}: ${e.code} [io]`;
  }
  return `internal error: ${e instanceof Error ? e.message : String(err)} (set GWTOPO_DEBUG=1 for details, and please report it)`;
}
