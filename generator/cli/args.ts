// Command-line parsing. Returns data or a usage error; never exits.
import { parseArgs } from 'node:util';
import { FIELD_VALIDATIONS, type FieldValidation } from '../conform/manifests.js';
import { RULE_IDS } from '../diagnostics/catalog.js';
import { closest } from '../diagnostics/suggest.js';
import { FAIL_ON, type FailOn, isAckPattern } from '../diff/gate.js';
import { parseDataPlaneRef } from '../import/import.js';
import { parseShard, type Selection } from '../pipeline/selection.js';
import { docUrl } from '../support/docs.js';
import { MODULE_IDS } from '../topology/modules/index.js';
import { PROVIDER_IDS } from '../topology/providers.js';
import { PLANES, type Plane } from '../topology/resource.js';

export const COMMANDS = ['generate', 'check', 'validate', 'diff', 'build', 'show', 'init', 'import', 'conform', 'explain', 'completion', 'help'] as const;
export type CommandName = (typeof COMMANDS)[number];
type Format = 'text' | 'json' | 'github' | 'gitlab' | 'sarif' | 'markdown' | 'html';
const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

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
  /** What shell completion offers for its value (besides `values`): cluster names, folders or files (default for arg FILE). */
  complete?: 'cluster' | 'folder' | 'file';
  /** What the option means for one command, where that differs (import's --cluster names, its --provider is inferred). */
  perCommand?: { readonly [command: string]: { readonly help?: string; readonly default?: string } };
}

/**
 * Every option. The table is the one source for parsing, for the commands that accept each option
 * (COMMAND_SPECS) and for help.
 */
/**
 * The smallest --max-chars: the markdown comment's marker and its one-line summary (report/markdown.ts
 * fallbackLine) fit in it whatever the counts (ten-digit counts make them about 220 characters).
 */
const MIN_MAX_CHARS = 250;

