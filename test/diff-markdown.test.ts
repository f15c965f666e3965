// The pull-request Markdown of gwtopo diff, on made-up reports: every path stays under the character cap,
// cuts happen at whole resources with an exact count, and text from topologies cannot break the markup.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Problem } from '../generator/diagnostics/problem.js';
import { assignGroups, groupNotes } from '../generator/diff/fleet.js';
import { summarize, totals } from '../generator/diff/resources.js';
import { type ImpactNote, note, type ResourceChange } from '../generator/diff/types.js';
import { codeBlock, escapeMarkdown, formatMarkdown, inlineCode, MARKER } from '../generator/report/markdown.js';
import type { DiffReport } from '../generator/report/types.js';

function change(cluster: string, name: string, diff: string, kind: ResourceChange['change'] = 'changed'): ResourceChange {
  return { cluster, plane: 'data-plane', kind: 'Gateway', namespace: 'gw', name, path: `overlays/${cluster}/data-plane/${name}.gateway.yaml`, change: kind, diff };
}

function report(resources: ResourceChange[], drafts: ImpactNote[] = [], extra: Partial<DiffReport> = {}): DiffReport {
  // As the diff command does: every note knows its group before acknowledgements and grouping.
  const notes = assignGroups(drafts);
  return {
    command: 'diff',
    outcome: 'ok',
    clusters: [...new Set(resources.map((r) => r.cluster))],
    problems: [],
    accepted: [],
    base: { ref: 'origin/main', commit: '0123456789abcdef0123456789abcdef01234567' },
    head: { ref: null, commit: null },
    changed: resources.length > 0,
    totals: totals(resources),
    summary: summarize(resources),
    profiles: [],
    notes,
    groups: groupNotes(
      notes,
      notes.filter((n) => n.severity === 'destructive'),
    ),
    gate: {
      failOn: 'none',
      destructive: notes.filter((n) => n.severity === 'destructive').length,
      unacknowledged: [...new Set(notes.filter((n) => n.severity === 'destructive').map((n) => n.id))].sort(),
      acks: [],
    },
    resources,
    baseProblems: [],
    rerun: 'npx gwtopo diff --base origin/main --format text',
    ...extra,
  };
}

function markdown(r: DiffReport, maxChars?: number): string {
  return formatMarkdown(r, maxChars === undefined ? {} : { maxChars }).stdout;
}

/** Characters as GitHub counts them (code points). */
function chars(text: string): number {
  return [...text].length;
}

const DIFF = '--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n-      port: 80\n+      port: 81\n';

