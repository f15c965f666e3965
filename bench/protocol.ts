// What the runner (bench/runner.ts, a child process) reports to the parent (bench/bench.ts).

/** The parent sets this to the number of a spare pipe (3) the runner writes its result line to. */
export const RESULT_FD_ENV = 'GWTOPO_BENCH_RESULT_FD';
/** Without that variable, the result is the last line of stderr, after this prefix. */
export const RESULT_PREFIX = 'gwtopo-bench-result ';

export interface RunnerResult {
  exitCode: number;
  /** From process start (performance.timeOrigin) to the first line of the runner: Node.js bootstrap. */
  startupMs: number;
  /** import('dist/generator/main.js') and everything it loads (yaml, ajv, fast-glob, diff). */
  importMs: number;
  /** The main() call: the command itself, including printing its output. */
  mainMs: number;
  /** From process start to the end of main(). */
  totalMs: number;
  /** process.resourceUsage().maxRSS, in kilobytes: the process's peak resident set size. */
  maxRssKB: number;
  userCpuMs: number;
  systemCpuMs: number;
  /** V8 heap in use when main() returned. */
  heapUsedMB: number;
}
