// The GitLab side: .gitlab-ci.yml keeps its promises (Code Quality report, the note posted from a file, the
// description read through the API into a file, nothing from the merge request in a shell command), and the
// note helper (ci/gitlab-mr.ts) talks to a fake GitLab API on 127.0.0.1 as it would to GitLab.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { gitlabMr } from '../ci/gitlab-mr.js';
import { REPO_ROOT, removeTemp, tempRepo, writeFiles } from './helpers.js';

interface Note {
  id: number;
  body: string;
  system: boolean;
}

/** GitLab's API for one merge request: its description and its notes; every request is recorded. */
function fakeGitlab(): { url: () => string; notes: Note[]; description: { text: string }; requests: string[]; start: () => Promise<void>; stop: () => Promise<void> } {
  const notes: Note[] = [];
  const description = { text: '' };
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url} ${req.headers['private-token'] ?? ''}`);
      const json = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.headers['private-token'] !== 'glpat-test') return json(401, { message: '401 Unauthorized' });
      const path = (req.url ?? '').split('?')[0];
      const mr = '/api/v4/projects/42/merge_requests/7';
      if (req.method === 'GET' && path === mr) return json(200, { iid: 7, description: description.text });
      if (req.method === 'GET' && path === `${mr}/notes`) {
        const page = Number(new URL(req.url ?? '', 'http://x').searchParams.get('page') ?? '1');
        return json(200, notes.slice((page - 1) * 100, page * 100));
      }
      if (req.method === 'POST' && path === `${mr}/notes`) {
        const note = { id: 1000 + notes.length, body: (JSON.parse(data) as { body: string }).body, system: false };
        notes.push(note);
        return json(201, note);
      }
      const put = new RegExp(`^${mr}/notes/(\\d+)$`).exec(path ?? '');
      if (req.method === 'PUT' && put !== null) {
        const note = notes.find((n) => n.id === Number(put[1]))!;
        note.body = (JSON.parse(data) as { body: string }).body;
        return json(200, note);
      }
      return json(404, { message: '404 Not found' });
    });
  });
  return {
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`,
    notes,
    description,
    requests,
    start: () => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve())),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('GitLab: the merge-request helper', () => {
  const gitlab = fakeGitlab();
  before(() => gitlab.start());
  after(() => gitlab.stop());
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    CI_API_V4_URL: gitlab.url(),
    CI_PROJECT_ID: '42',
    CI_MERGE_REQUEST_IID: '7',
    GWTOPO_NOTE_TOKEN: 'glpat-test',
    CI_JOB_URL: 'https://gitlab.example.com/g/p/-/jobs/9',
    ...extra,
  });

  test('the description reaches a file, byte for byte, shell metacharacters included', async () => {
    const dir = tempRepo();
    try {
      gitlab.description.text = 'Fixes $(rm -rf /) `x`\r\n- gwtopo-ack: gateway-deleted:prod/edge\r\n';
      const log: string[] = [];
      assert.equal(await gitlabMr(['description', join(dir, 'd.md')], env(), (l) => void log.push(l)), 0);
      assert.equal(readFileSync(join(dir, 'd.md'), 'utf8'), gitlab.description.text);
      assert.equal(log.length, 0);
      // Without a token: GitLab's predefined variable, and a word when GitLab shortened it.
      const fallback = await gitlabMr(['description', join(dir, 'e.md')], { CI_MERGE_REQUEST_DESCRIPTION: 'short', CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED: 'true' }, (l) => void log.push(l));
      assert.equal(fallback, 0);
      assert.equal(readFileSync(join(dir, 'e.md'), 'utf8'), 'short');
      assert.match(log[0]!, /the description is cut short without GWTOPO_NOTE_TOKEN/);
    } finally {
      removeTemp(dir);
    }
  });

  test('one note: created once, then updated in place; the full report linked when the note was cut', async () => {
    const dir = tempRepo();
    try {
      gitlab.notes.push({ id: 1, body: '<!-- gwtopo-diff --> quoted by a system note', system: true }, { id: 2, body: 'LGTM', system: false });
      writeFiles(dir, { 'a.md': '<!-- gwtopo-diff -->\n### gwtopo diff\n\nfirst\n' });
      const log: string[] = [];
      assert.equal(await gitlabMr(['note', join(dir, 'a.md')], env(), (l) => void log.push(l)), 0);
      writeFiles(dir, { 'b.md': '<!-- gwtopo-diff -->\n### gwtopo diff\n\nsecond\n<!-- gwtopo-diff:truncated -->\n' });
      assert.equal(await gitlabMr(['note', join(dir, 'b.md')], env(), (l) => void log.push(l)), 0);
      assert.deepEqual(log, ['gwtopo: created the note', 'gwtopo: updated note 1002']);
      const ours = gitlab.notes.filter((n) => !n.system && n.body.startsWith('<!-- gwtopo-diff -->'));
      assert.equal(ours.length, 1);
      assert.equal(
        ours[0]!.body,
        '<!-- gwtopo-diff -->\n### gwtopo diff\n\nsecond\n<!-- gwtopo-diff:truncated -->\n\n**The full report**: [gwtopo-diff.html](https://gitlab.example.com/g/p/-/jobs/9/artifacts/file/gwtopo-diff.html)\n',
      );
      assert.ok(
        gitlab.requests.every((r) => r.endsWith(' glpat-test')),
        'the token goes in the PRIVATE-TOKEN header',
      );
    } finally {
      removeTemp(dir);
    }
  });

  test('no token, no comment from gwtopo, a failing API, a wrong call: said, and never a crash', async () => {
    const dir = tempRepo({ 'c.md': '<!-- gwtopo-diff -->\nx\n', 'other.md': 'not gwtopo\n' });
    try {
      const log: string[] = [];
      assert.equal(await gitlabMr(['note', join(dir, 'c.md')], { ...env(), GWTOPO_NOTE_TOKEN: '' }, (l) => void log.push(l)), 0);
      assert.equal(await gitlabMr(['note', join(dir, 'other.md')], env(), (l) => void log.push(l)), 0);
      assert.equal(await gitlabMr(['note', join(dir, 'c.md')], { ...env(), GWTOPO_NOTE_TOKEN: 'wrong' }, (l) => void log.push(l)), 1);
      assert.equal(await gitlabMr(['post', 'x'], env(), (l) => void log.push(l)), 2);
      assert.deepEqual(log, [
        'gwtopo: no note posted: GWTOPO_NOTE_TOKEN is not set (or this is not a merge-request pipeline)',
        'gwtopo: gwtopo diff wrote no note',
        'gwtopo: the merge-request note failed: GET /notes?per_page=100&sort=asc&page=1: HTTP 401',
        'usage: gitlab-mr.js description FILE | note FILE',
      ]);
    } finally {
      removeTemp(dir);
    }
  });
});

