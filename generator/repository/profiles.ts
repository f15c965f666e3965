// Reads the profiles of a repository: topologies/_profiles/<name>.yaml. Only the texts are read here (once
// per run); they are parsed where they are used, once per thread (expand/set.ts), since parsed YAML
// documents cannot be sent to worker threads.
import fg from 'fast-glob';
import type { Problem } from '../diagnostics/problem.js';
import { readText } from '../parse/parse.js';
import { PROFILES_DIR, TOPOLOGIES_DIR } from '../topology/layout.js';

/** One profile file, read: its text, or why it could not be read. */
export interface ProfileFile {
  /** The file name without .yaml. */
  name: string;
  /** Relative to the root. */
  file: string;
  text?: string;
  /** Why it could not be read (encoding, size, a link out of the repository). */
  problems: Problem[];
  /**
   * A file of the folder that is not read as a profile (its name does not end in .yaml): listed only so that
   * a topology listing its name is told about it. Its `name` is the file name without its last extension.
   */
  unread?: true;
}

export interface ProfileFiles {
  profiles: ProfileFile[];
  /** Entries of topologies/_profiles/ that are not profiles. */
  problems: Problem[];
}

export const PROFILES_PATH = `${TOPOLOGIES_DIR}/${PROFILES_DIR}`;

function wholeFile(file: string, severity: Problem['severity'], message: string, hint: string): Problem {
  return { severity, file, line: 1, col: 1, path: '', rule: 'layout', message, hint };
}

/** Lists and reads topologies/_profiles/*.yaml (sorted by name), and lists the folder's other files (`unread`). */
export async function readProfiles(root: string): Promise<ProfileFiles> {
  const entries = fg.sync(`${PROFILES_PATH}/*`, { cwd: root, onlyFiles: false, markDirectories: true, followSymbolicLinks: true, dot: false, unique: true }).sort();
  const out: ProfileFiles = { profiles: [], problems: [] };
  for (const file of entries) {
    const base = file.slice(PROFILES_PATH.length + 1);
    if (base.endsWith('.yaml')) {
      const name = base.slice(0, -'.yaml'.length);
      const read = readText(root, { cluster: '', file, kind: 'GatewayProfile' });
      out.profiles.push(read.ok ? { name, file, text: read.text, problems: [] } : { name, file, problems: read.problems });
      continue;
    }
    if (base.endsWith('.yml')) {
      out.problems.push(wholeFile(file, 'error', `gwtopo reads profiles named <name>.yaml, not .yml`, `rename it: git mv ${file} ${file.slice(0, -'.yml'.length)}.yaml`));
    } else {
      out.problems.push(wholeFile(file, 'warning', `not read: ${PROFILES_PATH}/ holds profiles, one <name>.yaml file each`, 'move it out of the folder'));
    }
    if (!base.endsWith('/')) out.profiles.push({ name: base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base, file, problems: [], unread: true });
  }
  return out;
}
