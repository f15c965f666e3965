// What the conform engine reports about one object.
import type { FieldPath } from '../diagnostics/problem.js';

type FindingKind = 'invalid' | 'missing-kind' | 'not-checked';

export interface Finding {
  kind: FindingKind;
  /** Into the object (after a CEL rule's fieldPath refinement). */
  path: FieldPath;
  /** The rule's message, its messageExpression's result, or the schema's complaint in the API server's wording. */
  message: string;
  /** The CEL rule text, for CEL findings. */
  rule?: string;
  /** FieldValueInvalid, FieldValueForbidden, FieldValueRequired or FieldValueDuplicate, for CEL findings. */
  reason?: string;
}

function comparePaths(a: FieldPath, b: FieldPath): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    // Stryker disable next-line EqualityOperator: equivalent: equal segments were skipped above
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Deterministic order: path (indexes numerically), then message, then kind and rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return comparePaths(a.path, b.path) || text(a.message, b.message) || text(a.kind, b.kind) || text(a.rule ?? '', b.rule ?? '');
}

/** Go's %q for strings, %v for numbers and booleans, the type for anything else: how field errors show a value. */
export function showValue(value: unknown): string {
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent: the last line quotes a string the same way
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return 'null';
  return JSON.stringify(value); // true and false as Go's %v writes them, too
}
