// x-kubernetes-validations as the API server evaluates them (apiextensions-apiserver schema/cel: Validator):
// the rules of a schema node run on every non-null value at that node, with `self` typed by the schema; then the
// rules of its allOf schemas, its properties, additionalProperties and items. A transition rule (one that
// refers to oldSelf) runs only when there is an old value to compare with (an update), correlated through
// object fields and list-map keys. A rule that cannot be compiled or reaches a function the offline evaluator
// lacks is reported as not checked. The rule tree holds only the nodes that lead to a rule, and results are
// memoized per node and value (a rule is a pure function of self and oldSelf), which makes a fleet of near
// identical objects cheap.
import { type CelInput, isCelError } from '@bufbuild/cel';
import type { Finding } from '../finding.js';
import { isRecord, parseFieldPath } from '../schema/crd.js';
import type { PathSegment } from '../schema/ctx.js';
import type { Node } from '../schema/node.js';
import type { Schema, ValidationRule } from '../schema/types.js';
import { type Compiled, compile, errorText, unavailable, usesOptionalSyntax } from './env.js';
import { celValue } from './values.js';

/** apiserver's MaxEvaluatedMessageExpressionSizeBytes. */
const MESSAGE_EXPRESSION_MAX_BYTES = 5 * 1024;
/** Memoized results kept per rule node before the memo starts over. */
const MEMO_LIMIT = 2048;

const withRules = new WeakMap<Schema, boolean>();

/** Whether a schema or anything below it (properties, additionalProperties, items, allOf) has a rule. */
export function hasRules(schema: Schema): boolean {
  let has = withRules.get(schema);
  // Stryker disable next-line ConditionalExpression: equivalent: a memo of a pure function of the schema (its `false` variant, never computing, is killed by every rule test)
  if (has === undefined) {
    const a = schema.additionalProperties;
    has =
      (schema['x-kubernetes-validations']?.length ?? 0) > 0 ||
      Object.values(schema.properties ?? {}).some(hasRules) ||
      (typeof a === 'object' && hasRules(a)) ||
      (schema.items !== undefined && hasRules(schema.items)) ||
      (schema.allOf ?? []).some(hasRules);
    withRules.set(schema, has);
  }
  return has;
}

interface Rule {
  readonly source: ValidationRule;
  readonly compiled: Compiled;
  readonly messageExpression: Compiled | undefined;
  readonly path: PathSegment[];
  /** The message when the rule fails and no messageExpression gives one. */
  readonly message: string;
}

function prepare(source: ValidationRule): Rule {
  const message = source.message?.trim() ? source.message.trim() : `failed rule: ${source.rule.trim()}`;
  return {
    source,
    compiled: compile(source.rule),
    // Stryker disable next-line ConditionalExpression: equivalent for `false`: compile(undefined) fails, and a failed messageExpression gives the message alike
    messageExpression: source.messageExpression === undefined ? undefined : compile(source.messageExpression),
    path: source.fieldPath === undefined ? [] : (parseFieldPath(source.fieldPath) ?? []),
    message,
  };
}

const NONE: readonly Finding[] = [];

/** The rules of one schema node and the nodes below it that lead to rules. */
interface Below {
  readonly allOf: RuleNode[];
  /** Properties that lead to rules. */
  readonly props: [string, RuleNode][];
  readonly additional: RuleNode | undefined;
  readonly items: RuleNode | undefined;
}

/**
 * The rules of one schema node and the nodes below it that lead to rules. Everything is built on first use:
 * a rule is compiled when an object first reaches it (then kept for the process).
 */
export class RuleNode {
  private ownRules: Rule[] | undefined;
  private below: Below | undefined;
  private readonly memo = new Map<string, readonly Finding[]>();

  /** `validation` holds the rules; `node` is the structural schema that types the values (they differ under allOf). */
  constructor(
    private readonly validation: Schema,
    private readonly node: Node,
  ) {}

  private get rules(): Rule[] {
    // Stryker disable next-line ArrayDeclaration: equivalent: run reads the rules only of a node that has some
    this.ownRules ??= (this.validation['x-kubernetes-validations'] ?? []).map(prepare);
    return this.ownRules;
  }

  private children(): Below {
    if (this.below === undefined) {
      const { validation, node } = this;
      const props: [string, RuleNode][] = [];
      for (const [name, s] of Object.entries(validation.properties ?? {})) {
        const child = node.property(name);
        if (child !== undefined && hasRules(s)) props.push([name, new RuleNode(s, child)]);
      }
      const a = validation.additionalProperties;
      const additional = node.additional();
      const items = node.items();
      this.below = {
        // Stryker disable next-line MethodExpression: equivalent: an allOf schema without rules adds no findings (the filter saves its walk)
        allOf: (validation.allOf ?? []).filter(hasRules).map((s) => new RuleNode(s, node)),
        props,
        additional: typeof a === 'object' && additional !== undefined && hasRules(a) ? new RuleNode(a, additional) : undefined,
        items: validation.items !== undefined && items !== undefined && hasRules(validation.items) ? new RuleNode(validation.items, items) : undefined,
      };
    }
    return this.below;
  }

