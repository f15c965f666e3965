// What commands return: plain data. Formatting (report/) and exit codes (exit.ts) are decided elsewhere.
import type { Problem } from '../validate/problem.js';

/** ok → 0, drift → 1, invalid → 2 (see exit.ts). */
export type Outcome = 'ok' | 'drift' | 'invalid';

export interface CommandOptions {
  root: string;
  /** --cluster (repeatable); undefined means every cluster. */
  clusters?: string[];
  /** Progress messages for the spinner on interactive terminals. */
  progress?: (text: string) => void;
}

interface Base {
  outcome: Outcome;
  clusters: string[];
  problems: Problem[];
}

export interface ValidateReport extends Base {
  command: 'validate';
}

export interface GenerateReport extends Base {
  command: 'generate';
  written: string[];
  removed: string[];
  unchanged: number;
  foreign: string[];
  lineEndings: string[];
  k3d: Record<string, string[]>;
}

export interface CheckReport extends Base {
  command: 'check';
  files: number;
  changed: { path: string; diff: string }[];
  missing: string[];
  stale: string[];
  lineEndings: string[];
  foreign: string[];
}

export type Report = ValidateReport | GenerateReport | CheckReport;