describe('markdown: escaping', () => {
  test('inline code and code blocks are fenced longer than any backtick run inside', () => {
    assert.equal(inlineCode('plain'), '`plain`');
    assert.equal(inlineCode('a`b'), '``a`b``');
    assert.equal(inlineCode('`edge`'), '`` `edge` ``');
    assert.equal(inlineCode('two\nlines'), '`two lines`');
    assert.equal(codeBlock('diff', '+a\n'), '```diff\n+a\n```');
    assert.equal(codeBlock('diff', '+```\n+x'), '````diff\n+```\n+x\n````');
    assert.equal(codeBlock('sh', 'a\nb', '  '), '  ```sh\n  a\n  b\n  ```');
  });

  test('prose from topologies cannot open markup', () => {
    assert.equal(escapeMarkdown('a *b* _c_ <script> [x](y) `z` | ~'), 'a \\*b\\* \\_c\\_ \\<script\\> \\[x\\](y) \\`z\\` \\| \\~');
    assert.equal(escapeMarkdown('line\nbreak'), 'line break');
  });

  test('a hostile annotation value stays inside its diff block and note', () => {
    const hostile = '+          team: "```\\n</details>\\n<img src=x onerror=alert(1)>"\n+```\n+</details>\n';
    const hostileNote = note({ kind: 'loadbalancer-recreated', cluster: 'a', gateway: 'g|x', from: '<b>', to: '`', message: 'value <img src=x> *bold* `tick`', check: 'check [link](http://x)' });
    const md = markdown(report([change('a', 'g', `--- a/x\n+++ b/x\n@@ -1 +1 @@\n${hostile}`)], [hostileNote]));
    assert.match(md, /\n````diff\n[\s\S]*\n\+```\n\+<\/details>\n````\n\n<\/details>\n/);
    assert.doesNotMatch(md, /<img src=x>/);
    assert.match(md, /value \\<img src=x\\> \\\*bold\\\* \\`tick\\`/);
    assert.match(md, /gateway ``g\|x``|gateway `g\|x`/);
    assert.equal(md.match(/^<details>$/gm)?.length, md.match(/^<\/details>$/gm)?.length);
  });
});

describe('markdown: structure', () => {
  test('the summary first, then the impact notes, then the acknowledgement lines, then the table and one collapsed section per resource', () => {
    const notes: ImpactNote[] = [
      note({ kind: 'listener-port-changed', cluster: 'a', gateway: 'g', listener: 'http', from: '80', to: '81', message: 'moves', check: 'clients', commands: ['kubectl patch x'] }),
    ];
    const md = markdown(report([change('a', 'g', DIFF), change('b', 'h', DIFF, 'added')], notes));
    assert.ok(md.startsWith(`${MARKER}\n### gwtopo diff\n\n**1 added, 0 removed, 1 changed** resources in 2 clusters: \`origin/main\` (\`0123456\`) → the working tree.\n\n`));
    const table = md.indexOf('| cluster | plane | added | removed | changed |');
    const notesAt = md.indexOf('#### Destructive changes (1)');
    const acks = md.indexOf('#### Acknowledge (1)');
    const resources = md.indexOf('#### Resources (2)');
    assert.ok(notesAt > 0 && notesAt < acks && acks < table && table < resources, md);
    assert.match(md, /\| `a` \| data-plane \| 0 \| 0 \| 1 \|\n\| `b` \| data-plane \| 1 \| 0 \| 0 \|\n/);
    assert.match(
      md,
      /- \*\*listener-port-changed\*\* — cluster `a`, gateway `g`, listener `http` — \*\*not acknowledged\*\*: moves {2}\n {2}Check: clients\n {2}```sh\n {2}kubectl patch x\n {2}```\n/,
    );
    assert.match(md, /#### Acknowledge \(1\)\n\nAfter review, add this line to the pull-request description:\n\n```text\ngwtopo-ack: listener-port-changed:a\/g\n```\n/);
    assert.equal(md.match(/gwtopo-ack: /g)?.length, 1);
    assert.equal(md.match(/^<details>\n<summary>(changed|added) <code>overlays\//gm)?.length, 2);
    assert.doesNotMatch(md, /left out/);
  });
});

describe('markdown: the cap cuts notes only when they cannot fit', () => {
  test('at every cap, either every note and acknowledgement line is there, or the complete comment would not fit', () => {
    const many = Array.from({ length: 40 }, (_, i) => change(`c${String(i).padStart(2, '0')}`, 'edge', DIFF));
    const notes: ImpactNote[] = [
      ...many.slice(0, 20).map((r) => note({ kind: 'listener-port-changed', cluster: r.cluster, gateway: 'edge', listener: 'http', from: '80', to: '81', message: 'moves to 81', check: 'clients' })),
      ...many.slice(20).map((r) => note({ kind: 'listener-port-changed', cluster: r.cluster, gateway: 'edge', listener: 'http', from: '80', to: '82', message: 'moves to 82', check: 'clients' })),
    ];
    const complete = (md: string): boolean => (md.match(/^- \*\*listener-port-changed\*\*/gm)?.length ?? 0) === 2 && (md.match(/^gwtopo-ack: /gm)?.length ?? 0) === 2;
    let smallest = Number.POSITIVE_INFINITY;
    for (let cap = 400; cap <= 4000; cap += 10) {
      const md = markdown(report(many, notes), cap);
      assert.ok(md.length <= cap, `cap ${cap}: ${md.length}`);
      if (complete(md)) smallest = Math.min(smallest, md.length);
      else assert.ok(cap < smallest, `cap ${cap} cut notes although ${smallest} characters hold them all`);
    }
    assert.ok(smallest < 4000);
  });
});

describe('markdown: the character cap', () => {
  // Astral characters count once for GitHub and twice in UTF-16: the cap must hold either way.
  const resources = Array.from({ length: 60 }, (_, i) => change(`c${String(i).padStart(2, '0')}`, 'edge', `${DIFF}+      note: "🚀 ${'x'.repeat(i * 7)}"\n`));
  const notes: ImpactNote[] = resources.map((r) =>
    note({ kind: 'listener-port-changed', cluster: r.cluster, gateway: 'edge', listener: 'http', message: 'moves from port 80 to 81 🚀', check: 'clients' }),
  );

  test('every cap is respected, and a cut always names the exact number of resources left out', () => {
    for (let cap = 1; cap <= 20_000; cap += cap < 600 ? 7 : 487) {
      const md = markdown(report(resources, notes), cap);
      assert.ok(md.length <= cap && chars(md) <= cap, `cap ${cap}: ${md.length}`);
      const footer = /\*\*(\d+) of 60 resources left out\*\*/.exec(md);
      const shown = md.match(/^<summary>changed /gm)?.length ?? 0;
      if (footer !== null) assert.equal(Number(footer[1]), 60 - shown, `cap ${cap}`);
      else if (md.includes('#### Resources')) assert.equal(shown, 60, `cap ${cap}: everything shown without a footer`);
    }
  });

  test('the default cap is 65,000 characters and --max-chars changes it', () => {
    const big = Array.from({ length: 400 }, (_, i) => change(`c${String(i).padStart(3, '0')}`, 'edge', `${DIFF}${'+ line\n'.repeat(40)}`));
    const md = markdown(report(big));
    assert.ok(md.length <= 65_000 && md.length > 60_000, `${md.length}`);
    assert.match(md, /\*\*\d+ of 400 resources left out\*\* to stay under 65000 characters\. Run `npx gwtopo diff --base origin\/main --format text` locally to see everything\.\n$/);
    assert.ok(markdown(report(big), 10_000).length <= 10_000);
  });

  test('a cap too small for the header: the longest whole line with the counts that fits, after the marker', () => {
    const r = report([change('a', 'edge', DIFF)]);
    assert.equal(markdown(r, 100), '<!-- gwtopo-diff -->\ngwtopo diff: 0 added, 0 removed, 1 changed.\n');
    // Below the command line's minimum (--max-chars 250) only: the marker comes first even then.
    assert.equal(markdown(r, 50), '<!-- gwtopo-diff -->\ngwtopo diff: 0 added, 0 remov');
  });

  test('no changes, and invalid input, stay within the cap too', () => {
    for (const cap of [1, 10, 50, 200, 65_000]) {
      const none = markdown(report([]), cap);
      assert.ok(none.length <= cap, `no changes, cap ${cap}`);
      const problems: Problem[] = Array.from({ length: 2000 }, (_, i) => ({
        severity: 'error',
        file: `topologies/c${i}/topology.yaml`,
        line: 1,
        col: 1,
        path: 'spec',
        rule: 'schema',
        message: 'broken',
      }));
      const invalid = markdown(report([], [], { outcome: 'invalid', problems }), cap);
      assert.ok(invalid.length <= cap, `invalid, cap ${cap}`);
    }
    assert.match(markdown(report([])), /\*\*No changes\*\*: `origin\/main` \(`0123456`\) → the working tree render the same resources \(0 clusters\)\./);
    const problems: Problem[] = Array.from({ length: 3000 }, (_, i) => ({
      severity: 'error',
      file: `topologies/c${i}/topology.yaml`,
      line: 1,
      col: 1,
      path: 'spec',
      rule: 'schema',
      message: 'broken',
    }));
    const invalid = markdown(report([], [], { outcome: 'invalid', problems }));
    assert.ok(invalid.length <= 65_000);
    assert.match(invalid, /… \d+ more\n```\n/);
  });

  test('a flood of distinct notes: notes and acknowledgement lines fill the comment, each cut with how many more; the resources are counted as left out', () => {
    const many = Array.from({ length: 3000 }, (_, i) => change(`cluster-${String(i).padStart(4, '0')}`, 'edge', DIFF));
    // Notes that differ per cluster (identical ones would be grouped into one).
    const flood: ImpactNote[] = many.map((r, i) => note({ kind: 'gateway-deleted', cluster: r.cluster, gateway: 'edge', message: `${i} ${'x'.repeat(200)}`, check: 'y' }));
    const md = markdown(report(many, flood));
    assert.ok(md.length <= 65_000);
    assert.match(md, /- … \d+ more impact notes: `npx gwtopo diff --base origin\/main --format text` prints them\n/);
    assert.match(md, /… and \d+ more: `npx gwtopo diff --base origin\/main --format text` lists every line\n/);
    assert.ok((md.match(/^- \*\*gateway-deleted\*\*/gm)?.length ?? 0) > 100, 'the notes get most of the room');
    assert.match(md, /\*\*\d+ of 3000 resources left out\*\* to stay under 65000 characters/);
  });

  test('identical notes on 3000 clusters: one note listing ten clusters, one glob to acknowledge them all', () => {
    const many = Array.from({ length: 3000 }, (_, i) => change(`cluster-${String(i).padStart(4, '0')}`, 'edge', DIFF));
    const same: ImpactNote[] = many.map((r) => note({ kind: 'gateway-deleted', cluster: r.cluster, gateway: 'edge', message: `gateway edge of ${r.cluster} is removed`, check: 'y' }));
    const md = markdown(report(many, same));
    assert.ok(md.length <= 65_000);
    assert.match(md, /\n```text\ngwtopo-ack: gateway-deleted:\*\/edge\n```\n/, 'one glob line covers the 3000 ids');
    const shown = Array.from({ length: 10 }, (_, i) => `\`cluster-000${i}\``).join(', ');
    assert.ok(
      md.includes(`#### Destructive changes (1)\n\n- **gateway-deleted** — 3000 clusters (${shown} +2990 more), gateway \`edge\` — **not acknowledged**: gateway edge of \\<cluster\\> is removed  \n`),
      md.slice(0, 3000),
    );
    assert.equal(md.match(/gwtopo-ack: /g)?.length, 1, 'one acknowledgement line for the group');
    assert.doesNotMatch(md, /more impact notes/);
  });
});
