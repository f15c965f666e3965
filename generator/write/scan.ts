// Reads what is on disk under overlays/: every file, and whether gwtopo generated it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';
import { OVERLAYS_DIR } from '../serialize/files.js';

export interface ExistingFile {
  path: string;
  content: string;
}

/**
 * Every regular file under overlays/ (or only under overlays/<cluster>/ for the given clusters), with
 * its content. Symbolic links are not followed.
 */
export async function scanOverlays(root: string, clusters?: readonly string[]): Promise<Map<string, ExistingFile>> {
  const patterns = clusters === undefined ? [`${OVERLAYS_DIR}/**`] : clusters.map((c) => `${OVERLAYS_DIR}/${fg.escapePath(c)}/**`);
  const paths = (await fg(patterns, { cwd: root, dot: true, onlyFiles: true, followSymbolicLinks: false, unique: true })).sort();
  return new Map(paths.map((path) => [path, { path, content: readFileSync(join(root, path), 'utf8') }]));
}
