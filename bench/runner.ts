// The benchmark's child process: runs gwtopo's main() once, exactly as the CLI does (the package's executable,
// dist/bundle/cli.js, non-interactive; main() from the same bundle), then reports timings and peak memory to the parent as one JSON line on the fd named
// by $GWTOPO_BENCH_RESULT_FD (the parent opens a spare pipe, fd 3), or else as the last line of stderr.
//
//   node dist/bench/runner.js generate --root /tmp/x      (the arguments are gwtopo's)
import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { RESULT_FD_ENV, RESULT_PREFIX, type RunnerResult } from './protocol.js';

const startupMs = performance.now();
const t0 = performance.now();
// The bundle is not a TypeScript module: it is named through a variable, and typed as the module it bundles.
// A profiling run ($GWTOPO_BENCH_TREE=modules) loads tsc's tree instead, one file per module, so that time can
// be charged to gwtopo's files and stages (bench/profile.ts); the code is the same.
const entry = process.env.GWTOPO_BENCH_TREE === 'modules' ? '../generator/main.js' : '../bundle/main.js';
const { main } = (await import(entry)) as typeof import('../generator/main.js');
const t1 = performance.now();
const exitCode = await main(process.argv.slice(2), {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  interactive: false,
  cwd: process.cwd(),
});
const t2 = performance.now();
const usage = process.resourceUsage();
const result: RunnerResult = {
  exitCode,
  startupMs,
  importMs: t1 - t0,
  mainMs: t2 - t1,
  totalMs: t2,
  maxRssKB: usage.maxRSS,
  userCpuMs: usage.userCPUTime / 1000,
  systemCpuMs: usage.systemCPUTime / 1000,
  heapUsedMB: process.memoryUsage().heapUsed / (1024 * 1024),
};
const line = `${JSON.stringify(result)}\n`;
const fd = Number(process.env[RESULT_FD_ENV]);
if (Number.isInteger(fd) && fd > 2) writeSync(fd, line);
else process.stderr.write(`\n${RESULT_PREFIX}${line}`);
// Let the process end by itself (so --cpu-prof can write its profile), with gwtopo's exit code.
process.exitCode = exitCode;
