// What every text formatter returns, and the small phrases text.ts and diff-text.ts share.
import type { Problem } from '../diagnostics/problem.js';

export interface Printed {
  stdout: string;
  stderr: string;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `; 2 warnings accepted` for a summary line, when warnings were accepted. */
export function acceptedNote(accepted: readonly Problem[]): string {
  return accepted.length === 0 ? '' : `; ${plural(accepted.length, 'warning')} accepted`;
}
