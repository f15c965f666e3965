// Problems are data: every diagnostic gwtopo reports about input carries the file, the 1-based
// line and column, the field path inside the document and a message (plus a hint when the fix is known).

export type Severity = 'error' | 'warning';

/** A path inside a YAML document: map keys and sequence indexes, root first. */
export type FieldPath = ReadonlyArray<string | number>;

export interface Problem {
  severity: Severity;
  /** Path relative to the root, with forward slashes. */
  file: string;
  line: number;
  col: number;
  /** Dotted field path, e.g. `spec.gateways[1].listeners[0].port`; empty for whole-file problems. */
  path: string;
  /** The object of a multi-object file the path is in (`gwtopo conform`): `<kind>/<name>`. */
  resource?: string;
  message: string;
  hint?: string;
  /** Stable identifier of the rule that found the problem (see docs/topology.md, "Validation rules"). */
  rule: string;
  /**
   * A problem in a file several clusters share (a profile, topologies/_profiles/): the clusters it
   * concerns, sorted. It is reported once for all of them.
   */
  clusters?: string[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `['spec','gateways',0,'name']` → `spec.gateways[0].name`; odd keys are bracket-quoted. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Code-point order (Go's, and the order gwtopo reads a folder in): UTF-16 units compare the same way except where
 * a surrogate (U+D800–U+DFFF, half of a character above U+FFFF) meets a unit of U+E000–U+FFFF, which it must follow.
 */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

const codePointRank = (unit: number): number => (unit < 0xd800 ? unit : unit < 0xe000 ? unit + 0x2000 : unit - 0x800);

/** Total order: file (in code-point order), line, column, then text, so reports never depend on discovery order. */
export function compareProblems(a: Problem, b: Problem): number {
  return compareCodePoints(a.file, b.file) || a.line - b.line || a.col - b.col || compareStrings(a.severity, b.severity) || compareStrings(a.path, b.path) || compareStrings(a.message, b.message);
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(compareProblems);
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** The file of a problem that belongs to the whole run (a git revision, a command-line option), not to a file. */
export const RUN_FILE = '.';

/** `path: ` (or `resource: path: `) in front of a message; empty for whole-file problems. */
export function problemSubject(p: Problem): string {
  return [...(p.resource === undefined ? [] : [p.resource]), ...(p.path === '' ? [] : [p.path])].map((s) => `${s}: `).join('');
}

/** Clusters named in text output before the rest are counted. */
const SHOWN_CLUSTERS = 10;

/** `a, b, c` — the first ten names, then "+N more". */
export function clusterList(clusters: readonly string[]): string {
  const more = clusters.length - SHOWN_CLUSTERS;
  return more > 0 ? `${clusters.slice(0, SHOWN_CLUSTERS).join(', ')} +${more} more` : clusters.join(', ');
}

/**
 * `file:line:col: error: [resource: ]path: message [rule]` followed by indented lines for the hint and, for a
 * problem in a shared file (a profile), the clusters it concerns; a problem of the whole run reads `gwtopo:
 * error: path: message [rule]`. The rule id goes last, in brackets, as gcc and clang name a warning's flag: the
 * line keeps the contract's shape, so `: error:` parsers still match (docs/decisions.md, "Rule ids in text output").
 */
export function formatProblem(p: Problem): string {
  const where = p.file === RUN_FILE ? 'gwtopo' : `${p.file}:${p.line}:${p.col}`;
  const head = `${where}: ${p.severity}: ${problemSubject(p)}${p.message} [${p.rule}]`;
  const hint = p.hint === undefined ? '' : `\n  hint: ${p.hint}`;
  const clusters = p.clusters === undefined || p.clusters.length === 0 ? '' : `\n  ${p.clusters.length === 1 ? 'cluster' : `${p.clusters.length} clusters`}: ${clusterList(p.clusters)}`;
  return `${head}${hint}${clusters}`;
}

/**
 * One problem for each problem that several clusters found in a file they share (a profile): the same
 * file, position, severity, rule, path and message, with their clusters united. The first one's hint is
 * kept (a profile's own check comes first and words it for the profile). Others pass unchanged.
 */
export function mergeSharedProblems(problems: readonly Problem[]): Problem[] {
  const out: Problem[] = [];
  const shared = new Map<string, { problem: Problem; clusters: Set<string> }>();
  for (const p of problems) {
    if (p.clusters === undefined) {
      out.push(p);
      continue;
    }
    const key = JSON.stringify([p.file, p.line, p.col, p.severity, p.rule, p.resource, p.path, p.message]);
    const first = shared.get(key);
    if (first === undefined) {
      const entry = { problem: { ...p }, clusters: new Set(p.clusters) };
      shared.set(key, entry);
      out.push(entry.problem);
    } else {
      for (const c of p.clusters) first.clusters.add(c);
    }
  }
  for (const { problem, clusters } of shared.values()) problem.clusters = [...clusters].sort();
  return out;
}
