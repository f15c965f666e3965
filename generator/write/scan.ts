// Reads what is on disk under overlays/: every file, and whether gwtopo generated it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fg from 'fast-glob';
import { OVERLAYS_DIR } from '../serialize/files.js';
import { mapLimit } from './pool.js';

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
  const files = await mapLimit(paths, 64, async (path) => ({ path, content: await readFile(join(root, path), 'utf8') }));
  return new Map(files.map((f) => [f.path, f]));
}
