// Runs gwtopo once in a fresh child process (bench/runner.js) and collects what it reports.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { RESULT_FD_ENV, RESULT_PREFIX, type RunnerResult } from './protocol.js';

const RUNNER = fileURLToPath(new URL('./runner.js', import.meta.url));

export interface Measured {
  argv: string[];
  /** The child's exit status (gwtopo's exit code), or null when it was killed by a signal. */
  status: number | null;
  signal: NodeJS.Signals | null;
  /** Wall time seen by the parent, spawn to exit: what a user waiting for `gwtopo …` experiences. */
  wallMs: number;
  /** What the runner measured inside the child. */
  child: RunnerResult;
  stdout: string;
  stderr: string;
}

function collect(stream: Readable | null | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    if (stream == null) return resolve('');
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', reject);
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/**
 * Spawns `node [nodeFlags] runner.js ...gwtopoArgv` in cwd and waits for it; `modules` runs tsc's tree (one
 * file per module) instead of the bundle, for profiles.
 */
export async function runGwtopo(gwtopoArgv: string[], opts: { cwd: string; nodeFlags?: string[]; modules?: boolean }): Promise<Measured> {
  const start = performance.now();
  const child = spawn(process.execPath, [...(opts.nodeFlags ?? []), RUNNER, ...gwtopoArgv], {
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, CI: 'true', [RESULT_FD_ENV]: '3', ...(opts.modules === true ? { GWTOPO_BENCH_TREE: 'modules' } : {}) },
  });
  const [stdout, stderr, resultText, exit] = await Promise.all([
    collect(child.stdout),
    collect(child.stderr),
    collect(child.stdio[3] as Readable),
    new Promise<{ status: number | null; signal: NodeJS.Signals | null; at: number }>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (status, signal) => resolve({ status, signal, at: performance.now() }));
    }),
  ]);
  let text = resultText.trim();
  if (text === '') {
    const last = stderr.trimEnd().split('\n').pop() ?? '';
    if (last.startsWith(RESULT_PREFIX)) text = last.slice(RESULT_PREFIX.length);
  }
  if (text === '') {
    throw new Error(`the runner reported no result for gwtopo ${gwtopoArgv.join(' ')} (exit ${exit.status ?? exit.signal}):\n${stderr.slice(-4000)}`);
  }
  return {
    argv: gwtopoArgv,
    status: exit.status,
    signal: exit.signal,
    wallMs: exit.at - start,
    child: JSON.parse(text) as RunnerResult,
    stdout,
    stderr,
  };
}
