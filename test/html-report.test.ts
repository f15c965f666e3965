// `gwtopo diff --format html`: one self-contained page. Checked as bytes (escaping, the Content-Security-
// Policy, determinism) and in a real browser: headless Chromium loads the page, the test reads the rendered
// DOM (every changed resource, every note, nothing that could load or run anything) and keeps a screenshot
// in test-artifacts/diff-report.png (gitignored) for a person to look at.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { escapeHtml } from '../generator/report/html.js';
import { gitRepo, skip } from './git.js';
import { REPO_ROOT, removeTemp, requirement, run, topologyYaml, which, writeFiles, yaml } from './helpers.js';

const HOSTILE = '</pre></details><script>alert(1)</script><img src=http://127.0.0.1:9/x onerror=alert(2)>';
const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome'].find(which);
const browserSkip = skip !== false ? skip : requirement(CHROMIUM !== undefined, "chromium is not installed (.ci/run installs Debian's chromium)");

function topology(edge: string, apiPort: number, note: string): string {
  return topologyYaml(
    'prod',
    yaml`
    gateways:
      - name: ${edge}
        direction: ingress
        networking: external
        scope: dataplane
        service:
          annotations: {example.com/note: ${JSON.stringify(note)}}
        listeners:
          - {protocol: HTTP, port: 80, host: edge.example.com}
      - name: api
        direction: ingress
        networking: internal
        scope: dataplane
        listeners:
          - {protocol: HTTP, port: ${apiPort}}
  `,
  );
}

interface Page {
  html: string;
  json: { resources: { path: string }[]; notes: { id: string }[] };
}

let rendered: Promise<Page> | undefined;

/** The page of one pull request (made once, for both tests). */
function page(): Promise<Page> {
  rendered ??= makePage();
  return rendered;
}

/** A pull request that renames a gateway, moves a port and carries hostile text in an annotation. */
async function makePage(): Promise<Page> {
  const root = gitRepo({ 'topologies/prod/topology.yaml': topology('edge', 9080, 'plain') });
  try {
    writeFiles(root, { 'topologies/prod/topology.yaml': topology('public-edge', 9090, HOSTILE) });
    const html = await run(['diff', '--base', 'HEAD', '--ack', 'listener-port-changed:prod/*', '--format', 'html'], root);
    assert.equal(html.code, 0, html.stderr);
    const again = await run(['diff', '--base', 'HEAD', '--ack', 'listener-port-changed:prod/*', '--format', 'html'], root);
    assert.equal(again.stdout, html.stdout, 'the same report gives the same bytes');
    const json = await run(['diff', '--base', 'HEAD', '--format', 'json'], root);
    return { html: html.stdout, json: JSON.parse(json.stdout) as never };
  } finally {
    removeTemp(root);
  }
}

function chromium(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(CHROMIUM!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Flags for a headless run that talks to nothing: no sync, no updates, no first-run tasks, a throwaway profile. */
function flags(profile: string): string[] {
  return ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', `--user-data-dir=${profile}`];
}

describe('diff --format html', { skip }, () => {
  test('self-contained and escaped: a CSP that admits only its own stylesheet, no script, hostile text as text', async () => {
    const { html, json } = await page();
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = createHash('sha256').update(style).digest('base64');
    assert.ok(
      html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-${hash}&#39;; base-uri &#39;none&#39;; form-action &#39;none&#39;">`),
    );
    assert.doesNotMatch(html, /<(script|img|link|iframe|object|embed|base)\b|<[^>]*\s(src|href|style|on[a-z]+)=|@import|url\(/i, 'nothing loads or runs');
    assert.ok(html.includes(escapeHtml(HOSTILE)), 'the annotation value is shown as text');
    assert.equal(html.match(/<details class="resource /g)?.length, json.resources.length);
    for (const r of json.resources) assert.ok(html.includes(`<code>${escapeHtml(r.path)}</code>`), r.path);
    // Not acknowledged first, then acknowledged.
    assert.ok(html.indexOf('gateway-renamed:prod/public-edge') < html.indexOf('listener-port-changed:prod/api'));
    assert.match(html, /<span class="badge acknowledged">acknowledged<\/span><span class="id">listener-port-changed:prod\/api<\/span>/);
    assert.match(html, /<pre><code>gwtopo-ack: gateway-renamed:prod\/public-edge<\/code><\/pre>/);
    assert.doesNotMatch(html, /\d{4}-\d{2}-\d{2}T|\/tmp\/|gwtopo-test-/, 'no time, no temp path');
  });

  test('escapeHtml covers both attribute quotes', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  test('in headless Chromium: every changed resource and every note rendered, nothing else; a screenshot kept', { skip: browserSkip }, async () => {
    const { html, json } = await page();
    const dir = mkdtempSync(join(tmpdir(), 'gwtopo-html-'));
    try {
      const file = join(dir, 'gwtopo-diff.html');
      writeFileSync(file, html);
      const url = pathToFileURL(file).href;
      const artifacts = join(REPO_ROOT, 'test-artifacts');
      mkdirSync(artifacts, { recursive: true });
      const shot = join(artifacts, 'diff-report.png');
      rmSync(shot, { force: true });
      // Both runs at once: each takes a few seconds to start.
      const [dom, screenshot] = await Promise.all([
        chromium([...flags(join(dir, 'profile-dom')), '--dump-dom', url]),
        chromium([...flags(join(dir, 'profile-shot')), '--hide-scrollbars', '--window-size=1280,1800', `--screenshot=${shot}`, url]),
      ]);
      assert.equal(dom.code, 0, dom.stderr);
      const rendered = dom.stdout;
      // The browser parsed the page as written: the same elements, nothing injected by the hostile value.
      assert.equal(rendered.match(/<details class="resource /g)?.length, json.resources.length, 'one collapsible section per changed resource');
      for (const r of json.resources) assert.ok(rendered.includes(`<code>${escapeHtml(r.path)}</code>`), `${r.path} is on the page`);
      assert.equal(rendered.match(/<article class="note /g)?.length, json.notes.length, 'every note is on the page');
      for (const n of json.notes) assert.ok(rendered.includes(`<span class="id">${n.id}</span>`), n.id);
      // Notes are never inside a collapsed section: they are visible without a click.
      const notesAt = rendered.indexOf('<article class="note ');
      assert.ok(notesAt > 0 && rendered.lastIndexOf('<details', notesAt) === -1, 'no <details> before the notes');
      assert.doesNotMatch(rendered, /<(script|img|link|iframe|object|embed|base)\b|<[^>]*\s(src|href|style|on[a-z]+)=/i, 'nothing that loads or runs');
      assert.ok(rendered.includes('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'sha256-'));
      assert.ok(
        rendered.includes(
          escapeHtml(HOSTILE)
            .replace(/&#39;/g, "'")
            .replace(/&quot;/g, '"'),
        ),
        'the hostile value is text in the rendered DOM',
      );
      assert.equal(screenshot.code, 0, screenshot.stderr);
      const png = readFileSync(shot);
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
      assert.ok(statSync(shot).size > 20_000, 'a page with content, not a blank image');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
