import { CATALOG, EXAMPLE_FILES, RULE_IDS, type RuleExample, ruleEntry } from '../diagnostics/catalog.js';
import { type Problem, sortProblems } from '../diagnostics/problem.js';
import { parseTopology } from '../parse/parse.js';
import { validateTopology } from '../pipeline/cluster.js';
import type { CommandOptions, ExplainedRule, ExplainReport } from '../report/types.js';
import { validateConfig } from '../repository/config.js';

/** What gwtopo reports for a rule's example: it is validated like a real file (text examples report nothing). */
export function exampleProblems(id: string, example: RuleExample): Problem[] {
  if ('text' in example) return [];
  const isTopology = 'topology' in example;
  const ref = isTopology ? { cluster: 'example', file: EXAMPLE_FILES.topology } : { cluster: '', file: EXAMPLE_FILES.config, kind: 'Repository' as const };
  const parsed = parseTopology(ref, isTopology ? example.topology : example.config);
  const validated = !parsed.ok ? [] : isTopology ? validateTopology(parsed.topology).problems : validateConfig(parsed.topology).problems;
  return sortProblems([...parsed.problems, ...validated]).filter((p) => p.rule === id);
}

/** `gwtopo explain [RULE]`: one rule with its example and what gwtopo reports for it, or every rule. */
export async function explain(opts: CommandOptions): Promise<ExplainReport> {
  const rules: ExplainedRule[] =
    opts.rule === undefined
      ? RULE_IDS.map((id) => ({ id, ...CATALOG[id], reported: [] }))
      : [{ id: opts.rule, ...ruleEntry(opts.rule)!, reported: exampleProblems(opts.rule, ruleEntry(opts.rule)!.example) }];
  return { command: 'explain', outcome: 'ok', clusters: [], problems: [], accepted: [], rules };
}
