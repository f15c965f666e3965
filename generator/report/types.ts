// What commands return: plain data. Formatting (report/) and exit codes (report/exit.ts) are decided elsewhere.
import type { RunArgs } from '../cli/args.js';
import type { NotChecked } from '../conform/manifests.js';
import type { RuleEntry } from '../diagnostics/catalog.js';
import type { Problem } from '../diagnostics/problem.js';
import type { NoteGroup, ProfileChange } from '../diff/fleet.js';
import type { Gate } from '../diff/gate.js';
import type { DiffSide, ImpactNote, PlaneSummary, ResourceChange, Totals } from '../diff/types.js';
import type { DataPlaneRef } from '../topology/types.js';

/** ok → 0, drift → 1, blocked → 1, invalid → 2 (see report/exit.ts). */
export type Outcome = 'ok' | 'drift' | 'blocked' | 'invalid';

/** What a command gets: the parsed command line (cli/args.ts), with the root resolved to an absolute path. */
export type CommandOptions = Omit<RunArgs, 'kind' | 'command' | 'root'> & {
  /** The repository's root folder (absolute): --root, or the one found upwards from the working directory. */
  root: string;
  /** Progress messages for the spinner on interactive terminals. */
  progress?: (text: string) => void;
  /** Reads standard input (conform -, import -). */
  stdin?: () => Promise<Uint8Array>;
  /** The working folder, against which diff --live reads its files and import resolves its paths (the root when not given). */
  cwd?: string;
};

interface Base {
  outcome: Outcome;
  clusters: string[];
  problems: Problem[];
  /** Warnings accepted by spec.acceptWarnings: counted in text output, listed with --verbose. */
  accepted: Problem[];
}

export interface ValidateReport extends Base {
  command: 'validate';
  /** The schema set each valid topology's resources were validated against, by cluster. */
  schemaSets: Record<string, string>;
}

export interface GenerateReport extends Base {
  command: 'generate';
  written: string[];
  removed: string[];
  unchanged: number;
  foreign: string[];
  lineEndings: string[];
  k3d: Record<string, string[]>;
}

export interface CheckReport extends Base {
  command: 'check';
  files: number;
  changed: { path: string; diff: string }[];
  missing: string[];
  stale: string[];
  lineEndings: string[];
  foreign: string[];
  /** Rendered files whose file on disk is not gwtopo's (no generated header): generate refuses to overwrite them. */
  notGenerated: string[];
}

export interface BuildReport extends Base {
  command: 'build';
  /** The multi-document YAML stream. */
  stream: string;
}

export interface InitReport extends Base {
  command: 'init';
  /** The scaffolded topology, relative to the root. */
  file: string;
  /** The data plane the cluster registers as. */
  dataPlane: DataPlaneRef;
  /** Why the data plane is not the default one, when it is not. */
  note?: string;
  /** Every file written (the topology, and with --with-ci the CI files), relative to the root. */
  written: string[];
  /** --with-ci files that existed and were left alone, with what to check in them. */
  leftAlone: { file: string; note: string }[];
}

export interface ImportReport extends Base {
  command: 'import';
  /** The topology written (or that exists already), relative to the root. */
  file?: string;
  /** The data plane the topology registers as. */
  dataPlane?: DataPlaneRef;
  /** Every file written (the topology, or nothing). */
  written: string[];
  /** The imported gateways: managed by gwtopo or not, registered (or written commented out). */
  /** registeredOn: a gateway registered only on another data plane or its Environment (registered: false). */
  gateways: { name: string; managed: boolean; registered: boolean; registeredOn?: string }[];
  /** generate's render of the written topology against the capture (absent: not checked, the topology does not validate). */
  roundTrip?: { compared: number; equal: number; created: string[] };
  /** The capture as given on the command line (for the next step, diff --live). */
  inputs?: string[];
}

export interface DiffReport extends Base {
  command: 'diff';
  base: DiffSide;
  head: DiffSide;
  /** Any resource added, removed or changed, or a cluster added or removed. */
  changed: boolean;
  totals: Totals;
  summary: PlaneSummary[];
  /** Profiles whose file differs between base and head, with the clusters in scope that use them. */
  profiles: ProfileChange[];
  /** Every impact note, one per cluster (the gate acknowledges each id). */
  notes: ImpactNote[];
  /** The notes as reviewers read them: identical notes of several clusters once, with their clusters and ids. */
  groups: NoteGroup[];
  /** The review gate: destructive notes and their acknowledgements (--fail-on, --ack, --ack-file). */
  gate: Gate;
  resources: ResourceChange[];
  /** Errors of topologies that are invalid at base (reported, not fatal); warnings for entries not read there. */
  baseProblems: Problem[];
  /** The local command that prints the whole diff (named where output is cut). */
  rerun: string;
  /** diff --live: the first-sync preview's counts; resources[] then holds every compared object. */
  live?: LiveSummary;
}

/** diff --live (contract §14): what was compared, and whether registration ownership could be checked. */
export interface LiveSummary {
  /** The capture's inputs as given (`<stdin>` for -). */
  inputs: string[];
  /** Objects the capture holds. */
  captured: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Control-plane partials whose registration object the capture does not hold (change `not-captured`). */
  notCaptured: number;
  /**
   * The registration objects (`Kind namespace/name`): captured with managedFields read (checked), captured without
   * any (notChecked), and rendered but not in the capture (notCaptured: neither compared nor checked for orphans).
   */
  ownership: { checked: string[]; notChecked: string[]; notCaptured: string[] };
}

export interface ConformReport extends Base {
  command: 'conform';
  /** The schema set: a builtin set's name or the --crds path. */
  set: string;
  /** Inputs read (files, and standard input). */
  files: number;
  /** Objects read (List items one by one). */
  resources: number;
  /** Objects with an error. */
  invalid: number;
  /** Kinds without a schema in the set (not checked), with their counts. */
  notChecked: NotChecked[];
}

export interface ShowReport extends Base {
  command: 'show';
  /** The cluster's topology file, relative to the root. */
  file: string;
  /** The profiles merged in, in order. */
  profiles: string[];
  /** The effective topology: its profiles and its own spec merged (what --format json prints). */
  topology?: Record<string, unknown>;
  /** Text output: the effective topology with its defaults as YAML, each value with where it comes from. */
  yaml?: string;
}

/** A rule of the catalog, with what gwtopo reports for its example. */
export interface ExplainedRule extends RuleEntry {
  id: string;
  reported: Problem[];
}

export interface ExplainReport extends Base {
  command: 'explain';
  /** The rule asked for, or every rule (then without reported problems). */
  rules: ExplainedRule[];
}

export interface CompletionReport extends Base {
  command: 'completion';
  script: string;
}

export type Report = ValidateReport | GenerateReport | CheckReport | BuildReport | InitReport | ImportReport | DiffReport | ShowReport | ConformReport | ExplainReport | CompletionReport;
