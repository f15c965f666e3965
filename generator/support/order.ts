// The order in which gwtopo reads a folder's entries: by code point of their names, as Go's sort.Strings orders
// them (kubectl's filepath.Walk for `-f DIR -R`, kustomize). JavaScript's `<` on strings compares UTF-16 units,
// which puts U+1F600 (a surrogate pair, 0xD83D…) before U+E000; UTF-8 bytes compare in code-point order.

/** Sort comparator for directory entries (or anything with a name): code-point order of the names. */
export function byName(a: { name: string }, b: { name: string }): number {
  return Buffer.compare(Buffer.from(a.name), Buffer.from(b.name));
}