describe('GitLab: .gitlab-ci.yml', () => {
  test('Code Quality report, the HTML artifact, the gate on the description file, the note from a file', () => {
    const ci = parse(readFileSync(join(REPO_ROOT, '.gitlab-ci.yml'), 'utf8')) as Record<
      string,
      { script: string[]; artifacts: { when: string; paths: string[]; reports: { codequality: string } }; variables: Record<string, string> }
    >;
    const job = ci.gwtopo!;
    assert.equal(job.variables.GIT_DEPTH, '0', 'the target branch is in the history');
    assert.deepEqual(job.artifacts.reports, { codequality: 'gl-code-quality-report.json' });
    assert.deepEqual([job.artifacts.when, job.artifacts.paths], ['always', ['gwtopo-diff.html']]);
    const script = job.script.join('\n');
    assert.match(script, /\$GWTOPO check --format gitlab > gl-code-quality-report\.json/);
    assert.match(script, /node "\$MR" description gwtopo-mr-description\.md/);
    assert.match(script, /--fail-on destructive --ack-file gwtopo-mr-description\.md --format markdown > gwtopo-diff\.md/);
    assert.match(script, /--format html > gwtopo-diff\.html/);
    assert.match(script, /node "\$MR" note gwtopo-diff\.md/);
    // The check's failure does not stop the diff and its note: both run, then the job fails.
    assert.ok(script.indexOf('node "$MR" note') < script.indexOf('exit "$check"'));
    assert.doesNotMatch(script, /CI_MERGE_REQUEST_(DESCRIPTION|TITLE)|\$\{?CI_COMMIT_(MESSAGE|TITLE|DESCRIPTION)/, 'no text of the merge request in a shell command');
  });
});
