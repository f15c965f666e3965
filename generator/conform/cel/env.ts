// The CEL environment of CRD validation rules: CEL's standard library (@bufbuild/cel), the strings extension,
// Kubernetes' libraries (library.ts) and RE2 `matches` through the shared pattern cache. Programs are planned
// once per rule text for the whole process (a rule shared by two sets or two versions is compiled once).
import { type CelResult, CelScalar, celEnv, celFunc, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { compileRe2 } from '../schema/regex.js';
import { KUBERNETES_LIBRARY, LIBRARY_REGISTRY, NOT_AVAILABLE } from './library.js';

/** CEL's global form `matches(text, pattern)`, which @bufbuild/cel 0.6.1 lacks (it has the method form). */
const MATCHES_FUNCTION = celFunc('matches', [CelScalar.STRING, CelScalar.STRING], CelScalar.BOOL, (text, pattern) => compileRe2(pattern).test(text));

export const CEL_ENV = celEnv({
  registry: LIBRARY_REGISTRY,
  funcs: [...strings, ...KUBERNETES_LIBRARY, MATCHES_FUNCTION],
  re2: { compile: compileRe2 },
});

/** Functions of Kubernetes' CEL libraries (not of CEL's standard library or the strings extension). */
const LIBRARY_NAMES: ReadonlySet<string> = (() => {
  const standard = new Set(['string', ...strings.map((f) => f.name)]);
  return new Set(KUBERNETES_LIBRARY.map((f) => f.name).filter((n) => !standard.has(n)));
})();

type Program = (bindings: Record<string, unknown>) => CelResult;

export type Compiled = { ok: true; program: Program; usesOldSelf: boolean } | { ok: false; error: string };

const programs = new Map<string, Compiled>();

/** Whether the parsed expression refers to the variable `oldSelf`. */
function refersToOldSelf(node: unknown): boolean {
  if (!(node instanceof Object)) return false; // a primitive (or null) holds no identifier
  const n = node as { $typeName?: string; name?: unknown };
  if (n.$typeName === 'cel.expr.Expr.Ident' && n.name === 'oldSelf') return true;
  for (const v of Object.values(node)) if (refersToOldSelf(v)) return true;
  return false;
}

/** A rule or messageExpression compiled (cached per process). */
export function compile(expression: string): Compiled {
  let c = programs.get(expression);
  if (c === undefined) {
    try {
      const ast = parse(expression);
      const planned = plan(CEL_ENV, ast);
      c = { ok: true, program: (bindings) => planned(bindings as never), usesOldSelf: refersToOldSelf(ast.expr) };
    } catch (err) {
      c = { ok: false, error: (err as Error).message };
    }
    programs.set(expression, c);
  }
  return c;
}

/** Whether an expression uses CEL's optional syntax (`.?field`, `[?key]`, `optional.of`), which the parser lacks. */
export function usesOptionalSyntax(expression: string): boolean {
  return /\.\?[A-Za-z_]|\[\?|\boptional\.(of|none|ofNonZeroValue)\b/.test(expression);
}

/** An evaluation error in the API server's words (cel-go says "no such key" where @bufbuild/cel says "field not found"). */
export function errorText(message: string): string {
  return message.replace(/^field not found: /, 'no such key: ');
}

/** The function an evaluation error says is missing offline, or undefined for an ordinary evaluation error. */
export function unavailable(result: CelResult): string | undefined {
  if (!isCelError(result)) return undefined;
  const m = /^unbound function: (.+)/.exec(result.message);
  if (m !== null) return `the function ${m[1]} is not available offline`;
  const overload = /^found no matching overload for '([\w.]+)' applied to '(.*)'/.exec(result.message);
  if (overload !== null && LIBRARY_NAMES.has(overload[1]!)) return `the function ${overload[1]} applied to ${overload[2]} (an overload of Kubernetes' CEL library) is not available offline`;
  if (result.message.startsWith(NOT_AVAILABLE)) return `${result.message.slice(NOT_AVAILABLE.length)} is not available offline`;
  return undefined;
}
