// Help, shell completion and `gwtopo explain`, all built from the command-line table (cli/args.ts) and the rule
// catalog: every command and option a user can type is discoverable, through the real executable.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { COMMAND_SPECS, COMMANDS, OPTIONS, type OptionSpec, optionsOf } from '../generator/cli/args.js';
import { wrap } from '../generator/cli/usage.js';
import { CATALOG, RULE_IDS } from '../generator/diagnostics/catalog.js';
import { MODULE_IDS } from '../generator/topology/modules/index.js';
import { PROVIDER_IDS } from '../generator/topology/providers.js';
import { removeTemp, run, spawnCli, tempRepo, writeFiles } from './helpers.js';

let repo: string;
before(() => {
  repo = tempRepo({ 'topologies/alpha/topology.yaml': 'x\n', 'topologies/beta/topology.yaml': 'x\n', 'topologies/notes/README.md': 'not a cluster\n' });
});
after(() => removeTemp(repo));

/**
 * `gwtopo … --help` through the real executable, once per command line: help reads no repository, so tests
 * asserting different things of the same help text share one process's output.
 */
const helpRuns = new Map<string, ReturnType<typeof spawnCli>>();
function spawnHelp(argv: string[]): ReturnType<typeof spawnCli> {
  const key = argv.join('\0');
  if (!helpRuns.has(key)) helpRuns.set(key, spawnCli(argv, repo));
  return helpRuns.get(key)!;
}

describe('gwtopo <command> --help', () => {
  for (const command of COMMANDS) {
    test(`${command}: usage, every option with its values and default, examples; the same as gwtopo help ${command}`, async () => {
      const r = spawnHelp([command, '--help']);
      assert.deepEqual([r.code, r.stderr], [0, '']);
      assert.equal((await run(['help', command], repo)).stdout, r.stdout);
      const spec = COMMAND_SPECS[command];
      const text = r.stdout.replace(/\n {3,}/g, ' '); // wrapped lines joined
      assert.ok(r.stdout.startsWith(`gwtopo ${command} — `), r.stdout);
      assert.match(r.stdout, new RegExp(`^Usage: gwtopo ${command}\\b.*\\[options\\]$`, 'm'));
      for (const option of optionsOf(command).filter((o) => o !== 'version')) {
        const spec0: OptionSpec = OPTIONS[option];
        // An option may read differently for one command (import's --cluster and --provider): help shows that text.
        const o = { ...spec0, ...spec0.perCommand?.[command] };
        assert.match(text, new RegExp(`^  ${o.short === undefined ? '' : `-${o.short}, `}--${option}\\b`, 'm'), `--${option}`);
        const values = option === 'format' ? spec.formats : o.values;
        for (const v of values ?? []) assert.ok(text.includes(v), `--${option} value ${v}`);
        if (o.default !== undefined) assert.ok(text.includes(`(default: ${o.default})`), `--${option} default`);
      }
      for (const example of spec.examples) assert.ok(r.stdout.includes(`\n  ${example}\n`), example);
      // No option of another command is listed (one option's name may begin another's: --data-plane, --data-plane-kind).
      for (const option of Object.keys(OPTIONS).filter((o) => !optionsOf(command).includes(o as keyof typeof OPTIONS))) {
        assert.doesNotMatch(r.stdout, new RegExp(`--${option}(?![\\w-])(?! REF| I/N)`), `--${option} does not apply to ${command}`);
      }
    });
  }

  test('init --help lists the providers and modules gwtopo has', () => {
    const text = spawnHelp(['init', '--help']).stdout.replace(/\n {3,}/g, ' ');
    // init's default is generic; import's is its own (per-command help: import infers the provider).
    assert.ok(text.includes(`: ${PROVIDER_IDS.join(', ')} (default: generic)`), text);
    assert.ok(text.includes(`: ${MODULE_IDS.join(', ')} (default: kgateway)`), text);
  });

  test('help wraps to the terminal width, and to 80 columns when not on a terminal', async () => {
    // Too long: more than the width, unless it is an example (kept whole to be copied) or a single word.
    const tooLong = (text: string, width: number) => text.split('\n').filter((l) => l.length > width && !/^ {2}(gwtopo|source) /.test(l) && !/^ *[^ ]+$/.test(l.replace(/^ {2}\S+ +/, '')));
    for (const argv of [['--help'], ['init', '--help'], ['diff', '--help']]) {
      const piped = spawnHelp(argv).stdout;
      assert.deepEqual(tooLong(piped, 80), [], argv.join(' '));
      const narrow = await run(argv, repo, { columns: 50 });
      assert.deepEqual(tooLong(narrow.stdout, 50), [], argv.join(' '));
      assert.notEqual(narrow.stdout, piped);
      assert.equal((await run(argv, repo, { columns: 50 })).stdout, narrow.stdout, 'the same width gives the same text');
      assert.equal((await run(argv, repo, { columns: 10 })).stdout, (await run(argv, repo, { columns: 40 })).stdout, 'never narrower than 40 columns');
    }
  });

  test('wrap keeps words whole: a word longer than the width gets a line of its own', () => {
    assert.deepEqual(wrap('a bb ccc dddddddddd e', 6), ['a bb', 'ccc', 'dddddddddd', 'e']);
    assert.deepEqual(wrap('', 6), ['']);
  });
});

