// Collects every rule id the product can emit, from its source: the TypeScript compiler reads generator/
// and lists each string literal that reaches a `rule` — an argument of a parameter named `rule`, or an
// object literal's `rule` property — with the severity beside it where the code states one. The rule
// catalog test (rule-catalog.test.ts) checks that the catalog covers them all.
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface Emitted {
  rule: string;
  /** The severity the code states beside it (Reporter.error/warning, a `severity` argument or property). */
  severity?: 'error' | 'warning';
  /** file:line of the emitting code, relative to the repository root. */
  at: string;
}

export interface Collected {
  emitted: Emitted[];
  /** Places that pass a rule id the collector cannot read (a computed string): they must be literals. */
  unreadable: string[];
}

/** The string literal values an expression can have, or undefined when it can be any string. */
function literalValues(checker: ts.TypeChecker, node: ts.Expression): string[] | undefined {
  const type = checker.getTypeAtLocation(node);
  const parts = type.isUnion() ? type.types : [type];
  const values: string[] = [];
  for (const t of parts) {
    if (!t.isStringLiteral()) return undefined;
    values.push(t.value);
  }
  return values;
}

function severityOf(checker: ts.TypeChecker, node: ts.Expression | undefined): 'error' | 'warning' | undefined {
  if (node === undefined) return undefined;
  const values = literalValues(checker, node);
  return values?.length === 1 && (values[0] === 'error' || values[0] === 'warning') ? values[0] : undefined;
}

/** Reads generator/**\/*.ts of the repository at `root`. */
export function collectRuleIds(root: string): Collected {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const files = config.fileNames.filter((f) => relative(root, f).startsWith('generator'));
  const program = ts.createProgram(files, { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const emitted: Emitted[] = [];
  const unreadable: string[] = [];
  for (const source of program.getSourceFiles()) {
    if (!files.includes(source.fileName)) continue;
    const where = (node: ts.Node): string => `${relative(root, source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const record = (value: ts.Expression, severity: 'error' | 'warning' | undefined): void => {
      const values = literalValues(checker, value);
      if (values === undefined) {
        // A parameter passed on (a helper's `rule` handed to Reporter.error) is checked where the helper is
        // called; a problem's own `rule` handed on (p.rule) was checked where the problem was made.
        if (ts.isPropertyAccessExpression(value) && value.name.text === 'rule') return;
        const symbol = ts.isIdentifier(value) ? checker.getSymbolAtLocation(value) : undefined;
        if (symbol?.valueDeclaration !== undefined && ts.isParameter(symbol.valueDeclaration)) return;
        unreadable.push(`${where(value)}: ${value.getText(source)}`);
        return;
      }
      for (const rule of values) emitted.push({ rule, at: where(value), ...(severity === undefined ? {} : { severity }) });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const signature = checker.getResolvedSignature(node);
        const params = signature?.getParameters() ?? [];
        const index = params.findIndex((p) => p.name === 'rule');
        if (index >= 0 && node.arguments[index] !== undefined) {
          const callee = node.expression;
          const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
          const severityIndex = params.findIndex((p) => p.name === 'severity');
          const stated = method === 'error' || method === 'warning' ? method : severityOf(checker, node.arguments[severityIndex]);
          record(node.arguments[index]!, stated);
        }
      }
      if (ts.isObjectLiteralExpression(node)) {
        const prop = (name: string) => node.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name);
        const rule = prop('rule');
        if (rule !== undefined) record(rule.initializer, severityOf(checker, prop('severity')?.initializer));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { emitted, unreadable };
}
