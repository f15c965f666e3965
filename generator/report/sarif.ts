// SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format) for code-scanning tools (GitHub code
// scanning's upload-sarif, GitLab, IDE viewers): one run of the tool `gwtopo`, a rule per rule id found with
// its help text, a result per finding with its location from the repository root.
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
import { createHash } from 'node:crypto';
import { findings, summaryLines } from './findings.js';
import type { Printed } from './printed.js';
import { ruleHelp } from './rule-help.js';
import type { Report } from './types.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * The log on stdout; the text summary on stderr, for the job log. Paths are relative URIs resolved against
 * %SRCROOT% (the repository root): the output holds no absolute path and is the same on every machine.
 * Rules are the ids that occur, sorted; results keep the report's order.
 */
export function formatSarif(report: Report, text: Printed, version: string, rootFromRepository = ''): Printed {
  const found = findings(report, rootFromRepository);
  const ids = [...new Set(found.map((f) => f.rule))].sort();
  const rules = ids.map((id) => {
    const h = ruleHelp(id);
    return {
      id,
      shortDescription: { text: h.summary },
      help: { text: h.help },
      defaultConfiguration: { level: found.some((f) => f.rule === id && f.severity === 'error') ? 'error' : 'warning' },
    };
  });
  const results = found.map((f) => ({
    ruleId: f.rule,
    ruleIndex: ids.indexOf(f.rule),
    level: f.severity,
    message: { text: f.message },
    ...(f.file === undefined
      ? {}
      : {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
                ...(f.line === undefined ? {} : { region: { startLine: f.line, startColumn: f.col ?? 1 } }),
              },
            },
          ],
        }),
    // Stable across runs and line moves: code-scanning tools match results of two runs by it.
    partialFingerprints: {
      'gwtopo/v1': createHash('sha256')
        .update([f.rule, f.file ?? '', f.message].join('\0'))
        .digest('hex'),
    },
  }));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'gwtopo', semanticVersion: version, rules } }, results }],
  };
  return {
    stdout: `${JSON.stringify(log, null, 2)}\n`,
    stderr: summaryLines(text)
      .map((l) => `${l}\n`)
      .join(''),
  };
}
