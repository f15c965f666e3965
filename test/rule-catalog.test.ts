// The rule catalog (generator/diagnostics/catalog.ts) is complete and true: every rule id the code can emit is
// in it with the severity the code gives it, every entry is emitted somewhere, and every example that is a
// file makes gwtopo report its rule (gwtopo explain shows those reports).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { exampleProblems } from '../generator/commands/explain.js';
import { CATALOG, RULE_IDS, type RuleEntry } from '../generator/diagnostics/catalog.js';
import { REPO_ROOT } from './helpers.js';
import { type Collected, collectRuleIds } from './rule-ids.js';

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

let collected: Collected;
before(() => {
  collected = collectRuleIds(REPO_ROOT);
});

describe('rule catalog', () => {
  test('the collector finds rule ids wherever the code passes them (so the checks below can fail)', () => {
    const at = (rule: string) => collected.emitted.filter((e) => e.rule === rule).map((e) => e.at.replace(/:\d+$/, ''));
    assert.ok(at('host-required').includes('generator/validate/rules/listeners.ts'), 'Reporter.error');
    assert.ok(at('yaml-duplicate-key').includes('generator/parse/parse.ts'), 'a conditional expression');
    assert.ok(at('cluster-not-found').includes('generator/commands/cluster-arg.ts'), 'an object literal');
    assert.ok(at('layout-ignored').includes('generator/repository/discover.ts'), 'a helper with a rule parameter');
    assert.deepEqual(collected.emitted.find((e) => e.rule === 'preset-not-applied')?.severity, 'warning');
  });

  test('every rule id the code emits is in the catalog, with the same severity', () => {
    assert.deepEqual(collected.unreadable, [], 'pass rule ids as string literals (or literal-typed constants), so this test and the catalog can see them');
    const missing = collected.emitted.filter((e) => !Object.hasOwn(CATALOG, e.rule));
    assert.deepEqual(
      missing.map(
        (e) =>
          `${e.at} emits rule "${e.rule}", which generator/diagnostics/catalog.ts does not list: add '${e.rule}': { severity: '${e.severity ?? 'error'}', summary, why, fix, example } to CATALOG (gwtopo explain and docs/topology.md are built from it)`,
      ),
      [],
    );
    const wrong = collected.emitted.filter((e) => e.severity !== undefined && Object.hasOwn(CATALOG, e.rule) && (CATALOG as Record<string, RuleEntry>)[e.rule]!.severity !== e.severity);
    assert.deepEqual(
      wrong.map(
        (e) =>
          `${e.at} reports rule "${e.rule}" as ${e.severity}, the catalog says ${(CATALOG as Record<string, RuleEntry>)[e.rule]!.severity}: a rule has one severity (give the ${e.severity} its own rule id)`,
      ),
      [],
    );
  });

  test('every catalog entry is emitted somewhere, and ids are kebab-case', () => {
    const emitted = new Set(collected.emitted.map((e) => e.rule));
    assert.deepEqual(
      RULE_IDS.filter((id) => !emitted.has(id)),
      [],
      'catalog entries no code emits: remove them',
    );
    assert.deepEqual(
      RULE_IDS.filter((id) => !RULE_ID.test(id)),
      [],
    );
  });

  test('every entry says what, why and how to fix; every file example makes gwtopo report its rule', () => {
    for (const id of RULE_IDS) {
      const entry: RuleEntry = CATALOG[id];
      for (const field of ['summary', 'why', 'fix'] as const) assert.ok(entry[field].length > 10, `${id}.${field}`);
      if ('text' in entry.example) continue;
      const reported = exampleProblems(id, entry.example);
      assert.ok(reported.length > 0, `${id}: its example does not make gwtopo report ${id}`);
      assert.ok(
        reported.every((p) => p.severity === entry.severity),
        `${id}: reported as ${entry.severity}`,
      );
    }
  });
});
