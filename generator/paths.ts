// The files of the package that gwtopo reads at run time (schemas, schema sets, its own workflow, package.json),
// located from the package's root. This module is dist/generator/paths.js in the compiled tree and is inlined
// into dist/bundle/*.js by the bundle (scripts/build.ts); both folders sit two levels below the root, so one
// relative URL finds it from either.
/** The root of the gwtopo package (the folder holding package.json, schemas/ and dist/). */
export const PACKAGE_ROOT = new URL('../../', import.meta.url);

/** A file or folder of the package, by its path from the package's root (folders end in /). */
export function packageFile(path: string): URL {
  return new URL(path, PACKAGE_ROOT);
}
