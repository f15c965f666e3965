// Command-line parsing. Returns data or a usage error; never exits.
import { parseArgs } from 'node:util';
import { closest } from './validate/suggest.js';

export const COMMANDS = ['generate', 'check', 'validate'] as const;
export type CommandName = (typeof COMMANDS)[number];
export const FORMATS = ['text', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export type Parsed =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; command: CommandName; root: string; clusters?: string[]; format: Format }
  | { kind: 'usage-error'; message: string; hint?: string };

export const USAGE = `gwtopo — render OpenChoreo API-gateway topologies into GitOps overlays

Usage: gwtopo <command> [options]

Commands:
  generate   validate every topology, render, write overlays/ (only files that
             changed) and remove generated files that are no longer rendered
  check      render in memory and compare with overlays/ (drift check for CI)
  validate   validate the topologies only

Options:
  --root DIR        the GitOps repository (default: the current directory)
  --cluster NAME    only this cluster; repeat for more
  --format FORMAT   text (default) or json
  -h, --help        show this help
  --version         print the version

Exit codes: 0 success, 1 drift (check), 2 invalid input or usage error.
Docs: README.md; topology format: schemas/topology.schema.json
`;

const OPTIONS = {
  root: { type: 'string' },
  cluster: { type: 'string', multiple: true },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

function usageError(message: string, hint = 'run gwtopo --help'): Parsed {
  return { kind: 'usage-error', message, hint };
}

export function parseCommandLine(argv: readonly string[]): Parsed {
  let values: { root?: string; cluster?: string[]; format?: string; help?: boolean; version?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (err) {
    const m = /'(-[^']*)'/.exec((err as Error).message);
    const option = m?.[1];
    if (option !== undefined && (err as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const guess = closest(option.replace(/^-+/, ''), Object.keys(OPTIONS));
      return usageError(`unknown option ${option}`, guess !== undefined ? `did you mean --${guess}?` : undefined);
    }
    return usageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  if (values.help === true) return { kind: 'help' };
  if (values.version === true) return { kind: 'version' };
  const [command, ...extra] = positionals;
  if (command === undefined) return usageError('no command given', 'run gwtopo generate, gwtopo check or gwtopo validate (gwtopo --help lists all)');
  if (!(COMMANDS as readonly string[]).includes(command)) {
    const guess = closest(command, COMMANDS);
    return usageError(`unknown command ${JSON.stringify(command)}`, guess !== undefined ? `did you mean "${guess}"?` : `commands: ${COMMANDS.join(', ')}`);
  }
  if (extra.length > 0) return usageError(`unexpected argument ${JSON.stringify(extra[0])}`, 'select clusters with --cluster NAME');
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) return usageError(`--format must be one of: ${FORMATS.join(', ')} (got ${JSON.stringify(format)})`);
  if (values.root === '') return usageError('--root needs a directory');
  for (const c of values.cluster ?? []) if (c === '' || c.includes('/') || c.includes('\\') || c === '.' || c === '..') return usageError(`--cluster ${JSON.stringify(c)} is not a cluster name`);
  return {
    kind: 'run',
    command: command as CommandName,
    root: values.root ?? '.',
    ...(values.cluster === undefined ? {} : { clusters: [...new Set(values.cluster)].sort() }),
    format: format as Format,
  };
}
