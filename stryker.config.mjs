// Mutation testing (StrykerJS) of validation, diagnostics, rendering, serialization and the conform stage:
// `npm run mutation`. Not part of `npm test`; reports go to reports/mutation/ (gitignored).
// One folder only: `npm run mutation -- --mutate 'generator/conform/**/*.ts'` (Stryker's own option, which
// replaces the list below); `-- --incremental` re-tests only mutants whose code or tests changed since the
// last incremental run (reports/stryker-incremental.json).
//
// node:test has no Stryker runner of its own, so the tap runner runs each compiled test file as its own
// process (`node --test-reporter=tap -r <stryker hook> dist/test/x.test.js`) and reads its TAP output.
// Stryker instruments generator/**.ts once in a sandbox (mutation switching: every mutant is compiled
// in, and switched on at run time through an environment variable), `tsc` compiles the sandbox, and
// coverage is collected per test file, so each mutant runs only the test files that reach its code.
//
// The test selection is tsconfig.mutation.json (which compiles only it, so work in progress elsewhere in
// test/ cannot break the build): the fast, in-process test files that exercise these folders. Left out
// on purpose: cli (spawns the executable), conformance and patch-mode (kubectl, CRDs), diff* (git
// repositories), determinism and hostile (slow; they re-check properties the golden bytes pin),
// write and commands (file-system planning and orchestration outside the mutated folders),
// property (slow property-based runs), conform and cluster-schema-sets (they run the executable, an esbuild
// bundle that mutants do not reach), defaults (property-based pipeline runs) and schema-sets (the
// packing script). The conform test files come first: the tap runner stops at the first failing file, and
// for a conform mutant they are the ones that fail fastest.
import { readFileSync } from 'node:fs';

const TSCONFIG = 'tsconfig.mutation.json';
// GWTOPO_MUTATION_TESTS=a,b runs only test/a.test.ts and test/b.test.ts (of the list): a folder measured with its
// own tests takes a fraction of the time (a surviving mutant runs every test file that reaches it). The score is
// then a lower bound of the whole list's.
const only = process.env.GWTOPO_MUTATION_TESTS?.split(',').map((name) => `test/${name}.test.ts`);
const testFiles = JSON.parse(readFileSync(new URL(TSCONFIG, import.meta.url), 'utf8'))
  .include.filter((/** @type {string} */ p) => p.startsWith('test/') && (only === undefined || only.includes(p)))
  .map((/** @type {string} */ p) => `dist/${p.replace(/\.ts$/, '.js')}`);

// The pipeline and `gwtopo conform` move large inputs to worker threads, whose coverage Stryker would not
// see; no selected test is that large, and this keeps it so (support/threads.ts: GWTOPO_WORKERS=0 disables
// threads everywhere). The test processes inherit the environment.
process.env.GWTOPO_WORKERS ??= '0';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'tap',
  buildCommand: `tsc -p ${TSCONFIG}`,
  // What was validate/, render/ and serialize/ before the layering (2026-12-07): the rules, the view, the schema
  // messages, the diagnostics, the model checks, the modules and the renderers.
  mutate: [
    'generator/validate/**/*.ts',
    'generator/render/**/*.ts',
    'generator/serialize/**/*.ts',
    'generator/diagnostics/**/*.ts',
    'generator/topology/view.ts',
    'generator/topology/modules/**/*.ts',
    'generator/schema/**/*.ts',
    'generator/repository/config.ts',
    'generator/model/checks.ts',
    'generator/model/environment-overrides.ts',
    'generator/model/registrations.ts',
    // The conform stage (schema walk, defaults, CEL values and library, sets); new files under it are included.
    'generator/conform/**/*.ts',
  ],
  // Mutants are not type-correct: Stryker puts `// @ts-nocheck` atop the files matched here.
  disableTypeChecks: 'generator/**/*.ts',
  tap: {
    testFiles,
    nodeArgs: ['--test-reporter=tap', '-r', '{{hookFile}}', '{{testFile}}'],
    forceBail: true,
  },
  coverageAnalysis: 'perTest',
  incrementalFile: 'reports/stryker-incremental.json',
  concurrency: 2,
  timeoutMS: 10000,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  // GWTOPO_MUTATION_REPORT=name: reports/mutation/<name>.json and .html, so that runs of several folders keep theirs.
  jsonReporter: { fileName: `reports/mutation/${process.env.GWTOPO_MUTATION_REPORT ?? 'mutation'}.json` },
  htmlReporter: { fileName: `reports/mutation/${process.env.GWTOPO_MUTATION_REPORT ?? 'mutation'}.html` },
  clearTextReporter: { allowColor: false },
  thresholds: { high: 90, low: 80, break: 80 },
  tempDirName: '.stryker-tmp',
};
