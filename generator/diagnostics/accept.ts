// Accepted warnings: spec.acceptWarnings of a topology (its own warnings) and of gwtopo.yaml (every
// warning of the run). An accepted warning is counted and kept aside, not printed; errors are never
// accepted; an acceptance that matches nothing is a warning of its own (accept-unused), which cannot be
// accepted. Why a list in the document rather than a comment on the line: docs/decisions.md.

import { RULE_IDS, ruleEntry } from './catalog.js';
import { Reporter } from './position.js';
import { type FieldPath, hasErrors, type Problem } from './problem.js';
import type { Provenance, Source } from './provenance.js';
import { closest } from './suggest.js';

/** The rule that reports an acceptance matching nothing; accepting it would hide exactly that. */
const UNUSED = 'accept-unused';

export interface Acceptance {
  rule: string;
  /** The warning to report when the acceptance matches nothing. */
  unused: Problem;
}

/** A parsed document that can hold spec.acceptWarnings (a topology or gwtopo.yaml). */
export interface AcceptingSource extends Source {
  data: unknown;
}

/**
 * Reads spec.acceptWarnings: ids that name a warning rule become acceptances; unknown ids, error rules and
 * accept-unused are reported as errors (accept-invalid). The list's shape is the schema's business.
 */
export function readAcceptances(parsed: AcceptingSource, r: Reporter, provenance?: Provenance): Acceptance[] {
  const spec = (parsed.data as { spec?: { acceptWarnings?: unknown } } | null)?.spec;
  const list = spec?.acceptWarnings;
  if (!Array.isArray(list)) return [];
  const acceptances: Acceptance[] = [];
  list.forEach((id: unknown, i) => {
    if (typeof id !== 'string') return;
    const path: FieldPath = ['spec', 'acceptWarnings', i];
    const entry = ruleEntry(id);
    if (entry === undefined) {
      const guess = closest(id, RULE_IDS);
      r.error('accept-invalid', path, `unknown rule ${JSON.stringify(id)}`, { hint: `${guess === undefined ? '' : `did you mean "${guess}"? `}gwtopo explain lists every rule` });
    } else if (entry.severity === 'error') {
      r.error('accept-invalid', path, `${id} reports errors, and errors cannot be accepted: the output would be wrong`, {
        hint: `fix what it reports (gwtopo explain ${id}), and remove it from this list`,
      });
    } else if (id === UNUSED) {
      r.error('accept-invalid', path, `${UNUSED} cannot be accepted: it reports acceptances that match nothing`, { hint: 'remove the acceptance that matches nothing instead' });
    } else {
      const scratch = new Reporter(parsed, provenance);
      scratch.warning(UNUSED, path, `accepts ${id}, but there is no ${id} warning to accept`, { hint: 'remove it from spec.acceptWarnings' });
      acceptances.push({ rule: id, unused: scratch.problems[0]! });
    }
  });
  return acceptances;
}

export interface Accepted {
  /** The problems still to report. */
  problems: Problem[];
  accepted: Problem[];
  /** Acceptances that matched no warning: their accept-unused warnings. */
  unused: Problem[];
}

/** Moves the warnings these acceptances name out of `problems`. */
export function accept(problems: readonly Problem[], acceptances: readonly Acceptance[]): Accepted {
  const rules = new Set(acceptances.map((a) => a.rule));
  const used = new Set<string>();
  const out: Accepted = { problems: [], accepted: [], unused: [] };
  for (const p of problems) {
    if (p.severity === 'warning' && p.rule !== UNUSED && rules.has(p.rule)) {
      out.accepted.push(p);
      used.add(p.rule);
    } else {
      out.problems.push(p);
    }
  }
  out.unused = acceptances.filter((a) => !used.has(a.rule)).map((a) => a.unused);
  return out;
}

/**
 * A topology's problems after its acceptances (spec.acceptWarnings): accepted warnings set aside, and an
 * acceptance that matched nothing reported — unless there are errors: later checks did not run, so it may
 * still match once they are fixed.
 */
export function settle(problems: readonly Problem[], acceptances: readonly Acceptance[]): { problems: Problem[]; accepted: Problem[] } {
  const { problems: left, accepted, unused } = accept(problems, acceptances);
  return { problems: hasErrors(left) ? left : [...left, ...unused], accepted };
}
