// Real git repositories for the gwtopo diff tests: a temp folder, files committed on branch main, git
// isolated from the user's configuration and from a caller's GIT_* variables.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { requirement, tempRepo, which } from './helpers.js';

/** For describe(…, { skip }): the diff tests need git. */
export const skip = requirement(which('git'), 'git is not installed (the gwtopo diff tests read base revisions with git)');

// gwtopo runs git in-process and inherits the environment: keep a caller's GIT_DIR (a git hook running the
// tests) from pointing it at another repository, and keep the user's git configuration out of the way.
for (const key of Object.keys(process.env)) if (key.startsWith('GIT_')) delete process.env[key];
process.env.GIT_CONFIG_GLOBAL = '/dev/null';
process.env.GIT_CONFIG_NOSYSTEM = '1';
process.env.GIT_CEILING_DIRECTORIES = tmpdir();

const COMMIT_ENV = {
  GIT_AUTHOR_NAME: 'gwtopo test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'gwtopo test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_AUTHOR_DATE: '2001-02-03T04:05:06Z',
  GIT_COMMITTER_DATE: '2001-02-03T04:05:06Z',
  // Read-only commands such as status must not refresh the index while the tests watch it.
  GIT_OPTIONAL_LOCKS: '0',
};

export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...COMMIT_ENV } });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A git repository with the files committed on branch main. */
export function gitRepo(files: Record<string, string>): string {
  const root = tempRepo(files);
  git(root, 'init', '-q');
  git(root, 'symbolic-ref', 'HEAD', 'refs/heads/main');
  commitAll(root, 'base');
  return root;
}

export function commitAll(root: string, message: string): string {
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '--allow-empty', '-m', message);
  return git(root, 'rev-parse', 'HEAD').trim();
}
