// Names a repeated map key and where the map first had it: the yaml package reports only the repetition.
import { type Document, isScalar, visit } from 'yaml';

/** For every repeated key of a map: the offset of the repetition → the offset of the key's first occurrence. */
export function firstKeyOffsets(doc: Document.Parsed): Map<number, number> {
  const first = new Map<number, number>();
  visit(doc, {
    Map(_, map) {
      const seen = new Map<unknown, number>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key) || key.range === undefined || key.range === null) continue;
        const earlier = seen.get(key.value);
        if (earlier === undefined) seen.set(key.value, key.range[0]);
        else first.set(key.range[0], earlier);
      }
    },
  });
  return first;
}

/** `duplicate key "name" (first on line 4)`: the key as written at `offset` in `text`. */
export function duplicateKeyMessage(text: string, offset: number, firstLine: number | undefined): string {
  const key = text
    .slice(offset)
    .split(/:\s|:$|\n/m)[0]!
    .trim();
  return `${key === '' ? 'duplicate key' : `duplicate key ${JSON.stringify(key)}`}${firstLine === undefined ? '' : ` (first on line ${firstLine})`}`;
}

export const DUPLICATE_KEY_HINT = 'a key may appear only once in a map; remove or merge the repeated entry';
