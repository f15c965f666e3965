// YAML with a comment after each value (gwtopo show): block style, two-space indentation, sequences
// indented under their key, strings quoted only where YAML would read them as something else (the same
// rule as the canonical output). Keys keep the order of the document; it is meant for reading.
import type { FieldPath } from '../diagnostics/problem.js';
import { scalar } from './yaml.js';

type Raw = Record<string, unknown>;

const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The text of a value written on its key's line, or undefined for a collection that needs lines of its own. */
function inline(value: unknown): string | undefined {
  if (typeof value === 'string') return scalar(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : undefined;
  return Object.keys(value as Raw).length === 0 ? '{}' : undefined;
}

function lines(value: unknown, path: FieldPath, indent: number, note: (path: FieldPath) => string | undefined, out: string[]): void {
  const pad = ' '.repeat(indent);
  const withNote = (line: string, at: FieldPath): string => {
    const n = note(at);
    return n === undefined ? line : `${line}  # ${n}`;
  };
  if (isMap(value)) {
    for (const [k, v] of Object.entries(value)) {
      const text = inline(v);
      if (text !== undefined) {
        out.push(withNote(`${pad}${scalar(k)}: ${text}`, [...path, k]));
      } else {
        out.push(`${pad}${scalar(k)}:`);
        lines(v, [...path, k], indent + 2, note, out);
      }
    }
    return;
  }
  (value as unknown[]).forEach((item, i) => {
    const text = inline(item);
    if (text !== undefined) {
      out.push(withNote(`${pad}- ${text}`, [...path, i]));
      return;
    }
    const start = out.length;
    lines(item, [...path, i], indent + 2, note, out);
    out[start] = `${pad}- ${out[start]!.slice(indent + 2)}`;
  });
}

/** `doc` (a map) as YAML lines, each value followed by `# <note>` where `note` gives one for its path. */
export function annotatedYaml(doc: Raw, note: (path: FieldPath) => string | undefined): string {
  const out: string[] = [];
  lines(doc, [], 0, note, out);
  return `${out.join('\n')}\n`;
}