  /** Findings of the rules at and below this node, with paths relative to it. `old` is undefined for a create. */
  run(value: unknown, old: unknown): readonly Finding[] {
    if (value === null || value === undefined) return NONE;
    // Stryker disable next-line ConditionalExpression: equivalent for `false`: a node without rules of its own gives its children's findings, memoized or not
    if ((this.validation['x-kubernetes-validations']?.length ?? 0) === 0) return this.runBelow(value, old);
    // A create's key ends in "undefined" (JSON.stringify(undefined)), which no JSON text of an old value is.
    const key = `${JSON.stringify(value)}\u0000${JSON.stringify(old)}`;
    let findings = this.memo.get(key);
    if (findings === undefined) {
      findings = this.evaluate(value, old);
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(key, findings);
    }
    return findings;
  }

  private evaluate(value: unknown, old: unknown): readonly Finding[] {
    const own = this.runOwn(value, old);
    const below = this.runBelow(value, old);
    return [...own, ...below];
  }

  private runBelow(value: unknown, old: unknown): readonly Finding[] {
    let out: Finding[] | undefined;
    const add = (found: readonly Finding[], head?: PathSegment): void => {
      for (const f of found) (out ??= []).push(head === undefined ? f : { ...f, path: [head, ...f.path] });
    };
    const { allOf, props, additional, items } = this.children();
    for (const sub of allOf) add(sub.run(value, old));
    if (Array.isArray(value)) {
      if (items !== undefined) {
        const olds = this.correlatedItems(value, old);
        for (const [i, item] of value.entries()) add(items.run(item, olds?.[i]), i);
      }
    } else if (isRecord(value)) {
      const oldObject = isRecord(old) ? old : undefined;
      for (const [k, sub] of props) add(sub.run(value[k], oldObject?.[k]), k);
      if (additional !== undefined) for (const k of Object.keys(value)) add(additional.run(value[k], oldObject?.[k]), k);
    }
    return out ?? NONE;
  }

  /** The old item of each item of a list-type map (same key values); other lists do not correlate items. */
  private correlatedItems(value: unknown[], old: unknown): unknown[] | undefined {
    const keys = this.node.listMapKeys;
    if (keys === undefined || !Array.isArray(old)) return undefined;
    // Stryker disable next-line StringLiteral: equivalent: any text no JSON array is (items that are not objects share it)
    const id = (item: unknown): string => (isRecord(item) ? JSON.stringify(keys.map((k) => item[k] ?? null)) : '');
    const byId = new Map(old.map((item) => [id(item), item]));
    return value.map((item) => byId.get(id(item)));
  }

  private runOwn(value: unknown, old: unknown): readonly Finding[] {
    const out: Finding[] = [];
    const self = celValue(this.node, value);
    const oldSelf = old === undefined || old === null ? undefined : celValue(this.node, old);
    for (const r of this.rules) {
      // The rule itself is named (a long one shortened): three rules of one CRD that fail alike must not read alike.
      const text = r.source.rule.trim().replace(/\s+/g, ' ');
      const shown = text.length > 160 ? `${text.slice(0, 150)}…` : text;
      const notChecked = (why: string): void => {
        out.push({ kind: 'not-checked', path: [], message: `rule not checked: ${why} (rule: ${shown})`, rule: r.source.rule });
      };
      if (!r.compiled.ok) {
        // CEL's optional syntax (x.?f, m[?k], optional.of) is the one feature of the CRD sets @bufbuild/cel cannot parse.
        notChecked(
          usesOptionalSyntax(text)
            ? `it uses CEL optional types (.?field, [?key], optional.of), which the offline evaluator (@bufbuild/cel) cannot parse`
            : `it cannot be compiled: ${r.compiled.error}`,
        );
        continue;
      }
      if (r.source.optionalOldSelf === true) {
        notChecked('optionalOldSelf needs CEL optional types, which the offline evaluator lacks');
        continue;
      }
      if (r.compiled.usesOldSelf && oldSelf === undefined) continue; // transition rule on a create
      // oldSelf undefined is unbound, as when it is left out (only a transition rule reads it, and it was skipped above).
      const result = r.compiled.program({ self, oldSelf });
      if (result === true) continue;
      const missing = unavailable(result);
      if (missing !== undefined) {
        notChecked(missing);
        continue;
      }
      const ruleText = r.source.message?.trim() ? r.source.message.trim() : r.source.rule.trim();
      if (isCelError(result)) {
        const message = /no (such|matching) overload/.test(result.message)
          ? `'${result.message}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleText}`
          : `${errorText(result.message)} evaluating rule: ${ruleText}`;
        out.push({ kind: 'invalid', path: [], message, rule: r.source.rule });
        continue;
      }
      out.push({
        kind: 'invalid',
        path: r.path,
        message: this.message(r, self, oldSelf),
        rule: r.source.rule,
        reason: r.source.reason ?? 'FieldValueInvalid',
      });
    }
    return out;
  }

  /** messageExpression's result when it evaluates to a usable string, else the rule's message. */
  private message(r: Rule, self: CelInput, oldSelf: CelInput | undefined): string {
    if (r.messageExpression === undefined || !r.messageExpression.ok) return r.message;
    // On a create oldSelf is undefined, which @bufbuild/cel treats as unbound: a messageExpression reading it fails.
    const result = r.messageExpression.program({ self, oldSelf });
    if (typeof result !== 'string') return r.message;
    const text = result.trim();
    if (text === '' || text.includes('\n') || Buffer.byteLength(text) > MESSAGE_EXPRESSION_MAX_BYTES) return r.message;
    return text;
  }
}
