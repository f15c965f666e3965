// The review gate: destructive impact notes must be acknowledged before a pull request merges. An
// acknowledgement names a note id or a glob of ids (`*` any run of characters, `?` one character), given as
// `--ack` or as a line `gwtopo-ack: <id|glob>` anywhere in a file (the pull-request description, which CI
// writes to a file: never onto a command line). Pure functions; the diff command reads the file.
import { type Problem, RUN_FILE } from '../diagnostics/problem.js';
import type { ImpactNote } from './types.js';

/** `diff --fail-on`: `destructive` fails (exit 1) while a destructive note is not acknowledged. */
export const FAIL_ON = ['destructive', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The line that acknowledges, as it is written in a pull-request description. */
export const ACK_PREFIX = 'gwtopo-ack:';

/**
 * What an acknowledgement may hold: the characters of note ids — those of Kubernetes names (DNS-1123 subdomains:
 * lower-case letters, digits, `-`, `.`; a live slot may name a gateway `gateway.egress`), `:` and `/` — and the
 * wildcards, and optionally `#` and the digest of a group of notes (ImpactNote.group), which narrows a glob to
 * exactly that group. `.` is literal in a glob (globRegExp).
 */
const PATTERN = /^[a-z0-9.:/*?-]+(#[0-9a-f]{8})?$/;

/** Does an acknowledgement pattern (a glob, optionally with #group: ImpactNote.group) match a note? */
export function ackMatches(pattern: string, n: Pick<ImpactNote, 'id' | 'group'>): boolean {
  const hash = pattern.indexOf('#');
  const glob = hash === -1 ? pattern : pattern.slice(0, hash);
  return globRegExp(glob).test(n.id) && (hash === -1 || n.group === pattern.slice(hash + 1));
}

export function isAckPattern(text: string): boolean {
  return PATTERN.test(text);
}

/** One acknowledgement and where it was given. */
export interface Ack {
  pattern: string;
  /** `--ack`, or `<file>:<line>` for a line of --ack-file. */
  source: string;
}

interface AckResult extends Ack {
  /** Ids of destructive notes it matches, sorted. */
  matches: string[];
}

/** The gate's verdict, as the JSON output carries it. */
export interface Gate {
  failOn: FailOn;
  /** How many destructive notes there are. */
  destructive: number;
  /** Ids of destructive notes no acknowledgement matches, sorted, each once. */
  unacknowledged: string[];
  acks: AckResult[];
}

/** The line to paste into a pull-request description for one id. */
export function ackLine(id: string): string {
  return `${ACK_PREFIX} ${id}`;
}

/**
 * Acknowledgements in a file: every line holding `gwtopo-ack:` at its start (after indentation, list markers
 * or quote marks), followed by one or more ids or globs separated by spaces or commas. Values that cannot be
 * an id are warnings (a typo in a description must not stop the review comment).
 */
export function parseAckFile(text: string, label: string): { acks: Ack[]; problems: Problem[] } {
  const acks: Ack[] = [];
  const problems: Problem[] = [];
  text.split(/\r?\n|\r/).forEach((line, i) => {
    const m = /^[\s>*+-]*gwtopo-ack:(.*)$/.exec(line);
    if (m === null) return;
    const source = `${label}:${i + 1}`;
    const values = m[1]!.split(/[\s,]+/).filter((v) => v !== '');
    if (values.length === 0) problems.push(ackProblem(`${source}: ${ACK_PREFIX} names no impact note`, 'write the id after it, e.g. gwtopo-ack: gateway-deleted:prod-eu/gateway-internal'));
    for (const value of values) {
      // Markdown code spans around the id are fine: `gwtopo-ack: `id`` pasted from a rendered comment.
      const pattern = value.replace(/^`+|`+$/g, '');
      if (isAckPattern(pattern)) acks.push({ pattern, source });
      else
        problems.push(
          ackProblem(
            `${source}: ${JSON.stringify(value)} is not an impact note id or glob`,
            'ids look like <note>:<cluster>/<gateway>, e.g. gateway-deleted:prod-eu/gateway-internal; * and ? are wildcards',
          ),
        );
    }
  });
  return { acks, problems };
}

function ackProblem(message: string, hint: string): Problem {
  return { severity: 'warning', file: RUN_FILE, line: 1, col: 1, path: '--ack-file', rule: 'ack', message, hint };
}

/** A glob as a regular expression: `*` any run of characters, `?` exactly one; everything else literal. */
export function globRegExp(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`);
}

/**
 * Marks each destructive note acknowledged or not, and says which acknowledgements matched nothing (stale:
 * a warning, so an old line in a description does not pass unnoticed).
 */
export function applyAcks(notes: readonly ImpactNote[], acks: readonly Ack[], failOn: FailOn): { notes: ImpactNote[]; gate: Gate; problems: Problem[] } {
  const destructiveNotes = notes.filter((n) => n.severity === 'destructive');
  const results: AckResult[] = acks.map((a) => ({ ...a, matches: [...new Set(destructiveNotes.filter((n) => ackMatches(a.pattern, n)).map((n) => n.id))].sort() }));
  // A #digest acknowledgement covers only the notes of its group, also where another note shares the id.
  const covered = (n: ImpactNote): boolean => results.some((r) => ackMatches(r.pattern, n));
  const marked = notes.map((n) => (n.severity === 'destructive' ? withAcknowledged(n, covered(n)) : n));
  const problems = results
    .filter((r) => r.matches.length === 0)
    .map(
      (r): Problem => ({
        severity: 'warning',
        file: RUN_FILE,
        line: 1,
        col: 1,
        path: r.source === '--ack' ? '--ack' : '--ack-file',
        rule: 'ack',
        message: `${ackLine(r.pattern)}${r.source === '--ack' ? '' : ` (${r.source})`} matches no destructive impact note: it is stale`,
        hint: 'remove it, or compare it with the ids of the notes (<note>:<cluster>/<gateway>)',
      }),
    );
  return {
    notes: marked,
    gate: {
      failOn,
      destructive: destructiveNotes.length,
      unacknowledged: [...new Set(marked.filter((n) => n.severity === 'destructive' && n.acknowledged !== true).map((n) => n.id))].sort(),
      acks: results,
    },
    problems,
  };
}

/** The note with `acknowledged` right after `severity`, where the JSON documents it. */
function withAcknowledged(n: ImpactNote, acknowledged: boolean): ImpactNote {
  const { kind, id, severity, acknowledged: _old, ...rest } = n;
  return { kind, id, severity, acknowledged, ...rest };
}

/** True when `--fail-on` says the diff must fail. */
export function gateFails(gate: Gate): boolean {
  return gate.failOn === 'destructive' && gate.unacknowledged.length > 0;
}
