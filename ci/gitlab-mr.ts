// GitLab merge-request helper for .gitlab-ci.yml: writes the merge-request description to a file (for
// `gwtopo diff --ack-file`) and posts the diff Markdown as ONE note, updated in place on every pipeline.
// Texts go between the API and files only — never through a shell command line. Uses GitLab's REST API v4
// (GET /projects/:id/merge_requests/:iid, GET/POST /…/notes, PUT /…/notes/:note_id) with the project access
// token in GWTOPO_NOTE_TOKEN, and the variables GitLab CI predefines.
//
//   node dist/ci/gitlab-mr.js description FILE   the description (empty when there is no merge request)
//   node dist/ci/gitlab-mr.js note FILE          create or update the note (skipped without a token)
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const MARKER = '<!-- gwtopo-diff -->';
const TRUNCATED = '<!-- gwtopo-diff:truncated -->';

type Env = Record<string, string | undefined>;

interface Api {
  base: string;
  token: string;
}

function api(env: Env): Api | undefined {
  const { CI_API_V4_URL: url, CI_PROJECT_ID: project, CI_MERGE_REQUEST_IID: iid, GWTOPO_NOTE_TOKEN: token } = env;
  if (url === undefined || project === undefined || iid === undefined || token === undefined || token === '') return undefined;
  return { base: `${url.replace(/\/$/, '')}/projects/${encodeURIComponent(project)}/merge_requests/${encodeURIComponent(iid)}`, token };
}

async function call(a: Api, method: string, path: string, body?: Record<string, string>): Promise<unknown> {
  const res = await fetch(`${a.base}${path}`, {
    method,
    headers: { 'PRIVATE-TOKEN': a.token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path || '/'}: HTTP ${res.status}`);
  return res.json();
}

/** The description from the API (complete); without a token, GitLab's variable (which GitLab may shorten). */
async function description(env: Env, file: string): Promise<string> {
  const a = api(env);
  const text = a === undefined ? (env.CI_MERGE_REQUEST_DESCRIPTION ?? '') : (((await call(a, 'GET', '')) as { description?: string | null }).description ?? '');
  writeFileSync(file, text);
  return a === undefined && env.CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED === 'true' ? 'the description is cut short without GWTOPO_NOTE_TOKEN: acknowledgements at its end are not read' : '';
}

/** Creates the note, or updates the previous one (found by the marker gwtopo puts first). */
async function note(env: Env, file: string): Promise<string> {
  let body = readFileSync(file, 'utf8');
  if (!body.startsWith(MARKER)) return 'gwtopo diff wrote no note';
  const a = api(env);
  if (a === undefined) return 'no note posted: GWTOPO_NOTE_TOKEN is not set (or this is not a merge-request pipeline)';
  // The artifact exists once the job ends; the link points at it.
  if (body.includes(TRUNCATED) && env.CI_JOB_URL !== undefined) body += `\n**The full report**: [gwtopo-diff.html](${env.CI_JOB_URL}/artifacts/file/gwtopo-diff.html)\n`;
  for (let page = 1; ; page++) {
    const notes = (await call(a, 'GET', `/notes?per_page=100&sort=asc&page=${page}`)) as { id: number; body: string; system: boolean }[];
    const previous = notes.find((n) => !n.system && n.body.startsWith(MARKER));
    if (previous !== undefined) {
      await call(a, 'PUT', `/notes/${previous.id}`, { body });
      return `updated note ${previous.id}`;
    }
    if (notes.length < 100) break;
  }
  await call(a, 'POST', '/notes', { body });
  return 'created the note';
}

/** Runs one command; returns the exit code. API failures are reported, never thrown. */
export async function gitlabMr(argv: readonly string[], env: Env, log: (line: string) => void): Promise<number> {
  const [command, file] = argv;
  if ((command !== 'description' && command !== 'note') || file === undefined) {
    log('usage: gitlab-mr.js description FILE | note FILE');
    return 2;
  }
  try {
    const said = command === 'description' ? await description(env, file) : await note(env, file);
    if (said !== '') log(`gwtopo: ${said}`);
    return 0;
  } catch (err) {
    log(`gwtopo: the merge-request ${command} failed: ${(err as Error).message}`);
    return 1;
  }
}

// Run as a script (not when a test imports it).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  process.exitCode = await gitlabMr(process.argv.slice(2), process.env, (line) => process.stderr.write(`${line}\n`));
}