let bashScript: string;
before(() => {
  // The script as the real executable prints it, sourced by every completion below.
  const r = spawnCli(['completion', 'bash'], repo);
  assert.deepEqual([r.code, r.stderr], [0, '']);
  bashScript = join(repo, 'gwtopo.bash');
  writeFiles(repo, { 'gwtopo.bash': r.stdout });
});

/** COMPREPLY of the bash completion for a command line whose last word is being completed. */
function complete(cwd: string, ...words: string[]): string[] {
  const script = [`source "${bashScript}"`, `COMP_WORDS=(gwtopo ${words.map((w) => `'${w}'`).join(' ')})`, `COMP_CWORD=${words.length}`, '_gwtopo', 'printf "%s\\n" "${COMPREPLY[@]}"'].join('\n');
  const r = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  return r.stdout.split('\n').filter((l) => l !== '');
}

describe('gwtopo completion', () => {
  test('bash: commands, options, their values, rules and cluster names (found upwards, or under --root)', () => {
    assert.deepEqual(complete(repo, ''), [...COMMANDS]);
    assert.deepEqual(complete(repo, 'ge'), ['generate']);
    assert.deepEqual(complete(repo, '--'), ['--help', '--version']);
    assert.deepEqual(
      complete(repo, 'check', '--'),
      optionsOf('check').map((o) => `--${o}`),
    );
    assert.deepEqual(complete(repo, 'check', '--format', ''), ['text', 'json', 'github', 'gitlab', 'sarif']);
    assert.deepEqual(complete(repo, 'diff', '--format', 'm'), ['markdown']);
    assert.deepEqual(complete(repo, 'build', 'x', '--plane', ''), ['data-plane', 'control-plane']);
    assert.deepEqual(complete(repo, 'init', 'x', '--provider', 'aws'), ['aws', 'aws-lbc']);
    assert.deepEqual(complete(repo, 'check', '--cluster', ''), ['alpha', 'beta']);
    assert.deepEqual(complete(join(repo, 'topologies', 'beta'), 'build', ''), ['alpha', 'beta'], 'from a sub-folder');
    assert.deepEqual(complete(repo, 'init', ''), [], 'init names a new cluster');
    assert.deepEqual(complete(repo, 'build', 'alpha', ''), [], 'build takes one cluster');
    assert.deepEqual(complete(repo, 'explain', 'host-'), ['host-hostname', 'host-required']);
    assert.deepEqual(complete(repo, 'completion', ''), ['bash', 'zsh', 'fish']);
    assert.deepEqual(complete(repo, 'help', 'com'), ['completion']);
    const other = tempRepo({ 'topologies/gamma/topology.yaml': 'x\n' });
    try {
      assert.deepEqual(complete(repo, '--root', other, 'check', '--cluster', ''), ['gamma'], '--root before the command');
      assert.deepEqual(complete(repo, 'validate', '--root', other, '--cluster', 'g'), ['gamma']);
      writeFiles(other, { 'sub/.git': 'gitdir: elsewhere\n' });
      assert.deepEqual(complete(join(other, 'sub'), 'build', ''), [], 'the search stops at the top of a git repository');
    } finally {
      removeTemp(other);
    }
  });

  test('zsh and fish: every command, every option and every fixed value, and cluster names from the same search', () => {
    for (const shell of ['zsh', 'fish'] as const) {
      const r = spawnCli(['completion', shell], repo);
      assert.deepEqual([r.code, r.stderr], [0, '']);
      for (const command of COMMANDS) {
        assert.match(r.stdout, new RegExp(shell === 'zsh' ? `'${command}:` : `-a ${command} -d`), `${shell}: ${command}`);
        for (const option of optionsOf(command)) {
          const spec0: OptionSpec = OPTIONS[option];
          // An option may read differently for one command (import's --cluster and --provider): help shows that text.
          const o = { ...spec0, ...spec0.perCommand?.[command] };
          const values = option === 'format' ? COMMAND_SPECS[command].formats : o.values;
          assert.ok(
            shell === 'zsh' ? r.stdout.includes(`--${option}`) : r.stdout.includes(`__fish_seen_subcommand_from ${command}'${o.short === undefined ? '' : ` -s ${o.short}`} -l ${option}`),
            `${shell}: ${command} --${option}`,
          );
          if (values !== undefined) assert.ok(r.stdout.includes(shell === 'zsh' ? `(${values.join(' ')})` : `'${values.join(' ')}'`), `${shell}: ${command} --${option} values`);
        }
      }
      assert.match(r.stdout, shell === 'zsh' ? /topologies\/\*\/topology\.yaml\(N:h:t\)/ : /for f in \(__gwtopo_root\)\/topologies\/\*\/topology\.yaml/);
      assert.match(r.stdout, /\.git/, `${shell}: stops at the top of a git repository`);
    }
  });
});

