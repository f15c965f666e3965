// The build steps after tsc (`npm run build` = tsc, then this):
//
//   1. the JSON Schemas compiled into ajv standalone validators (compile-validators.ts);
//   2. the bundle: the executable and its worker threads as a few ES modules in dist/bundle/ (esbuild),
//      with gwtopo's code and its dependencies inlined. Node.js 20 has no compile cache, and resolving,
//      reading and compiling ~450 small modules cost every process and every worker thread ~0.3 s of CPU
//      before it did anything; the bundle loads in about a third of that. dist/bundle/cli.js is the
//      package's executable; dist/generator/ (tsc's output, one file per module) stays for the tests and
//      holds the compiled validators and nothing else the bundle needs.
//
// Each worker thread's entry keeps the file name its starter asks for next to itself (pipeline-worker.js,
// writer-worker.js, scan-worker.js, worker.js), so the same `new URL('./…', import.meta.url)` works compiled and bundled;
// files of the package are found from its root (generator/support/paths.ts). So every file of the bundle, chunks
// included, lies directly in dist/bundle/.
import { chmodSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { compileValidators } from './compile-validators.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLE_DIR = join(REPO, 'dist', 'bundle');

/** The bundle's entry points: output name → source. */
export const ENTRIES: Readonly<Record<string, string>> = {
  cli: 'generator/cli.ts',
  main: 'generator/main.ts',
  'pipeline-worker': 'generator/pipeline/pipeline-worker.ts',
  'writer-worker': 'generator/write/writer-worker.ts',
  'scan-worker': 'generator/write/scan-worker.ts',
  worker: 'generator/conform/worker.ts',
};

export async function bundle(): Promise<void> {
  // Chunk names carry a content hash: without this, every build would leave the previous build's chunks behind
  // (and the package would ship them).
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  await build({
    absWorkingDir: REPO,
    entryPoints: ENTRIES,
    outdir: BUNDLE_DIR,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Dependencies written as CommonJS call require() for Node's built-in modules: give the bundle a real one.
    banner: { js: "import { createRequire as __gwtopoCreateRequire } from 'node:module';\nconst require = __gwtopoCreateRequire(import.meta.url);" },
    chunkNames: '[name]-[hash]',
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  chmodSync(join(BUNDLE_DIR, 'cli.js'), 0o755);
}

compileValidators();
await bundle();