export const OPTIONS = {
  root: { type: 'string', arg: 'DIR', help: 'the GitOps repository (the folder holding topologies/)', default: 'the nearest folder upwards that holds topologies/ or gwtopo.yaml', complete: 'folder' },
  cluster: {
    type: 'string',
    multiple: true,
    arg: 'NAME',
    help: 'only this cluster; repeat for more',
    complete: 'cluster',
    perCommand: { import: { help: 'the cluster to write (once): topologies/NAME/topology.yaml; it also picks the data plane named NAME', default: "the data plane's name" } },
  },
  shard: { type: 'string', arg: 'I/N', help: 'only the I-th of N stable shards of the clusters (a CI matrix)' },
  format: { type: 'string', arg: 'FORMAT', help: 'output format', default: 'text' },
  base: { type: 'string', arg: 'REF', help: 'the git revision to compare against (required unless --live)' },
  head: { type: 'string', arg: 'REF', help: 'the git revision to compare', default: 'the working tree' },
  'exit-code': { type: 'boolean', help: 'exit 1 when anything changed' },
  'max-chars': { type: 'string', arg: 'N', help: 'markdown: cap the comment at N characters, at least 250 (resource diffs are cut, never notes or acknowledgement lines)', default: '65000' },
  'notes-only': { type: 'boolean', help: 'print the summary, the impact notes and the acknowledgement lines, not the resource diffs' },
  'fail-on': { type: 'string', arg: 'WHAT', help: 'exit 1 while a destructive impact note is not acknowledged', values: FAIL_ON, default: 'none' },
  ack: { type: 'string', multiple: true, arg: 'ID', help: 'acknowledge the destructive notes with this id or glob (* and ?); repeat for more' },
  'ack-file': { type: 'string', arg: 'FILE', help: 'acknowledge the ids of lines "gwtopo-ack: <id|glob>" in FILE (e.g. the pull-request description)' },
  live: {
    type: 'string',
    multiple: true,
    arg: 'FILE',
    help: 'instead of --base: preview the first sync against captured objects (kubectl get … --show-managed-fields -o yaml; - reads standard input); more files may follow, or repeat --live',
  },
  plane: { type: 'string', arg: 'PLANE', help: 'print only one plane', values: PLANES, default: 'both' },
  provider: {
    type: 'string',
    arg: 'P',
    help: `where the cluster runs (${docUrl('providers.md')})`,
    values: PROVIDER_IDS,
    default: 'generic',
    perCommand: { import: { default: "read from the load balancers' annotations (a cloud's preset), else k3d for hosts under localhost, else generic" } },
  },
  module: { type: 'string', arg: 'M', help: `the gateway implementation (${docUrl('modules.md')})`, values: MODULE_IDS, default: 'kgateway' },
  'data-plane-kind': { type: 'string', arg: 'KIND', help: 'what the cluster registers as on the control plane', values: ['DataPlane', 'ClusterDataPlane'], default: 'DataPlane' },
  'data-plane-name': { type: 'string', arg: 'NAME', help: "the data plane's name; it must not be another topology's", default: 'default while no topology is registered as it, else the cluster name' },
  crds: {
    type: 'string',
    arg: 'SET|PATH',
    help: 'the schema set: a builtin set (openchoreo-v1.2, openchoreo-v1.1), or a file or folder of CRDs (kubectl get crd -o yaml) and the ValidatingAdmissionPolicies, bindings and params the cluster runs',
    default: 'openchoreo-v1.2',
    complete: 'file',
  },
  strict: { type: 'boolean', help: 'kinds without a schema in the set are errors, not "not checked"' },
  'field-validation': {
    type: 'string',
    arg: 'MODE',
    help: "what an unknown field does, as the API server's fieldValidation: Strict refuses the object, Warn drops the field with a warning, Ignore drops it (true and false as kubectl --validate reads them: Strict, Ignore)",
    values: FIELD_VALIDATIONS,
    default: 'Strict',
  },
  'chart-values': {
    type: 'string',
    multiple: true,
    arg: 'FILE',
    help: "the data-plane chart's values file the cluster is installed with (repeat for more, merged in order like helm -f): register gateway-default with the listeners they open, and name them in spec.chart.values",
  },
  'data-plane': {
    type: 'string',
    arg: 'KIND/[NAMESPACE/]NAME',
    help: 'import: the captured DataPlane or ClusterDataPlane the cluster registers as (e.g. ClusterDataPlane/default, DataPlane/default/prod)',
    default: 'the one named like --cluster, else the one whose spec.gateway names the captured Gateways',
  },
  'with-ci': { type: 'boolean', help: 'also write .gitattributes and the GitHub workflow .github/workflows/gwtopo.yml (files that exist are left alone)' },
  quiet: { type: 'boolean', short: 'q', help: 'print errors only' },
  verbose: { type: 'boolean', help: 'also list every file written or removed, and every accepted warning' },
  help: { type: 'boolean', short: 'h', help: 'show help' },
  version: { type: 'boolean', help: 'print the version' },
} as const satisfies Record<string, OptionSpec>;

export type Option = keyof typeof OPTIONS;

/** Options every command accepts. */
const GLOBAL_OPTIONS: readonly Option[] = ['root', 'format', 'help', 'version'];

export type Positional = 'CLUSTER' | 'RULE' | 'SHELL' | 'COMMAND' | 'PATH|-...';

export interface PositionalSpec {
  /** How a usage error names it: "a cluster". */
  what: string;
  required: boolean;
  /** Any number of them (RunArgs.paths), rather than one. */
  variadic?: true;
  help: string;
  values?: readonly string[];
  complete?: 'cluster' | 'file';
}

/** The positional arguments commands take: whether they are required, what help says, the values they take. */
export const POSITIONALS: Record<Positional, PositionalSpec> = {
  CLUSTER: { what: 'a cluster', required: true, help: 'the cluster: its folder name under topologies/', complete: 'cluster' },
  RULE: { what: 'a rule', required: false, help: 'a rule id, as printed in brackets at the end of a problem (without it: every rule)', values: RULE_IDS },
  SHELL: { what: 'a shell', required: true, help: 'the shell', values: SHELLS },
  COMMAND: { what: 'a command', required: false, help: 'the command (without it: the overview)', values: COMMANDS },
  'PATH|-...': { what: 'a file, a folder or -', required: true, variadic: true, help: 'files or folders of Kubernetes YAML; - reads standard input', complete: 'file' },
};

/** One command: what it does, what it takes, and how help shows it. */
export interface CommandSpec {
  summary: string;
  /** The positional argument, when the command takes one. */
  positional?: Positional;
  /** Options besides GLOBAL_OPTIONS. */
  options: readonly Option[];
  /** Options the command cannot run without (help shows them in the usage line). */
  required?: readonly Option[];
  formats: readonly Format[];
  examples: readonly string[];
  /** What the exit codes mean for this command (help). */
  exit?: string;
  /** false: the command reads no repository (no --root, no root discovery). */
  repository?: false;
  /** The command creates the cluster it names (completion offers no existing cluster for it). */
  creates?: true;
  /** The command runs the pipeline over every topology (main.ts starts its worker threads early). */
  pipeline?: true;
}

