// Explains YAML indentation mistakes. The yaml package reports them by their consequences ("Implicit keys
// need to be on a single line", "All mapping items must start at the same column", a cascade of follow-ups);
// a person needs the first line whose indentation is wrong and the indentation that was expected there.
// This reads the block structure from the lines' indentation alone; parse.ts asks it only about files the
// parser refused, and uses its answer when it points at or before the parser's first error.

export interface IndentationMistake {
  rule: 'yaml-tab' | 'yaml-indentation';
  /** 1-based line and column of the offending character. */
  line: number;
  col: number;
  /**
   * The line of the text before it (0: none). The parser often blames that one: it reads a line indented
   * too deep as the continuation of the value before it.
   */
  previous: number;
  message: string;
  hint: string;
}

interface Level {
  indent: number;
  kind: 'map' | 'seq';
  /** The latest key of a map, for messages. */
  key?: string;
  /** The 1-based line of the latest key or list item at this level. */
  line: number;
}

/** `key:` (plain or quoted) at the start of a text, then the rest after the colon. */
const MAP_ENTRY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#[\]{},&*!|>%@`?-][^:#]*?|-[^\s:#][^:#]*?)\s*:(?:\s+(.*))?$/;

function quoted(key: string): string {
  return JSON.stringify(key.replace(/^["']|["']$/g, ''));
}

/** The value of an entry without a trailing comment. */
function valueText(rest: string | undefined): string {
  return (rest ?? '').replace(/(^|\s)#.*$/, '').trim();
}

/** Net count of opening flow brackets in a text, outside quotes and comments. */
function flowDepth(text: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== undefined) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      break;
    } else if (ch === '[' || ch === '{') {
      depth++;
    } else if (ch === ']' || ch === '}') {
      depth--;
    }
  }
  return depth;
}

function plural(n: number): string {
  return `${n} space${n === 1 ? '' : 's'}`;
}

function sibling(level: Level): string {
  return level.kind === 'map' ? `a sibling of ${quoted(level.key ?? '')} on line ${level.line}` : `a sibling of the list item on line ${level.line}`;
}

/** The first tab used as indentation, or the first line indented unlike the structure around it. */
export function findIndentationMistake(text: string): IndentationMistake | undefined {
  const lines = text.split(/\r?\n/);
  let stack: Level[] = [];
  /** The previous line ended in `key:` (or `-`): a deeper line opens its block. */
  let opened: { indent: number; kind: 'map' | 'seq' } | undefined;
  /** Inside a block scalar: lines deeper than this indent are its content. */
  let scalarAbove: number | undefined;
  let flow = 0;
  const tabs: number[] = [];
  let firstTab: IndentationMistake | undefined;
  let previous = 0;

  /** Pushes the levels a line opens (a list item may hold a map entry), and notes what its value opens. */
  const enter = (indent: number, content: string, lineNo: number): void => {
    let col = indent;
    let rest = content;
    while (rest === '-' || rest.startsWith('- ')) {
      stack.push({ indent: col, kind: 'seq', line: lineNo });
      const inner = rest.slice(1).replace(/^\s+/, '');
      col += rest.length - inner.length;
      rest = inner;
      if (rest === '') {
        opened = { indent: col - 2, kind: 'seq' };
        return;
      }
    }
    const entry = MAP_ENTRY.exec(rest);
    if (entry === null) return;
    stack.push({ indent: col, kind: 'map', key: entry[1]!, line: lineNo });
    const value = valueText(entry[2]);
    if (value === '' || /^[&!][^\s]*$/.test(value)) opened = { indent: col, kind: 'map' };
    else if (/^[|>]/.test(value)) scalarAbove = col;
    else flow = flowDepth(value);
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!;
    const lead = /^[ \t]*/.exec(raw)![0];
    const content = raw.slice(lead.length).trimEnd();
    if (content === '' || content.startsWith('#')) continue;
    const before = previous;
    previous = lineNo;
    if (scalarAbove !== undefined) {
      if (lead.length > scalarAbove && !lead.includes('\t')) continue;
      scalarAbove = undefined;
    }
    if (flow > 0) {
      flow += flowDepth(content);
      continue;
    }
    // Indentation, and the space after the dashes of list items that open on this line.
    const indentation = /^[ \t]*(?:-[ \t]+)*/.exec(raw)![0];
    if (indentation.includes('\t')) {
      tabs.push(lineNo);
      firstTab ??= {
        rule: 'yaml-tab',
        line: lineNo,
        col: indentation.indexOf('\t') + 1,
        previous: before,
        message: 'tab character: YAML indents with spaces',
        hint: 'replace the tab with spaces (set your editor to insert spaces in YAML files)',
      };
      continue;
    }
    if (firstTab !== undefined) continue;
    if (/^(---|\.\.\.)(\s|$)/.test(content) || content.startsWith('%')) {
      stack = [];
      opened = undefined;
      continue;
    }
    if (content.startsWith('?')) return undefined; // complex keys: leave them to the parser
    const n = lead.length;
    const kind = content === '-' || content.startsWith('- ') ? 'seq' : MAP_ENTRY.test(content) ? 'map' : 'other';
    const parent = opened;
    opened = undefined;
    if (stack.length === 0) {
      enter(n, content, lineNo);
      continue;
    }
    // The first line of a block: deeper than its key, or a list at the key's own indentation.
    if (parent !== undefined && (n > parent.indent || (n === parent.indent && kind === 'seq' && parent.kind === 'map'))) {
      enter(n, content, lineNo);
      continue;
    }
    let at = -1;
    for (let j = stack.length - 1; j >= 0; j--) {
      if (stack[j]!.indent === n && stack[j]!.kind === kind) {
        at = j;
        break;
      }
    }
    if (at >= 0) {
      stack = stack.slice(0, at);
      enter(n, content, lineNo);
      continue;
    }
    const top = stack[stack.length - 1]!;
    if (kind === 'other') {
      if (n > top.indent) continue; // a plain scalar continued on the next line
      return undefined;
    }
    if (stack.some((l) => l.indent === n)) return undefined; // a list where a key belongs, or the reverse: not an indentation question
    if (n < stack[0]!.indent) {
      return {
        rule: 'yaml-indentation',
        line: stack[0]!.line,
        col: 1,
        previous: 0,
        message: `expected indentation of 0 spaces (top-level keys start in column 1), found ${plural(stack[0]!.indent)}`,
        hint: `remove the leading spaces of line ${stack[0]!.line}`,
      };
    }
    const candidates = stack.filter((l) => l.kind === kind);
    if (candidates.length === 0) return undefined;
    // The nearest level of the same kind; on a tie, the deeper one (a slip usually happens next to its siblings).
    const expected = candidates.reduce((best, l) => (Math.abs(l.indent - n) <= Math.abs(best.indent - n) ? l : best));
    return {
      rule: 'yaml-indentation',
      line: lineNo,
      col: n + 1,
      previous: before,
      message: `expected indentation of ${plural(expected.indent)} (${sibling(expected)}), found ${n}`,
      hint: `YAML reads structure from indentation: indent line ${lineNo} by ${plural(expected.indent)} to line it up with line ${expected.line}`,
    };
  }
  if (firstTab !== undefined && tabs.length > 1) firstTab.hint += `; ${tabs.length - 1} more line${tabs.length === 2 ? ' is' : 's are'} indented with tabs`;
  return firstTab;
}