describe('gwtopo explain', () => {
  test('a rule: what, why, how to fix, its example, and what gwtopo reports for the example', () => {
    const r = spawnCli(['explain', 'host-required'], repo);
    assert.deepEqual([r.code, r.stderr], [0, '']);
    const entry = CATALOG['host-required'];
    const text = r.stdout.replace(/\n(?=[^\n ])(?!(Why|Fix|Example|gwtopo reports):)/g, ' ');
    assert.ok(text.startsWith(`host-required (error): ${entry.summary}\n`), r.stdout);
    assert.ok(text.includes(`\nWhy: ${entry.why}\n`), r.stdout);
    assert.ok(text.includes(`\nFix: ${entry.fix}\n`), r.stdout);
    assert.ok(r.stdout.includes('\nExample (topologies/example/topology.yaml):\n  apiVersion: gwtopo/v1alpha1\n'), r.stdout);
    assert.match(
      r.stdout,
      /\ngwtopo reports:\n {2}topologies\/example\/topology\.yaml:13:19: error: spec\.gateways\[0\]\.listeners\[0\]\.host: required for listener "http" of gateway "gateway-internal" \(internal, Service type LoadBalancer\) \[host-required\]\n {4}hint: set host to /,
    );
  });

  test('a warning says how to accept it; an example that is not a file is shown as given', () => {
    const warning = spawnCli(['explain', 'host-hostname'], repo).stdout;
    assert.match(warning.replace(/\n(?! )/g, ' '), /To accept it for one topology, add host-hostname to its spec\.acceptWarnings; for the whole repository, to spec\.acceptWarnings in gwtopo\.yaml\./);
    const text = spawnCli(['explain', 'lock'], repo).stdout;
    assert.match(text, /\nExample:\n {2}two `gwtopo generate` in the same repository at the same time\n$/);
    assert.doesNotMatch(text, /gwtopo reports|acceptWarnings/);
  });

  test('without a rule: every rule with its severity and summary; --format json gives the same as data', () => {
    const r = spawnCli(['explain'], repo);
    assert.equal(r.code, 0);
    for (const id of RULE_IDS) assert.match(r.stdout, new RegExp(`^  ${id} +${CATALOG[id].severity} `, 'm'), id);
    const json = JSON.parse(spawnCli(['explain', '--format', 'json'], repo).stdout) as { rules: { id: string; severity: string; summary: string }[] };
    assert.deepEqual(
      json.rules.map((x) => [x.id, x.severity]),
      RULE_IDS.map((id) => [id, CATALOG[id].severity]),
    );
  });

  test('reads no repository: it works anywhere, even where no topologies/ folder is found', () => {
    const empty = tempRepo();
    try {
      const r = spawnCli(['explain', 'yaml-tab'], empty);
      assert.deepEqual([r.code, r.stderr], [0, '']);
    } finally {
      removeTemp(empty);
    }
  });
});
