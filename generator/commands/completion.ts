import { completionScript } from '../cli/completion.js';
import type { CommandOptions, CompletionReport } from '../report/types.js';

/** `gwtopo completion SHELL`: the completion script for that shell. */
export async function completion(opts: CommandOptions): Promise<CompletionReport> {
  return { command: 'completion', outcome: 'ok', clusters: [], problems: [], accepted: [], script: completionScript(opts.shell!) };
}
