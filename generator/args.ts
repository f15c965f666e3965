// Command-line parsing. Returns data or a usage error; never exits.
import { parseArgs } from 'node:util';
import { FAIL_ON, isAckPattern, type FailOn } from './diff/gate.js';
import { PLANES, type Plane } from './render/resource.js';
import { parseShard, type Selection } from './selection.js';
import { closest } from './validate/suggest.js';

export const COMMANDS = ['generate', 'check', 'validate', 'diff', 'build', 'show', 'init', 'conform'] as const;
export type CommandName = (typeof COMMANDS)[number];
export type Format = 'text' | 'json' | 'github' | 'gitlab' | 'sarif' | 'markdown' | 'html';

/** One command-line option: how node:util parseArgs reads it, and what help says about it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** The value's placeholder in help (string options). */
  arg?: string;
  help: string;
  /** The values it takes, when they are a fixed list. */
  values?: readonly string[];
  /** Its default, as help shows it. */
  default?: string;
}

/**
 * Every option. The table is the one source for parsing, for the commands that accept each option
 * (COMMAND_SPECS) and for help.
 */
export const OPTIONS = {
  root: { type: 'string', arg: 'DIR', help: 'the GitOps repository (the folder holding topologies/)', default: 'the current directory' },
  cluster: { type: 'string', multiple: true, arg: 'NAME', help: 'only this cluster; repeat for more' },
  shard: { type: 'string', arg: 'I/N', help: 'only the I-th of N stable shards of the clusters (a CI matrix)' },
  format: { type: 'string', arg: 'FORMAT', help: 'output format', default: 'text' },
  base: { type: 'string', arg: 'REF', help: 'the git revision to compare against (required)' },
  head: { type: 'string', arg: 'REF', help: 'the git revision to compare', default: 'the working tree' },
  'exit-code': { type: 'boolean', help: 'exit 1 when anything changed' },
  'max-chars': { type: 'string', arg: 'N', help: 'markdown: cap the comment at N characters', default: '65000' },
  'fail-on': { type: 'string', arg: 'WHAT', help: 'exit 1 while a destructive impact note is not acknowledged', values: FAIL_ON, default: 'none' },
  ack: { type: 'string', multiple: true, arg: 'ID', help: 'acknowledge the destructive notes with this id or glob (* and ?); repeat for more' },
  'ack-file': { type: 'string', arg: 'FILE', help: 'acknowledge the ids of lines "gwtopo-ack: <id|glob>" in FILE (e.g. the pull-request description)' },
  plane: { type: 'string', arg: 'PLANE', help: 'print only one plane', values: PLANES, default: 'both' },
  provider: { type: 'string', arg: 'P', help: 'the cluster\'s provider (section "Providers" of docs/providers.md)', default: 'generic' },
  module: { type: 'string', arg: 'M', help: 'the cluster\'s gateway module (docs/modules.md)', default: 'kgateway' },
  crds: { type: 'string', arg: 'SET|PATH', help: 'the schema set: a builtin set, or a file or folder of CRDs (kubectl get crd -o yaml)', default: 'openchoreo-v1.2' },
  strict: { type: 'boolean', help: 'kinds without a schema in the set are errors, not "not checked"' },
  'data-plane-kind': { type: 'string', arg: 'KIND', help: 'what the cluster registers as on the control plane', values: ['DataPlane', 'ClusterDataPlane'], default: 'DataPlane' },
  'data-plane-name': { type: 'string', arg: 'NAME', help: 'the data plane\'s name; it must not be another topology\'s', default: 'default while no topology is registered as it, else the cluster name' },
  help: { type: 'boolean', short: 'h', help: 'show help' },
  version: { type: 'boolean', help: 'print the version' },
} as const satisfies Record<string, OptionSpec>;

export type Option = keyof typeof OPTIONS;

/** Options every command accepts. */
export const GLOBAL_OPTIONS: readonly Option[] = ['root', 'format', 'help', 'version'];

/** One command: what it does, what it takes, and how help shows it. */
export interface CommandSpec {
  summary: string;
  /** The positional argument, when the command takes one: one cluster, or any number of paths. */
  positional?: 'CLUSTER' | 'PATH|-...';
  /** Options besides GLOBAL_OPTIONS. */
  options: readonly Option[];
  formats: readonly Format[];
  examples: readonly string[];
}

