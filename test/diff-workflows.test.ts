// The GitHub workflow for GitOps repositories (.github/workflows/gwtopo.yml), the composite action
// (action.yml) and every other workflow of this repository validate against GitHub's schemas
// (@action-validator/core), and the review workflow keeps the properties the README ("Reviewing changes") promises.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { REPO_ROOT } from './helpers.js';

const WORKFLOWS = join(REPO_ROOT, '.github', 'workflows');

function read(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
  id?: string;
}

interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { if?: string; permissions?: Record<string, string>; steps: Step[] }>;
}

describe('workflow and action files', () => {
  test('the validator rejects a broken workflow (so the checks below can fail)', () => {
    assert.notDeepEqual(validateWorkflow('name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n').errors, []);
    assert.notDeepEqual(validateAction('name: x\nruns:\n  using: composite\n  steps:\n    - run: echo\n').errors, [], 'a composite run step needs a shell');
  });

  test('every workflow and the composite action validate', () => {
    const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
    assert.ok(files.includes('gwtopo.yml') && files.includes('ci.yml'), files.join(', '));
    for (const file of files) assert.deepEqual(validateWorkflow(read(`.github/workflows/${file}`)).errors, [], file);
    assert.deepEqual(validateAction(read('action.yml')).errors, [], 'action.yml');
  });

  test('gwtopo.yml: least privilege, full history, one sticky comment from a file', () => {
    const text = read('.github/workflows/gwtopo.yml');
    const wf = parse(text) as Workflow;
    assert.deepEqual(Object.keys(wf.on).sort(), ['pull_request', 'push']);
    assert.deepEqual(wf.permissions, { contents: 'read' });
    const writers = Object.entries(wf.jobs).filter(([, job]) => Object.values(job.permissions ?? {}).includes('write'));
    assert.deepEqual(writers.map(([name, job]) => [name, job.permissions]), [['diff', { contents: 'read', 'pull-requests': 'write' }]], 'only the commenting job may write, and only pull requests');
    const diff = wf.jobs.diff!;
    assert.equal(diff.if, "github.event_name == 'pull_request'");
    const checkout = diff.steps.find((s) => s.uses?.startsWith('actions/checkout@'))!;
    assert.equal(checkout.with?.['fetch-depth'], 0);
    const run = diff.steps.find((s) => s.id === 'diff')!;
    assert.match(run.run!, /\$GWTOPO diff --base "origin\/\$BASE_REF" --format markdown > "\$RUNNER_TEMP\/gwtopo-diff\.md"/);
    assert.match(run.run!, />> "\$GITHUB_STEP_SUMMARY"/);
    assert.equal(run.env?.BASE_REF, '${{ github.base_ref }}', 'the branch name reaches the script through the environment');
    assert.doesNotMatch(run.run!, /\$\{\{/, 'no expression is spliced into a script');
    const comment = diff.steps.find((s) => s.uses?.startsWith('actions/github-script@'))!;
    const script = String(comment.with?.script);
    assert.match(script, /'<!-- gwtopo-diff -->'/);
    assert.match(script, /readFileSync\(`\$\{process\.env\.RUNNER_TEMP\}\/gwtopo-diff\.md`/, 'the body comes from a file, never a command line');
    assert.match(script, /updateComment/);
    assert.match(script, /createComment/);
    const check = wf.jobs.check!.steps.map((s) => s.run ?? '').join('\n');
    assert.match(check, /\$GWTOPO validate --format github/);
    assert.match(check, /\$GWTOPO check/);
  });

  test('action.yml: inputs root and base, gwtopo installed and run from the action path', () => {
    const action = parse(read('action.yml')) as { inputs: Record<string, { default: string }>; runs: { using: string; steps: Step[] } };
    assert.deepEqual(Object.keys(action.inputs).sort(), ['base', 'root']);
    assert.equal(action.runs.using, 'composite');
    const scripts = action.runs.steps.map((s) => s.run ?? '');
    assert.match(scripts[0]!, /^npm ci --prefix "\$GITHUB_ACTION_PATH"/);
    for (const command of ['validate', 'check', 'diff']) {
      assert.ok(
        scripts.some((s) => s.includes(`node "$GITHUB_ACTION_PATH/dist/generator/cli.js" ${command} --root "$ROOT"`)),
        `runs ${command} with the gwtopo of the action`,
      );
    }
    for (const step of action.runs.steps) assert.doesNotMatch(step.run ?? '', /\$\{\{/, 'inputs reach scripts through the environment');
  });

  test('the project CI workflow is separate and still runs the tests', () => {
    const ci = parse(read('.github/workflows/ci.yml')) as Workflow;
    const steps = Object.values(ci.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ''));
    assert.ok(steps.includes('npm test'));
  });
});
