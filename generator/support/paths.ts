// The files of the package that gwtopo reads at run time (schemas, schema sets, its own workflow, package.json),
// located from the package's root. This module is dist/generator/support/paths.js in the compiled tree and is
// inlined into dist/bundle/*.js by the bundle (scripts/build.ts): the root is the nearest folder above it that
// holds package.json (two levels up from the bundle, three from the compiled tree).
import { existsSync } from 'node:fs';

function packageRoot(): URL {
  const here = new URL('./', import.meta.url);
  for (let dir = here; ; ) {
    if (existsSync(new URL('package.json', dir))) return dir;
    const up = new URL('../', dir);
    // Stryker disable next-line ConditionalExpression: equivalent: the file system root is its own parent
    if (up.href === dir.href) return new URL('../..', import.meta.url);
    dir = up;
  }
}

/** The root of the gwtopo package (the folder holding package.json, schemas/ and dist/). */
const PACKAGE_ROOT = packageRoot();

/** A file or folder of the package, by its path from the package's root (folders end in /). */
export function packageFile(path: string): URL {
  return new URL(path, PACKAGE_ROOT);
}
