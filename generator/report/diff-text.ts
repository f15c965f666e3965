// `gwtopo diff` for a terminal: the resource diffs, then the impact notes, then one summary line.
// Colour only when the caller says the output is a terminal that wants it (main.ts decides).
import type { DiffReport } from '../commands/report.js';
import { ACK_PREFIX, ackLine, gateFails } from '../diff/gate.js';
import type { DiffSide, ImpactNote, ResourceChange } from '../diff/types.js';
import { RUN_FILE, formatProblem } from '../validate/problem.js';
import { acceptedNote } from './text.js';
import type { Printed } from './text.js';

export interface TextOptions {
  /** ANSI colours (stdout is a terminal and NO_COLOR is unset). */
  color?: boolean;
  /** Width to wrap prose to (explain); 80 by default. */
  width?: number;
  /** quiet: errors only; verbose: every file written and every accepted warning. */
  verbosity?: 'quiet' | 'verbose';
}

const CODES = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 } as const;

type Paint = (style: keyof typeof CODES, text: string) => string;

function painter(color: boolean): Paint {
  return color ? (style, text) => `\u001b[${CODES[style]}m${text}\u001b[0m` : (_style, text) => text;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `origin/main (1a2b3c4)`, or `the working tree`. */
export function sideLabel(side: DiffSide): string {
  return side.ref === null ? 'the working tree' : side.commit === null ? side.ref : `${side.ref} (${side.commit.slice(0, 7)})`;
}

/** `Gateway openchoreo-data-plane/gateway-internal` */
export function resourceLabel(r: Pick<ResourceChange, 'kind' | 'namespace' | 'name'>): string {
  return `${r.kind} ${r.namespace === undefined ? '' : `${r.namespace}/`}${r.name}`;
}

/** What a note's id does not say: its environment and listener. */
function noteDetail(n: ImpactNote): string {
  return [...(n.environment === undefined ? [] : [`environment ${n.environment}`]), ...(n.listener === undefined ? [] : [`listener ${n.listener}`])].join(', ');
}

function paintDiff(diff: string, paint: Paint): string[] {
  return diff
    .replace(/\n$/, '')
    .split('\n')
    .map((line) =>
      line.startsWith('+++') || line.startsWith('---')
        ? paint('bold', line)
        : line.startsWith('+')
          ? paint('green', line)
          : line.startsWith('-')
            ? paint('red', line)
            : line.startsWith('@@')
              ? paint('cyan', line)
              : line.startsWith('\\')
                ? paint('dim', line)
                : line,
    );
}

export function formatDiffText(r: DiffReport, options: TextOptions = {}): Printed {
  const paint = painter(options.color === true);
  const problems = r.problems.map((p) => `${formatProblem(p)}\n`).join('');
  if (r.outcome === 'invalid') {
    const errors = r.problems.filter((p) => p.severity === 'error');
    const files = new Set(errors.filter((p) => p.file !== RUN_FILE).map((p) => p.file)).size;
    const summary = files === 0 ? '' : `gwtopo: ${plural(errors.length, 'error')} in ${plural(files, 'file')}\n`;
    return { stdout: '', stderr: `${problems}${summary}` };
  }
  const stderr = problems + r.baseProblems.map((p) => `base ${r.base.ref}: ${formatProblem(p)}\n`).join('');
  const out: string[] = [paint('bold', `gwtopo diff: ${sideLabel(r.base)} → ${sideLabel(r.head)}`)];
  for (const c of r.resources) {
    out.push('', paint('bold', `${c.change} ${c.path} (${resourceLabel(c)})`), ...paintDiff(c.diff, paint));
  }
  if (r.notes.length > 0) {
    out.push('', paint('bold', 'impact notes:'));
    for (const n of r.notes) {
      const where = noteDetail(n);
      const tag = n.severity === 'info' ? paint('dim', '[info]') : n.acknowledged === true ? paint('green', '[destructive, acknowledged]') : paint('red', '[destructive, not acknowledged]');
      out.push(`  ${paint('yellow', n.id)}${where === '' ? '' : ` (${where})`} ${tag}: ${n.message}`, `    check: ${n.check}`);
      for (const command of n.commands ?? []) out.push(`    run: ${command}`);
      if (n.severity === 'destructive' && n.acknowledged !== true) out.push(`    acknowledge: ${ackLine(n.id)}`);
    }
  }
  out.push('');
  const t = r.totals;
  if (!r.changed) {
    out.push(`gwtopo: no changes: ${sideLabel(r.base)} and ${sideLabel(r.head)} render the same resources (${plural(r.clusters.length, 'cluster')})${acceptedNote(r.accepted)}`);
  } else {
    const clusters = new Set([...r.resources.map((c) => c.cluster), ...r.notes.filter((n) => n.kind === 'cluster-added' || n.kind === 'cluster-removed').map((n) => n.cluster)]).size;
    const g = r.gate;
    const destructive = g.destructive === 0 ? '' : ` (${g.destructive} destructive, ${g.unacknowledged.length === 0 ? 'all acknowledged' : `${plural(g.unacknowledged.length, 'id')} not acknowledged`})`;
    out.push(
      `gwtopo: ${plural(clusters, 'cluster')} changed: ${t.added} added, ${t.removed} removed, ${t.changed} changed ${t.added + t.removed + t.changed === 1 ? 'resource' : 'resources'}; ${plural(r.notes.length, 'impact note')}${destructive}${acceptedNote(r.accepted)}`,
    );
  }
  if (gateFails(r.gate)) {
    out.push(`gwtopo: --fail-on destructive: ${plural(r.gate.unacknowledged.length, 'destructive change')} not acknowledged; after review, acknowledge each with --ack ID or a line "${ACK_PREFIX} ID" in the pull-request description`);
  }
  return { stdout: out.map((l) => `${l}\n`).join(''), stderr };
}
