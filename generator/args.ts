// Command-line parsing. Returns data or a usage error; never exits.
import { parseArgs } from 'node:util';
import { PLANES, type Plane } from './render/resource.js';
import { parseShard, type Selection } from './selection.js';
import { closest } from './validate/suggest.js';

export const COMMANDS = ['generate', 'check', 'validate', 'diff', 'build', 'init'] as const;
export type CommandName = (typeof COMMANDS)[number];
export type Format = 'text' | 'json' | 'github' | 'markdown';

/** Output formats per command. */
const FORMATS: Record<CommandName, readonly Format[]> = {
  generate: ['text', 'json'],
  check: ['text', 'json', 'github'],
  validate: ['text', 'json', 'github'],
  diff: ['text', 'json', 'markdown'],
  build: ['text'],
  init: ['text', 'json'],
};

export interface RunArgs {
  kind: 'run';
  command: CommandName;
  root: string;
  format: Format;
  selection: Selection;
  /** build, init: the cluster named on the command line. */
  cluster?: string;
  /** build --plane. */
  plane?: Plane;
  /** init --provider / --module (validated by the command). */
  provider?: string;
  module?: string;
  /** diff. */
  base?: string;
  head?: string;
  exitCode?: boolean;
  maxChars?: number;
}

export type Parsed = { kind: 'help' } | { kind: 'version' } | RunArgs | { kind: 'usage-error'; message: string; hint?: string };

export const USAGE = `gwtopo — render OpenChoreo API-gateway topologies into GitOps overlays

Usage: gwtopo <command> [options]

Commands:
  generate              validate every topology, render, write overlays/ (only files that
                        changed) and remove generated files that are no longer rendered
  check                 render in memory and compare with overlays/ (drift check for CI)
  validate              validate the topologies only
  diff --base REF       what a change does: resource diffs and impact notes between the
                        topologies at git REF and the working tree (or --head REF)
  build CLUSTER         print a cluster's rendered resources as one YAML stream
  init CLUSTER          scaffold topologies/CLUSTER/topology.yaml

Options:
  --root DIR            the GitOps repository (default: the current directory)
  --cluster NAME        only this cluster; repeat for more (generate, check, validate, diff)
  --shard I/N           only the I-th of N stable shards of the clusters (check, validate, diff)
  --format FORMAT       text (default), json; github for check and validate; markdown for diff
  --base REF, --head REF, --exit-code, --max-chars N      diff (see README)
  --plane PLANE         build: data-plane or control-plane (default: both)
  --provider P, --module M                                init
  -h, --help            show this help
  --version             print the version

Exit codes: 0 success, 1 drift (check) or changes (diff --exit-code), 2 invalid input or usage error.
Docs: README.md and docs/; topology format: schemas/topology.schema.json
`;

const OPTIONS = {
  root: { type: 'string' },
  cluster: { type: 'string', multiple: true },
  shard: { type: 'string' },
  format: { type: 'string' },
  base: { type: 'string' },
  head: { type: 'string' },
  'exit-code': { type: 'boolean' },
  'max-chars': { type: 'string' },
  plane: { type: 'string' },
  provider: { type: 'string' },
  module: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

type Option = keyof typeof OPTIONS;

/** Options each command accepts besides --root, --format, --help and --version. */
const ACCEPTS: Record<CommandName, readonly Option[]> = {
  generate: ['cluster'],
  check: ['cluster', 'shard'],
  validate: ['cluster', 'shard'],
  diff: ['cluster', 'shard', 'base', 'head', 'exit-code', 'max-chars'],
  build: ['plane'],
  init: ['provider', 'module'],
};

const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function usageError(message: string, hint = 'run gwtopo --help'): Parsed {
  return { kind: 'usage-error', message, hint };
}

export function parseCommandLine(argv: readonly string[]): Parsed {
  let values: { [K in Option]?: K extends 'cluster' ? string[] : K extends 'help' | 'version' | 'exit-code' ? boolean : string };
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
  const name = command as CommandName;
  for (const option of Object.keys(values) as Option[]) {
    if (['root', 'format', 'help', 'version'].includes(option) || ACCEPTS[name].includes(option)) continue;
    const users = COMMANDS.filter((c) => ACCEPTS[c].includes(option));
    return usageError(`--${option} does not apply to ${name}`, `--${option} is for ${users.join(', ')}`);
  }
  const takesCluster = name === 'build' || name === 'init';
  if (takesCluster && extra.length === 0) return usageError(`${name} needs a cluster: gwtopo ${name} CLUSTER`, 'the cluster is the folder name under topologies/');
  if (extra.length > (takesCluster ? 1 : 0)) {
    return usageError(`unexpected argument ${JSON.stringify(extra[takesCluster ? 1 : 0])}`, takesCluster ? `gwtopo ${name} takes one cluster` : 'select clusters with --cluster NAME');
  }
  const format = values.format ?? 'text';
  if (!(FORMATS[name] as readonly string[]).includes(format)) return usageError(`--format for ${name} must be one of: ${FORMATS[name].join(', ')} (got ${JSON.stringify(format)})`);
  if (values.root === '') return usageError('--root needs a directory');
  const args: RunArgs = { kind: 'run', command: name, root: values.root ?? '.', format: format as Format, selection: {} };
  for (const c of [...(values.cluster ?? []), ...(takesCluster ? extra : [])]) {
    if (!DNS_LABEL.test(c)) return usageError(`${JSON.stringify(c)} is not a cluster name`, 'cluster names are DNS-1123 labels: lower-case letters, digits and "-"');
  }
  if (values.cluster !== undefined) args.selection.clusters = [...new Set(values.cluster)].sort();
  if (values.shard !== undefined) {
    const shard = parseShard(values.shard);
    if (shard === undefined) return usageError(`--shard must be I/N with 1 ≤ I ≤ N (got ${JSON.stringify(values.shard)})`, 'e.g. --shard 2/4 for the second of four CI jobs');
    args.selection.shard = shard;
  }
  if (takesCluster) args.cluster = extra[0]!;
  if (values.plane !== undefined) {
    if (!(PLANES as readonly string[]).includes(values.plane)) return usageError(`--plane must be one of: ${PLANES.join(', ')} (got ${JSON.stringify(values.plane)})`);
    args.plane = values.plane as Plane;
  }
  if (values.provider !== undefined) args.provider = values.provider;
  if (values.module !== undefined) args.module = values.module;
  if (name === 'diff') {
    if (values.base === undefined || values.base === '') return usageError('diff needs --base REF', 'e.g. gwtopo diff --base origin/main');
    args.base = values.base;
    if (values.head !== undefined) args.head = values.head;
    args.exitCode = values['exit-code'] === true;
    if (values['max-chars'] !== undefined) {
      if (!/^[1-9][0-9]*$/.test(values['max-chars'])) return usageError(`--max-chars must be a positive whole number (got ${JSON.stringify(values['max-chars'])})`);
      args.maxChars = Number(values['max-chars']);
    }
  }
  return args;
}
