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
  message: string;
  hint?: string;
  /** Stable identifier of the rule that found the problem (see docs/topology.md, "Validation rules"). */
  rule: string;
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

/** Total order: file, line, column, then text, so reports never depend on discovery order. */
export function compareProblems(a: Problem, b: Problem): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.col - b.col ||
    compareStrings(a.severity, b.severity) ||
    compareStrings(a.path, b.path) ||
    compareStrings(a.message, b.message)
  );
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(compareProblems);
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** The file of a problem that belongs to the whole run (a git revision, a command-line option), not to a file. */
export const RUN_FILE = '.';

/**
 * `file:line:col: error: path: message [rule]` followed by an indented hint line when there is one; a problem
 * of the whole run reads `gwtopo: error: path: message [rule]`. The rule id goes last, in brackets, as gcc
 * and clang name a warning's flag: the line keeps the contract's shape, so `: error:` parsers still match
 * (docs/decisions.md, "Rule ids in text output").
 */
export function formatProblem(p: Problem): string {
  const where = p.file === RUN_FILE ? 'gwtopo' : `${p.file}:${p.line}:${p.col}`;
  const head = `${where}: ${p.severity}: ${p.path === '' ? '' : `${p.path}: `}${p.message} [${p.rule}]`;
  return p.hint === undefined ? head : `${head}\n  hint: ${p.hint}`;
}
