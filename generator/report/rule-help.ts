// What each rule id means and how to fix what it finds, for formats that carry rule documentation (SARIF:
// tool.driver.rules, shown by code-scanning tools next to each result): from the one rule catalog.
import { ruleEntry } from '../diagnostics/catalog.js';
import { docUrl } from '../support/docs.js';

export interface RuleHelp {
  /** What the rule checks, in one line. */
  summary: string;
  /** How to fix what it finds. */
  help: string;
}

function sentence(text: string): string {
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/** The help of a rule; a rule the catalog does not know gets a pointer to the documentation. */
export function ruleHelp(rule: string): RuleHelp {
  const entry = ruleEntry(rule);
  if (entry === undefined) return { summary: `gwtopo rule ${rule}.`, help: `See gwtopo explain ${rule}, or ${docUrl('topology.md', 'validation-rules')}.` };
  return { summary: sentence(entry.summary), help: `${sentence(entry.fix)} ${sentence(entry.why)}` };
}
