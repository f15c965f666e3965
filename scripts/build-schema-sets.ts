// Builds the schema sets shipped in the package (schema-sets/) from the upstream CRD copies:
//
//   npm run schema-sets                                  reads ../shared/crds (beside the repository)
//   node dist/scripts/build-schema-sets.js <crds-folder>  reads another folder with the same layout
//
// For each builtin set, every *.yaml under <crds-folder>/<set>/ is read (all documents), reduced to what
// validation needs (generator/conform/schema/crd.ts) and written as schema-sets/<set>/index.json plus one
// JSON file per CRD (generator/conform/schema/pack.ts). <crds-folder>/SOURCES.md, the provenance of the
// copies, is kept as schema-sets/SOURCES.md; each index records a digest of the files it was built from.
// The output depends only on the input bytes. Files of schema-sets/<set>/ that the build no longer
// produces are removed.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { readCrds } from '../generator/conform/schema/crd.js';
import { packSet, sourcesDigest } from '../generator/conform/schema/pack.js';
import { BUILTIN_SETS } from '../generator/conform/sets.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_CRDS = resolve(REPO_ROOT, '..', 'shared', 'crds');
export const SCHEMA_SETS = join(REPO_ROOT, 'schema-sets');

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...yamlFiles(full));
    else if (/\.ya?ml$/.test(name)) out.push(full);
  }
  return out;
}

/** The digest of a set's source files (what its index.json records). */
export function setSourcesDigest(crdsRoot: string, set: string): string {
  const dir = join(crdsRoot, set);
  return sourcesDigest(yamlFiles(dir).map((f) => ({ path: relative(dir, f).split(sep).join('/'), bytes: readFileSync(f) })));
}

/** Every file of schema-sets/, by path relative to it ('/'-separated), built from a CRD folder. */
export function buildSchemaSets(crdsRoot: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const set of BUILTIN_SETS) {
    const dir = join(crdsRoot, set);
    const documents: unknown[] = [];
    for (const file of yamlFiles(dir)) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
        documents.push(doc.toJS());
      }
    }
    for (const [path, text] of packSet(set, readCrds(documents).crds, setSourcesDigest(crdsRoot, set))) out.set(`${set}/${path}`, text);
  }
  out.set('SOURCES.md', readFileSync(join(crdsRoot, 'SOURCES.md'), 'utf8'));
  return out;
}

function main(): void {
  const crdsRoot = resolve(process.argv[2] ?? DEFAULT_CRDS);
  const files = buildSchemaSets(crdsRoot);
  for (const set of BUILTIN_SETS) rmSync(join(SCHEMA_SETS, set), { recursive: true, force: true });
  for (const [path, text] of files) {
    const target = join(SCHEMA_SETS, ...path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  process.stdout.write(`wrote ${files.size} files to ${relative(process.cwd(), SCHEMA_SETS) || '.'} from ${crdsRoot}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main();
  } catch (err) {
    process.stderr.write(`build-schema-sets: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