export const COMMAND_SPECS: Record<CommandName, CommandSpec> = {
  generate: {
    summary: 'validate, render and write overlays/ (only what changed; prunes what is no longer rendered)',
    options: ['cluster'],
    formats: ['text', 'json'],
    examples: ['gwtopo generate', 'gwtopo generate --cluster prod-eu'],
  },
  check: {
    summary: 'render in memory and compare with overlays/ (drift check for CI)',
    options: ['cluster', 'shard'],
    formats: ['text', 'json', 'github', 'gitlab', 'sarif'],
    examples: ['gwtopo check', 'gwtopo check --shard 2/4 --format github', 'gwtopo check --format gitlab > gl-code-quality-report.json'],
  },
  validate: {
    summary: "validate the topologies, and what they render against each cluster's schema set",
    options: ['cluster', 'shard'],
    formats: ['text', 'json', 'github', 'gitlab', 'sarif'],
    examples: ['gwtopo validate', 'gwtopo validate --format sarif > gwtopo.sarif'],
  },
  diff: {
    summary: 'resource diffs and impact notes between git REF and the working tree (or --head REF)',
    options: ['cluster', 'shard', 'base', 'head', 'exit-code', 'max-chars', 'fail-on', 'ack', 'ack-file'],
    formats: ['text', 'json', 'markdown', 'html'],
    examples: [
      'gwtopo diff --base origin/main',
      'gwtopo diff --base origin/main --format markdown',
      'gwtopo diff --base origin/main --fail-on destructive --ack-file pr-body.md',
      'gwtopo diff --base origin/main --format html > gwtopo-diff.html',
    ],
  },
  build: {
    summary: "print a cluster's rendered resources as one YAML stream",
    positional: 'CLUSTER',
    options: ['plane'],
    formats: ['text'],
    examples: ['gwtopo build prod-eu', 'gwtopo build prod-eu --plane data-plane | kubectl apply -f -'],
  },
  show: {
    summary: "print a cluster's effective topology (profiles merged), each value with where it was written",
    positional: 'CLUSTER',
    options: [],
    formats: ['text', 'json'],
    examples: ['gwtopo show prod-eu', 'gwtopo show prod-eu --format json'],
  },
  init: {
    summary: 'scaffold topologies/CLUSTER/topology.yaml',
    positional: 'CLUSTER',
    options: ['provider', 'module', 'data-plane-kind', 'data-plane-name'],
    formats: ['text', 'json'],
    examples: ['gwtopo init prod-eu --provider aws', 'gwtopo init prod-us --data-plane-kind ClusterDataPlane --data-plane-name prod-us'],
  },
  conform: {
    summary: 'validate any Kubernetes YAML (files, folders, - for stdin) against a schema set, as the API server would',
    positional: 'PATH|-...',
    options: ['crds', 'strict'],
    formats: ['text', 'json', 'github', 'gitlab', 'sarif'],
    examples: ['gwtopo conform overlays/', 'kubectl kustomize overlays/prod-eu/data-plane | gwtopo conform - --crds crds/prod-eu.yaml'],
  },
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
  /** init --provider / --module / --data-plane-kind / --data-plane-name (validated by the command). */
  provider?: string;
  module?: string;
  dataPlaneKind?: string;
  dataPlaneName?: string;
  /** diff. */
  base?: string;
  head?: string;
  exitCode?: boolean;
  maxChars?: number;
  /** diff --fail-on (default none). */
  failOn?: FailOn;
  /** diff --ack, in order given. */
  acks?: string[];
  /** diff --ack-file, as given (relative to the working directory). */
  ackFile?: string;
  /** conform: the files and folders to read ('-': stdin), --crds and --strict. */
  paths?: string[];
  crds?: string;
  strict?: boolean;
}

export type Parsed = { kind: 'help' } | { kind: 'version' } | RunArgs | { kind: 'usage-error'; message: string; hint?: string };

function commandLines(): string {
  return COMMANDS.map((c) => {
    const spec = COMMAND_SPECS[c];
    const left = `${c}${spec.positional === undefined ? '' : ` ${spec.positional}`}${c === 'diff' ? ' --base REF' : ''}`;
    return `  ${left.padEnd(20)}  ${spec.summary}`;
  }).join('\n');
}

export const USAGE = `gwtopo — render OpenChoreo API-gateway topologies into GitOps overlays

Usage: gwtopo <command> [options]

Commands:
${commandLines()}

Options:
  --root DIR            the GitOps repository (default: the current directory)
  --cluster NAME        only this cluster; repeat for more (generate, check, validate, diff)
  --shard I/N           only the I-th of N stable shards of the clusters (check, validate, diff)
  --format FORMAT       text (default), json; github, gitlab, sarif for check, validate and conform; markdown, html for diff
  --base REF, --head REF, --exit-code, --max-chars N      diff (see docs/review.md)
  --fail-on destructive, --ack ID, --ack-file FILE        diff: the review gate (see docs/review.md)
  --plane PLANE         build: data-plane or control-plane (default: both)
  --provider P, --module M, --data-plane-kind KIND, --data-plane-name NAME     init
  --crds SET|PATH, --strict                                                    conform (see docs/schema-sets.md)
  -h, --help            show this help
  --version             print the version

Exit codes: 0 success, 1 drift (check), changes (diff --exit-code) or unacknowledged destructive changes (diff --fail-on destructive), 2 invalid input or usage error.
Docs: README.md and docs/; topology format: schemas/topology.schema.json
`;

