// Reads what is on disk under overlays/: every file, and whether gwtopo generated it. Symbolic links are
// never followed: they are reported, and gwtopo refuses to write or delete through them.
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';
import { OVERLAYS_DIR } from '../topology/layout.js';
import { IN_TEMP_FOLDER, TEMP_FILE } from './atomic.js';
import { LOCK_FILE } from './lock.js';

interface ExistingFile {
  path: string;
  content: string;
}

export interface Scanned {
  files: Map<string, ExistingFile>;
  /** Symbolic links (to files or folders) under overlays/, and overlays/ itself when it is one. */
  links: string[];
  /** Temporary files and folders a killed gwtopo left behind (atomic.ts TEMP_FILE): generate removes them; nobody reports them. */
  leftovers: string[];
}

/**
 * A file's content; a name that is not UTF-8 (read back with U+FFFD, so it cannot be opened by it) is not gwtopo's
 * — gwtopo's names are ASCII — and reads as empty: not generated, so it is left alone and reported as such.
 */
function readName(root: string, path: string): string {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch (err) {
    if (path.includes('\uFFFD') && (err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/**
 * Every regular file under overlays/ (or only under the given folders of overlays/), with its content,
 * and every symbolic link. gwtopo's own lock file is not part of the output.
 */
export async function scanOverlays(root: string, folders?: readonly string[]): Promise<Scanned> {
  try {
    if (lstatSync(join(root, OVERLAYS_DIR)).isSymbolicLink()) return { files: new Map(), links: [OVERLAYS_DIR], leftovers: [] };
  } catch {
    return { files: new Map(), links: [], leftovers: [] }; // no overlays/ yet
  }
  const patterns = folders === undefined ? [`${OVERLAYS_DIR}/**`] : folders.flatMap((c) => [`${OVERLAYS_DIR}/${fg.escapePath(c)}`, `${OVERLAYS_DIR}/${fg.escapePath(c)}/**`]);
  // Synchronously, like the reads below: thousands of directory reads would each wait for the thread pool.
  const entries = fg.sync(patterns, { cwd: root, dot: true, onlyFiles: false, followSymbolicLinks: false, unique: true, objectMode: true });
  const files = new Map<string, ExistingFile>();
  const links: string[] = [];
  const leftovers: string[] = [];
  const temps = new Set<string>();
  for (const entry of entries.sort((a, b) => (a.path < b.path ? -1 : 1))) {
    // A temporary folder (a new cluster folder a killed run did not rename into place): a leftover, as a whole.
    const inTemp = IN_TEMP_FOLDER.exec(entry.path)?.[1];
    if (inTemp !== undefined || (entry.dirent.isDirectory() && TEMP_FILE.test(entry.path))) {
      const folder = inTemp ?? entry.path;
      if (!temps.has(folder)) leftovers.push(folder);
      temps.add(folder);
    } else if (entry.dirent.isSymbolicLink()) links.push(entry.path);
    // A folder whose name is not UTF-8 cannot be listed by that name: it is not gwtopo's, and is left alone whole.
    else if (entry.dirent.isDirectory() && entry.path.includes('\uFFFD')) files.set(entry.path, { path: entry.path, content: '' });
    else if (entry.dirent.isFile() && TEMP_FILE.test(entry.path)) leftovers.push(entry.path);
    else if (entry.dirent.isFile() && entry.path !== `${OVERLAYS_DIR}/${LOCK_FILE}`) files.set(entry.path, { path: entry.path, content: readName(root, entry.path) });
  }
  return { files, links, leftovers };
}
