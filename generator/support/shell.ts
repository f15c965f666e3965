// Shell words for the commands gwtopo prints (rerun commands, kubectl patch commands in notes).

/** A shell word: as is when it is plainly safe, single-quoted otherwise. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
