// The findings of one object as the schema walk collects them (node.ts, meta.ts).
import type { Finding } from '../finding.js';

export type PathSegment = string | number;

/** The findings of one object and whether one of them keeps CEL rules from running. */
export class Ctx {
  findings: Finding[] = [];
  blocking = false;
  /** The path of the value being looked at; copied into each finding. */
  readonly path: PathSegment[] = [];

  constructor(readonly partial: boolean) {}

  invalid(message: string, blocking: boolean, last?: PathSegment): void {
    const path = last === undefined ? [...this.path] : [...this.path, last];
    this.findings.push({ kind: 'invalid', path, message });
    if (blocking) this.blocking = true;
  }

  notChecked(message: string): void {
    this.findings.push({ kind: 'not-checked', path: [...this.path], message });
  }

  /** Runs `fn` collecting its findings apart; returns them (the context's own list and flag are untouched). */
  trial(fn: () => void): { findings: Finding[]; blocking: boolean } {
    const saved = this.findings;
    const savedBlocking = this.blocking;
    this.findings = [];
    this.blocking = false;
    try {
      fn();
      return { findings: this.findings, blocking: this.blocking };
    } finally {
      this.findings = saved;
      this.blocking = savedBlocking;
    }
  }
}