export const COMMAND_SPECS: Record<CommandName, CommandSpec> = {
  generate: {
    summary: 'validate, render and write overlays/ (only what changed; prunes what is no longer rendered)',
    options: ['cluster', 'quiet', 'verbose'],
    formats: ['text', 'json'],
    examples: ['gwtopo generate', 'gwtopo generate --cluster prod-eu', 'gwtopo generate --verbose'],
    exit: '0 written, 2 invalid input (nothing written)',
    pipeline: true,
  },
  check: {
    summary: 'render in memory and compare with overlays/ (drift check for CI)',
    options: ['cluster', 'shard', 'quiet', 'verbose'],
    formats: ['text', 'json', 'github', 'gitlab', 'sarif'],
    examples: ['gwtopo check', 'gwtopo check --shard 2/4 --format github', 'gwtopo check --format gitlab > gl-code-quality-report.json'],
    exit: '0 in sync, 1 drift, 2 invalid input',
    pipeline: true,
  },
  validate: {
    summary: "validate the topologies, and what they render against each cluster's schema set",
    options: ['cluster', 'shard', 'quiet', 'verbose'],
    formats: ['text', 'json', 'github', 'gitlab', 'sarif'],
    examples: ['gwtopo validate', 'gwtopo validate --format sarif > gwtopo.sarif'],
    exit: '0 valid, 2 invalid',
    pipeline: true,
  },
  diff: {
    summary: 'resource diffs and impact notes between git REF and the working tree (or --head REF); with --live FILE, the first sync against captured objects',
    options: ['cluster', 'shard', 'base', 'head', 'live', 'exit-code', 'max-chars', 'notes-only', 'fail-on', 'ack', 'ack-file'],
    required: ['base'],
    formats: ['text', 'json', 'markdown', 'html'],
    examples: [
      'gwtopo diff --base origin/main',
      'gwtopo diff --base origin/main --format markdown',
      'gwtopo diff --base origin/main --fail-on destructive --ack-file pr-body.md',
      'gwtopo diff --base origin/main --format html > gwtopo-diff.html',
      'gwtopo diff --live capture.yaml --cluster prod-eu --fail-on destructive',
    ],
    exit: '0 (1 with --exit-code when anything changed, or with --fail-on destructive while a destructive change is not acknowledged), 2 invalid input or unknown revision',
  },
  build: {
    summary: "print a cluster's rendered resources as one YAML stream",
    positional: 'CLUSTER',
    options: ['plane'],
    formats: ['text'],
    examples: ['gwtopo build prod-eu', 'gwtopo build prod-eu --plane data-plane | kubectl apply -f -'],
    exit: '0 printed, 2 invalid input',
  },
  show: {
    summary: "print a cluster's effective topology (profiles merged), each value with where it was written",
    positional: 'CLUSTER',
    options: [],
    formats: ['text', 'json'],
    examples: ['gwtopo show prod-eu', 'gwtopo show prod-eu --format json'],
    exit: '0, 2 invalid (the topology is printed all the same when its profiles could be merged)',
  },
  init: {
    summary: 'scaffold topologies/CLUSTER/topology.yaml',
    positional: 'CLUSTER',
    options: ['provider', 'module', 'data-plane-kind', 'data-plane-name', 'chart-values', 'with-ci'],
    formats: ['text', 'json'],
    examples: [
      'gwtopo init prod-eu --provider aws',
      'gwtopo init prod-eu --provider aws-lbc --module envoy-gateway --with-ci',
      'gwtopo init prod-us --data-plane-kind ClusterDataPlane --data-plane-name prod-us',
      'gwtopo init k3d-local --provider k3d --chart-values install/k3d/values-dp.yaml',
    ],
    exit: "0 created, 2 the topology exists, the input is invalid, or --data-plane-name is another topology's",
    creates: true,
  },
  import: {
    summary: 'write topologies/CLUSTER/topology.yaml from captured cluster state (kubectl get … -o yaml; files, folders, - for stdin), never over an existing one, and check the round trip',
    positional: 'PATH|-...',
    options: ['cluster', 'provider', 'data-plane'],
    formats: ['text', 'json'],
    examples: [
      'kubectl get gateways,gatewayparameters,listenerpolicies,services -n openchoreo-data-plane -o yaml > dp.yaml',
      'kubectl get clusterdataplanes,dataplanes,environments -A -o yaml > cp.yaml',
      'gwtopo import dp.yaml cp.yaml --cluster k3d-local',
      'gwtopo import capture/ --data-plane DataPlane/default/prod --cluster prod',
    ],
    exit: '0 written (warnings name what does not round-trip), 2 the capture is unreadable or ambiguous, or the topology exists (nothing written)',
  },
  conform: {
    summary: 'validate any Kubernetes YAML (files, folders, - for stdin) against a schema set, as the API server would',
    positional: 'PATH|-...',
    options: ['crds', 'strict', 'field-validation'],
    formats: ['text', 'json', 'github', 'gitlab', 'sarif'],
    examples: ['gwtopo conform overlays/', 'kubectl kustomize overlays/prod-eu/data-plane | gwtopo conform - --crds crds/prod-eu.yaml'],
    exit: '0 valid, 2 invalid or unreadable',
    repository: false,
  },
  explain: {
    summary: 'what a rule checks, why, how to fix what it reports, and an example',
    positional: 'RULE',
    options: [],
    formats: ['text', 'json'],
    examples: ['gwtopo explain host-required', 'gwtopo explain'],
    exit: '0, 2 unknown rule',
    repository: false,
  },
  completion: {
    summary: 'print a shell completion script (commands, options, their values, cluster names)',
    positional: 'SHELL',
    options: [],
    formats: ['text'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh's ${fpath[1]}, printed for the shell to expand
    examples: ['source <(gwtopo completion bash)     # in ~/.bashrc', 'gwtopo completion zsh > "${fpath[1]}/_gwtopo"', 'gwtopo completion fish > ~/.config/fish/completions/gwtopo.fish'],
    repository: false,
  },
  help: {
    summary: "show the overview, or a command's options and examples",
    positional: 'COMMAND',
    options: [],
    formats: ['text'],
    examples: ['gwtopo help diff'],
    repository: false,
  },
};

export interface RunArgs {
  kind: 'run';
  command: CommandName;
  /** --root as given; undefined: the root is discovered (main.ts). */
  root?: string;
  format: Format;
  selection: Selection;
  /** build, init: the cluster named on the command line. */
  cluster?: string;
  /** build --plane. */
  plane?: Plane;
  /** init --provider / --module. */
  provider?: string;
  module?: string;
  /** init --with-ci. */
  withCi?: boolean;
  /** init --data-plane-kind / --data-plane-name. */
  dataPlaneKind?: string;
  dataPlaneName?: string;
  /** init --chart-values, in order (main.ts resolves them from the working folder). */
  chartValues?: string[];
  /** import --data-plane, as given (KIND/[NAMESPACE/]NAME). */
  dataPlane?: string;
  /** conform --crds and --strict. */
  crds?: string;
  strict?: boolean;
  /** conform --field-validation. */
  fieldValidation?: FieldValidation;
  /** diff. */
  base?: string;
  head?: string;
  exitCode?: boolean;
  maxChars?: number;
  /** diff --notes-only. */
  notesOnly?: boolean;
  /** diff --fail-on (default none). */
  failOn?: FailOn;
  /** diff --ack, in order given. */
  acks?: string[];
  /** diff --live: the capture's files as given (relative to the working directory; - is standard input). */
  live?: string[];
  /** diff --ack-file, as given (relative to the working directory). */
  ackFile?: string;
  /** --ack-file as the user wrote it (main.ts resolves ackFile): messages show this. */
  ackFileGiven?: string;
  /** explain: the rule (none: every rule). */
  rule?: string;
  /** The arguments of a command that takes any number of paths. */
  paths?: string[];
  /** completion: the shell. */
  shell?: Shell;
  /** Text output: errors only (--quiet), or every file and accepted warning (--verbose). */
  verbosity?: 'quiet' | 'verbose';
}

export type Parsed = { kind: 'help'; command?: CommandName } | { kind: 'version' } | RunArgs | { kind: 'usage-error'; message: string; hint?: string };

/** parseArgs's option table, derived from OPTIONS. */
const PARSE_OPTIONS = Object.fromEntries(
  Object.entries(OPTIONS).map(([name, o]) => [name, { type: o.type, ...('multiple' in o ? { multiple: o.multiple } : {}), ...('short' in o ? { short: o.short } : {}) }]),
) as { [K in Option]: { type: (typeof OPTIONS)[K]['type']; multiple?: boolean; short?: string } };

const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function usageError(message: string, hint = 'run gwtopo --help'): Parsed {
  return { kind: 'usage-error', message, hint };
}

/** The options a command accepts: its own, then the global ones (no --root for commands that read no repository). */
export function optionsOf(name: CommandName): Option[] {
  const spec = COMMAND_SPECS[name];
  return [...spec.options, ...GLOBAL_OPTIONS.filter((o) => !(o === 'root' && spec.repository === false))];
}

/** "one of: a, b, c (got "x")" with a did-you-mean hint for a value outside a fixed list. */
/** kubectl's --validate values as the API server's fieldValidation; anything else is returned as it is (and refused). */
function kubectlValidation(value: string): string {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return 'Strict';
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return 'Ignore';
  const lower = value.toLowerCase();
  return FIELD_VALIDATIONS.find((v) => v.toLowerCase() === lower) ?? value;
}

function notOneOf(what: string, value: string, values: readonly string[], hint?: string): Parsed {
  const guess = closest(value, values);
  return usageError(`${what} must be one of: ${values.join(', ')} (got ${JSON.stringify(value)})`, guess !== undefined ? `did you mean "${guess}"?` : hint);
}

type Values = { [K in Option]?: (typeof OPTIONS)[K] extends { multiple: true } ? string[] : (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

/** The command a mistyped or shortened one means: the closest by edit distance, or the only one it begins. */
function commandGuess(word: string): string | undefined {
  const prefixed = COMMANDS.filter((c) => word.length >= 2 && c.startsWith(word));
  return closest(word, COMMANDS) ?? (prefixed.length === 1 ? prefixed[0] : undefined);
}

export function parseCommandLine(argv: readonly string[]): Parsed {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: PARSE_OPTIONS, allowPositionals: true, strict: true }) as { values: Values; positionals: string[] });
  } catch (err) {
    const m = /'(-[^']*)'/.exec((err as Error).message);
    const option = m?.[1];
    if (option !== undefined && (err as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const guess = closest(option.replace(/^-+/, ''), Object.keys(OPTIONS));
      return usageError(`unknown option ${option}`, guess !== undefined ? `did you mean --${guess}?` : undefined);
    }
    if (option !== undefined && (err as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      // `--cluster` at the end, or followed by another option: parseArgs says "argument missing".
      const name = option.replace(/^-+/, '').replace(/ .*$/, '') as Option;
      const spec = OPTIONS[name] as OptionSpec | undefined;
      if (spec !== undefined) return usageError(`--${name} needs a value${spec.arg === undefined ? '' : ` (${spec.arg})`}: ${spec.help}`);
    }
    return usageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const [command, ...extra] = positionals;
  if (command === undefined) {
    if (values.help === true) return { kind: 'help' };
    if (values.version === true) return { kind: 'version' };
    return usageError('no command given', 'run gwtopo generate, gwtopo check or gwtopo validate (gwtopo --help lists all)');
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    const guess = commandGuess(command);
    return usageError(`unknown command ${JSON.stringify(command)}`, guess !== undefined ? `did you mean "${guess}"?` : `commands: ${COMMANDS.join(', ')}`);
  }
  const name = command as CommandName;
  // diff --live FILE|- … (contract §14): the files after the first --live are more of the capture.
  if (name === 'diff' && values.live !== undefined && extra.length > 0) values.live = [...values.live, ...extra.splice(0)];
  if (values.help === true) return { kind: 'help', command: name };
  if (values.version === true) return { kind: 'version' };
  const spec = COMMAND_SPECS[name];
  const accepted = optionsOf(name);
  for (const option of Object.keys(values) as Option[]) {
    if (accepted.includes(option)) continue;
    const users = COMMANDS.filter((c) => optionsOf(c).includes(option));
    return usageError(`--${option} does not apply to ${name}`, `--${option} is for ${users.join(', ')}`);
  }
  const positional = spec.positional === undefined ? undefined : POSITIONALS[spec.positional];
  if (positional?.required === true && extra.length === 0) {
    return usageError(`${name} needs ${positional.what}: gwtopo ${name} ${spec.positional}`, positional.values !== undefined ? `one of: ${positional.values.join(', ')}` : positional.help);
  }
  if (positional?.variadic !== true && extra.length > (positional === undefined ? 0 : 1)) {
    return usageError(
      `unexpected argument ${JSON.stringify(extra[positional === undefined ? 0 : 1])}`,
      spec.positional === 'CLUSTER'
        ? `gwtopo ${name} takes one cluster`
        : positional !== undefined
          ? `gwtopo ${name} takes one ${spec.positional!.toLowerCase()}`
          : 'select clusters with --cluster NAME',
    );
  }
  const argument = extra[0];
  if (name === 'help') {
    if (argument === undefined) return { kind: 'help' };
    if ((COMMANDS as readonly string[]).includes(argument)) return { kind: 'help', command: argument as CommandName };
    const guess = commandGuess(argument);
    return usageError(`unknown command ${JSON.stringify(argument)}`, guess !== undefined ? `did you mean "${guess}"?` : `commands: ${COMMANDS.join(', ')}`);
  }
  if (argument !== undefined && positional?.values !== undefined && !positional.values.includes(argument)) {
    return spec.positional === 'RULE'
      ? usageError(`unknown rule ${JSON.stringify(argument)}`, `${((g) => (g === undefined ? '' : `did you mean "${g}"? `))(closest(argument, positional.values))}gwtopo explain lists every rule`)
      : notOneOf(`the ${spec.positional!.toLowerCase()}`, argument, positional.values);
  }
  for (const option of spec.required ?? []) {
    // diff --live compares with captured objects: no revision is needed (and none is allowed, below).
    if (option === 'base' && values.live !== undefined) continue;
    if (values[option] === undefined || values[option] === '') return usageError(`${name} needs --${option} ${(OPTIONS[option] as OptionSpec).arg ?? ''}`.trimEnd(), `e.g. ${spec.examples[0]}`);
  }
  // --field-validation as kubectl reads --validate (cmdutil.GetValidationDirective): a boolean in strconv.ParseBool's
  // spellings (true → Strict, false → Ignore), or strict, warn, ignore.
  const fieldValidation = values['field-validation'];
  if (typeof fieldValidation === 'string') values['field-validation'] = kubectlValidation(fieldValidation);
  // Options with a fixed list of values (--plane, --provider, --module, …), checked alike.
  for (const option of Object.keys(values) as Option[]) {
    const allowed = (OPTIONS[option] as OptionSpec).values;
    const given = values[option];
    for (const value of typeof given === 'string' ? [given] : Array.isArray(given) ? given : []) {
      if (allowed !== undefined && !allowed.includes(value)) return notOneOf(`--${option}`, value, allowed, `gwtopo help ${name} lists its options`);
    }
  }
  const format = values.format ?? 'text';
  const formats = spec.formats;
  if (!(formats as readonly string[]).includes(format))
    return usageError(`--format for ${name} must be one of: ${formats.join(', ')} (got ${JSON.stringify(format)})`, `gwtopo help ${name} lists its options`);
  if (values.root === '') return usageError('--root needs a directory');
  if (values.quiet === true && values.verbose === true) return usageError('--quiet and --verbose contradict each other', 'give one of them');
  const args: RunArgs = { kind: 'run', command: name, format: format as Format, selection: {} };
  if (values.root !== undefined) args.root = values.root;
  for (const c of [...(values.cluster ?? []), ...(spec.positional === 'CLUSTER' ? extra : [])]) {
    if (!DNS_LABEL.test(c)) return usageError(`${JSON.stringify(c)} is not a cluster name`, 'cluster names are DNS-1123 labels: lower-case letters, digits and "-"');
  }
  if (values.cluster !== undefined) args.selection.clusters = [...new Set(values.cluster)].sort();
  if (values.shard !== undefined) {
    const shard = parseShard(values.shard);
    if (shard === undefined) return usageError(`--shard must be I/N with 1 ≤ I ≤ N (got ${JSON.stringify(values.shard)})`, 'e.g. --shard 2/4 for the second of four CI jobs');
    args.selection.shard = shard;
  }
  if (positional?.variadic === true) {
    if (extra.filter((p) => p === '-').length > 1) return usageError('- (standard input) is given more than once', 'standard input can be read once');
    if (extra.includes('')) return usageError('an empty path was given');
    args.paths = extra;
  }
  if (values.crds !== undefined) {
    if (values.crds === '') return usageError('--crds needs a schema set or a path');
    args.crds = values.crds;
  }
  if (values.strict === true) args.strict = true;
  if (values['field-validation'] !== undefined) args.fieldValidation = values['field-validation'] as FieldValidation;
  if (values['data-plane-kind'] !== undefined) args.dataPlaneKind = values['data-plane-kind'];
  if (values['data-plane-name'] !== undefined) {
    if (!DNS_SUBDOMAIN.test(values['data-plane-name']))
      return usageError(`--data-plane-name must be a DNS-1123 subdomain (got ${JSON.stringify(values['data-plane-name'])})`, "lower-case letters, digits, '-' and '.'");
    args.dataPlaneName = values['data-plane-name'];
  }
  if (values['data-plane'] !== undefined) {
    if (parseDataPlaneRef(values['data-plane']) === undefined)
      return usageError(
        `--data-plane must be KIND/[NAMESPACE/]NAME with KIND DataPlane or ClusterDataPlane (got ${JSON.stringify(values['data-plane'])})`,
        'e.g. --data-plane ClusterDataPlane/default or --data-plane DataPlane/default/prod',
      );
    args.dataPlane = values['data-plane'];
  }
  if (name === 'import' && (values.cluster?.length ?? 0) > 1) return usageError('import writes one cluster: give --cluster once');
  if (values['chart-values'] !== undefined) {
    if (values['chart-values'].includes('')) return usageError('--chart-values needs a file');
    args.chartValues = values['chart-values'];
  }
  if (spec.positional === 'CLUSTER') args.cluster = argument!;
  if (spec.positional === 'RULE' && argument !== undefined) args.rule = argument;
  if (spec.positional === 'SHELL') args.shell = argument as Shell;
  if (values.plane !== undefined) args.plane = values.plane as Plane;
  if (values.provider !== undefined) args.provider = values.provider;
  if (values.module !== undefined) args.module = values.module;
  if (values['with-ci'] === true) args.withCi = true;
  if (values.quiet === true) args.verbosity = 'quiet';
  if (values.verbose === true) args.verbosity = 'verbose';
  if (name === 'diff') {
    if (values.live !== undefined) {
      const revision = values.base !== undefined ? '--base' : values.head !== undefined ? '--head' : undefined;
      if (revision !== undefined)
        return usageError(
          `--live and ${revision} exclude each other: --live compares the working tree's topologies with captured objects, ${revision} with a git revision`,
          'give --live FILE (first-sync preview) or --base REF (review of a change), not both',
        );
      if (values.live.includes('')) return usageError('--live needs a file (or - for standard input)');
      if (values.live.filter((f) => f === '-').length > 1) return usageError('--live - (standard input) is given more than once', 'standard input can be read once');
      args.live = values.live;
    } else args.base = values.base!;
    if (values.head !== undefined) args.head = values.head;
    args.exitCode = values['exit-code'] === true;
    if (values['notes-only'] === true) args.notesOnly = true;
    if (values['max-chars'] !== undefined) {
      if (!/^[1-9][0-9]*$/.test(values['max-chars'])) return usageError(`--max-chars must be a positive whole number (got ${JSON.stringify(values['max-chars'])})`);
      // Below it, even the marker and the one-line summary may not fit (report/markdown.ts).
      if (Number(values['max-chars']) < MIN_MAX_CHARS)
        return usageError(`--max-chars must be at least ${MIN_MAX_CHARS} (got ${values['max-chars']})`, `the comment's marker and its one-line summary need ${MIN_MAX_CHARS} characters`);
      args.maxChars = Number(values['max-chars']);
    }
    // --fail-on's value is checked with the other options' values above.
    if (values['fail-on'] !== undefined) args.failOn = values['fail-on'] as FailOn;
    for (const ack of values.ack ?? []) {
      if (!isAckPattern(ack))
        return usageError(
          `--ack ${JSON.stringify(ack)} is not an impact note id or glob`,
          'ids look like <note>:<cluster>/<gateway>, e.g. gateway-deleted:prod-eu/gateway-internal; * and ? are wildcards',
        );
    }
    if (values.ack !== undefined) args.acks = values.ack;
    if (values['ack-file'] !== undefined) {
      if (values['ack-file'] === '') return usageError('--ack-file needs a file');
      args.ackFile = values['ack-file'];
    }
  }
  return args;
}
