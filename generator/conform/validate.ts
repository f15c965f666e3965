// One object against a schema set, in the API server's order for a create (or an update when the old object is
// given): status dropped when the version has the status subresource; pruning, null dropping and defaulting on
// a copy; schema and ObjectMeta validation; then the CEL rules, unless an error of a blocking kind was found
// (the API server skips the rules then and says so).
import { compareFindings, type Finding } from './finding.js';
import { isRecord } from './schema/crd.js';
import { Ctx } from './schema/ctx.js';
import { asLoadedSet, type CompiledVersion, type SchemaSet } from './sets.js';

export interface ValidateOptions {
  /** A server-side-apply partial object: the `required` list directly under spec is not enforced. */
  partial?: boolean;
  /** The object as it is on the cluster (an update): transition rules (oldSelf) are evaluated against it. */
  old?: unknown;
}

const RULES_SKIPPED = 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

/**
 * The object as the API server validates it, pruned, defaulted and checked on the way (a new value; the input
 * is not changed). With the status subresource a create or update ignores status: it is pruned (unknown
 * fields there are reported, as strict decoding does) but neither defaulted nor validated.
 */
export function processed(compiled: CompiledVersion, object: Record<string, unknown>, ctx: Ctx): Record<string, unknown> {
  if (compiled.version.statusSubresource !== true) return compiled.root.process(object, ctx) as Record<string, unknown>;
  const { status, ...rest } = object;
  const statusNode = compiled.root.property('status');
  if (status !== undefined && statusNode !== undefined) {
    const ignored = new Ctx(ctx.partial);
    ignored.path.push('status');
    statusNode.process(status, ignored);
    ctx.findings.push(...ignored.findings.filter((f) => f.message.startsWith('unknown field ')));
  }
  return compiled.root.process(rest, ctx, true, 'status') as Record<string, unknown>;
}

function dedupe(findings: Finding[]): Finding[] {
  const sorted = [...findings].sort(compareFindings);
  return sorted.filter((f, i) => i === 0 || compareFindings(sorted[i - 1]!, f) !== 0);
}

export function validateObject(set: SchemaSet, object: unknown, opts: ValidateOptions = {}): Finding[] {
  if (!isRecord(object)) return [{ kind: 'invalid', path: [], message: 'Invalid value: a Kubernetes object must be a mapping' }];
  const { apiVersion, kind } = object;
  const head: Finding[] = [];
  for (const [key, value] of [
    ['apiVersion', apiVersion],
    ['kind', kind],
  ] as const) {
    if (typeof value !== 'string' || value === '')
      head.push({ kind: 'invalid', path: [key], message: typeof value === 'string' || value === undefined ? 'Required value' : 'Invalid value: must be a string' });
  }
  if (head.length > 0) return head;
  const found = asLoadedSet(set).lookup(apiVersion as string, kind as string);
  if (!found.ok) return [{ kind: 'missing-kind', path: [], message: found.message }];
  const { compiled } = found;
  const ctx = new Ctx(opts.partial === true);
  const value = processed(compiled, object, ctx);
  // Stryker disable next-line BooleanLiteral: equivalent: the findings on the old object are dropped; only its processed value is used
  return checkProcessed(compiled, value, ctx, isRecord(opts.old) ? processed(compiled, opts.old, new Ctx(false)) : undefined);
}

/**
 * The findings of an object `processed` has walked (into `ctx`, giving `value`): the walk's, then the CEL rules
 * (against `old` too, for transition rules), unless the walk found an error of a blocking kind.
 */
export function checkProcessed(compiled: CompiledVersion, value: Record<string, unknown>, ctx: Ctx, old?: Record<string, unknown>): Finding[] {
  const findings = [...ctx.findings];
  if (compiled.rules !== undefined) {
    if (ctx.blocking) findings.push({ kind: 'not-checked', path: [], message: RULES_SKIPPED });
    else findings.push(...compiled.rules.run(value, old));
  }
  return dedupe(findings);
}
