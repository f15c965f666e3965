// The GitHub workflow for GitOps repositories (.github/workflows/gwtopo.yml), the composite action
// (action.yml) and every other workflow of this repository validate against GitHub's schemas
// (@action-validator/core), and the review workflow keeps the properties the README ("Reviewing changes") promises.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
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
  name?: string;
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
    const files = readdirSync(WORKFLOWS)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
    assert.ok(files.includes('gwtopo.yml') && files.includes('ci.yml'), files.join(', '));
    for (const file of files) assert.deepEqual(validateWorkflow(read(`.github/workflows/${file}`)).errors, [], file);
    assert.deepEqual(validateAction(read('action.yml')).errors, [], 'action.yml');
  });

  test('gwtopo.yml: least privilege, full history, one sticky comment from a file', () => {
    const text = read('.github/workflows/gwtopo.yml');
    const wf = parse(text) as Workflow;
    assert.deepEqual(Object.keys(wf.on).sort(), ['pull_request', 'push']);
    assert.deepEqual((wf.on.pull_request as { types: string[] }).types, ['opened', 'synchronize', 'reopened', 'edited'], 'an edited description (an acknowledgement) runs the diff again');
    assert.equal(wf.jobs.check!.if, undefined, 'the drift check is never skipped: a skipped required check would pass');
    assert.deepEqual(wf.permissions, { contents: 'read' });
    const writers = Object.entries(wf.jobs).filter(([, job]) => Object.values(job.permissions ?? {}).includes('write'));
    assert.deepEqual(
      writers.map(([name, job]) => [name, job.permissions]),
      [['diff', { contents: 'read', 'pull-requests': 'write' }]],
      'only the commenting job may write, and only pull requests',
    );
    const diff = wf.jobs.diff!;
    assert.equal(diff.if, "github.event_name == 'pull_request'");
    const checkout = diff.steps.find((s) => s.uses?.startsWith('actions/checkout@'))!;
    assert.equal(checkout.with?.['fetch-depth'], 0);
    const body = diff.steps.find((s) => s.name === 'Write the pull-request description to a file')!;
    assert.match(
      body.run!,
      /^node -e '.*require\(process\.env\.GITHUB_EVENT_PATH\).*writeFileSync\(`\$\{process\.env\.RUNNER_TEMP\}\/pr-body\.md`, e\.pull_request\.body \?\? ""\)'$/,
      'the description goes from the event file to a file, through no shell',
    );
    const run = diff.steps.find((s) => s.id === 'diff')!;
    assert.match(run.run!, /\$GWTOPO diff --base "origin\/\$BASE_REF" --fail-on destructive --ack-file "\$RUNNER_TEMP\/pr-body\.md" --format markdown > "\$RUNNER_TEMP\/gwtopo-diff\.md"/);
    assert.match(run.run!, /--format html > "\$RUNNER_TEMP\/gwtopo-diff\.html"/);
    const upload = diff.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    assert.equal(upload.with?.path, '${{ runner.temp }}/gwtopo-diff.html');
    assert.match(run.run!, />> "\$GITHUB_STEP_SUMMARY"/);
    assert.equal(run.env?.BASE_REF, '${{ github.base_ref }}', 'the branch name reaches the script through the environment');
    assert.doesNotMatch(run.run!, /\$\{\{/, 'no expression is spliced into a script');
    const comment = diff.steps.find((s) => s.uses?.startsWith('actions/github-script@'))!;
    const script = String(comment.with?.script);
    assert.match(script, /'<!-- gwtopo-diff -->'/);
    assert.match(script, /readFileSync\(`\$\{process\.env\.RUNNER_TEMP\}\/gwtopo-diff\.md`/, 'the body comes from a file, never a command line');
    assert.match(script, /updateComment/);
    assert.match(script, /body\.includes\('<!-- gwtopo-diff:truncated -->'\) && process\.env\.REPORT_URL/, 'the HTML report is linked when the comment was cut');
    assert.equal(
      comment.if,
      "${{ !cancelled() && steps.diff.outputs.status != '' && github.event.pull_request.head.repo.full_name == github.repository }}",
      "the comment is posted whatever the diff's exit code",
    );
    assert.match(script, /createComment/);
    const check = wf.jobs.check!.steps.map((s) => s.run ?? '').join('\n');
    assert.match(check, /\$GWTOPO validate --format github/);
    assert.match(check, /\$GWTOPO check/);
  });

  test('action.yml: inputs, gwtopo installed and run from the action path, the diff whatever validate and check said', () => {
    const action = parse(read('action.yml')) as { inputs: Record<string, { default: string }>; outputs: Record<string, unknown>; runs: { using: string; steps: Step[] } };
    assert.deepEqual(Object.keys(action.inputs).sort(), ['ack-file', 'base', 'fail-on', 'root']);
    assert.equal(action.inputs['fail-on']!.default, 'destructive');
    assert.deepEqual(Object.keys(action.outputs).sort(), ['diff-exit-code', 'html', 'markdown']);
    // validate and check record their exit code and carry on, so the diff (and its comment) always comes.
    for (const id of ['validate', 'check']) {
      const step = action.runs.steps.find((s) => s.id === id)!;
      assert.match(step.run!, /^set \+e\n/, id);
      assert.match(step.run!, /echo "status=\$\?" >> "\$GITHUB_OUTPUT"/, id);
    }
    const diff = action.runs.steps.find((s) => s.id === 'diff')!;
    assert.equal(diff.if, "inputs.base != ''");
    assert.match(diff.run!, /GITHUB_EVENT_PATH/, 'on a pull request the description is read from the event file');
    assert.match(diff.run!, /--fail-on "\$FAIL_ON"/);
    const last = action.runs.steps.at(-1)!;
    assert.match(last.run!, /for status in "\$VALIDATE" "\$CHECK" "\$\{DIFF:-0\}"/, 'the action fails at the end when any of the three failed');
    assert.equal(action.runs.using, 'composite');
    const scripts = action.runs.steps.map((s) => s.run ?? '');
    assert.match(scripts[0]!, /^npm ci --prefix "\$GITHUB_ACTION_PATH"/);
    for (const command of ['validate', 'check']) {
      assert.ok(
        scripts.some((s) => s.includes(`node "$GITHUB_ACTION_PATH/dist/bundle/cli.js" ${command} --root "$ROOT"`)),
        `runs ${command} with the gwtopo of the action`,
      );
    }
    assert.ok(
      scripts.some((s) => s.includes('set -- diff --root "$ROOT" --base "$BASE"') && s.includes('node "$GITHUB_ACTION_PATH/dist/bundle/cli.js" "$@" --format markdown')),
      'runs diff with the gwtopo of the action',
    );
    for (const step of action.runs.steps) assert.doesNotMatch(step.run ?? '', /\$\{\{/, 'inputs reach scripts through the environment');
  });

  test('the project CI workflow is separate and still runs the tests', () => {
    const ci = parse(read('.github/workflows/ci.yml')) as Workflow;
    const steps = Object.values(ci.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ''));
    assert.ok(steps.includes('npm test'));
  });
});