/** parseArgs's option table, derived from OPTIONS. */
const PARSE_OPTIONS = Object.fromEntries(
  Object.entries(OPTIONS).map(([name, o]) => [name, { type: o.type, ...('multiple' in o ? { multiple: o.multiple } : {}), ...('short' in o ? { short: o.short } : {}) }]),
) as { [K in Option]: { type: (typeof OPTIONS)[K]['type']; multiple?: boolean; short?: string } };

const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function usageError(message: string, hint = 'run gwtopo --help'): Parsed {
  return { kind: 'usage-error', message, hint };
}

/** The format, checked against what a command accepts. */
function formatOf(name: CommandName, format = 'text'): Format | Parsed {
  const formats = COMMAND_SPECS[name].formats;
  if (!(formats as readonly string[]).includes(format)) return usageError(`--format for ${name} must be one of: ${formats.join(', ')} (got ${JSON.stringify(format)})`);
  return format as Format;
}

/** `conform PATH|-... [--crds SET|PATH] [--strict]`. */
function conformArgs(values: { root?: string; format?: string; crds?: string; strict?: boolean }, paths: string[]): Parsed {
  if (paths.length === 0) return usageError('conform needs a file, a folder or - (standard input)', 'e.g. gwtopo conform overlays/, or kubectl kustomize DIR | gwtopo conform -');
  if (paths.filter((p) => p === '-').length > 1) return usageError('- (standard input) is given more than once', 'standard input can be read once');
  if (paths.includes('')) return usageError('an empty path was given');
  if (values.crds === '') return usageError('--crds needs a schema set or a path');
  const format = formatOf('conform', values.format);
  if (typeof format !== 'string') return format;
  if (values.root === '') return usageError('--root needs a directory');
  return { kind: 'run', command: 'conform', root: values.root ?? '.', format, selection: {}, paths, ...(values.crds === undefined ? {} : { crds: values.crds }), strict: values.strict === true };
}

export function parseCommandLine(argv: readonly string[]): Parsed {
  let values: { [K in Option]?: K extends 'cluster' | 'ack' ? string[] : K extends 'help' | 'version' | 'exit-code' | 'strict' ? boolean : string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: PARSE_OPTIONS, allowPositionals: true, strict: true }) as { values: typeof values; positionals: string[] });
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
    if (GLOBAL_OPTIONS.includes(option) || COMMAND_SPECS[name].options.includes(option)) continue;
    const users = COMMANDS.filter((c) => COMMAND_SPECS[c].options.includes(option));
    return usageError(`--${option} does not apply to ${name}`, `--${option} is for ${users.join(', ')}`);
  }
  if (name === 'conform') return conformArgs(values, extra);
  const takesCluster = COMMAND_SPECS[name].positional === 'CLUSTER';
  if (takesCluster && extra.length === 0) return usageError(`${name} needs a cluster: gwtopo ${name} CLUSTER`, 'the cluster is the folder name under topologies/');
  if (extra.length > (takesCluster ? 1 : 0)) {
    return usageError(`unexpected argument ${JSON.stringify(extra[takesCluster ? 1 : 0])}`, takesCluster ? `gwtopo ${name} takes one cluster` : 'select clusters with --cluster NAME');
  }
  const format = formatOf(name, values.format);
  if (typeof format !== 'string') return format;
  if (values.root === '') return usageError('--root needs a directory');
  const args: RunArgs = { kind: 'run', command: name, root: values.root ?? '.', format, selection: {} };
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
  if (values['data-plane-kind'] !== undefined) args.dataPlaneKind = values['data-plane-kind'];
  if (values['data-plane-name'] !== undefined) args.dataPlaneName = values['data-plane-name'];
  if (name === 'diff') {
    if (values.base === undefined || values.base === '') return usageError('diff needs --base REF', 'e.g. gwtopo diff --base origin/main');
    args.base = values.base;
    if (values.head !== undefined) args.head = values.head;
    args.exitCode = values['exit-code'] === true;
    if (values['max-chars'] !== undefined) {
      if (!/^[1-9][0-9]*$/.test(values['max-chars'])) return usageError(`--max-chars must be a positive whole number (got ${JSON.stringify(values['max-chars'])})`);
      args.maxChars = Number(values['max-chars']);
    }
    if (values['fail-on'] !== undefined) {
      if (!(FAIL_ON as readonly string[]).includes(values['fail-on'])) return usageError(`--fail-on must be one of: ${FAIL_ON.join(', ')} (got ${JSON.stringify(values['fail-on'])})`);
      args.failOn = values['fail-on'] as FailOn;
    }
    for (const ack of values.ack ?? []) {
      if (!isAckPattern(ack)) return usageError(`--ack ${JSON.stringify(ack)} is not an impact note id or glob`, 'ids look like <note>:<cluster>/<gateway>, e.g. gateway-deleted:prod-eu/gateway-internal; * and ? are wildcards');
    }
    if (values.ack !== undefined) args.acks = values.ack;
    if (values['ack-file'] !== undefined) {
      if (values['ack-file'] === '') return usageError('--ack-file needs a file');
      args.ackFile = values['ack-file'];
    }
  }
  return args;
}
