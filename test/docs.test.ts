// The documentation is current and whole: generated sections match their sources (npm run docs), every
// relative link in README.md and docs/*.md resolves — files, folders and #anchors, with GitHub's heading
// slugs — and none points above the repository root; the README fits in a few screens.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { documentedFiles, renderFile } from '../scripts/docs.js';
import { REPO_ROOT } from './helpers.js';

/** README.md and every page under docs/. */
function pages(): string[] {
  return [
    'README.md',
    ...readdirSync(join(REPO_ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => `docs/${f}`),
  ];
}

/** The text outside fenced code blocks and inline code, where links are links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading: the rendered text, lower-cased, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  const text = heading
    .replace(/`([^`]*)`/g, '$1')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown file's headings, with GitHub's -1, -2 … for repeated ones. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '').matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Link targets of a Markdown text: inline links and reference definitions. */
function links(markdown: string): string[] {
  const text = prose(markdown);
  return [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g), ...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!);
}

describe('documentation', () => {
  test('generated sections are current (npm run docs renders them)', () => {
    for (const file of documentedFiles()) {
      const text = readFileSync(join(REPO_ROOT, file), 'utf8');
      assert.equal(renderFile(file, text), text, `${file} is not current: run npm run docs and commit the result`);
    }
  });

  test('GitHub heading anchors (so the link check below can fail)', () => {
    assert.equal(slug('Rules, `explain` and accepted warnings'), 'rules-explain-and-accepted-warnings');
    assert.equal(slug('Starting a cluster: `gwtopo init`'), 'starting-a-cluster-gwtopo-init');
    assert.equal(slug('What is rendered (and why)'), 'what-is-rendered-and-why');
    assert.deepEqual([...anchors('# A\n## A\n```\n# not a heading\n```\n### A b_c\n')], ['a', 'a-1', 'a-b_c']);
  });

  test('every relative link resolves: files, folders and anchors, inside the repository', () => {
    const broken: string[] = [];
    for (const page of pages()) {
      const markdown = readFileSync(join(REPO_ROOT, page), 'utf8');
      for (const target of links(markdown)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …
        const [path, anchor] = target.split('#', 2) as [string, string | undefined];
        const file = path === '' ? join(REPO_ROOT, page) : resolve(dirname(join(REPO_ROOT, page)), decodeURIComponent(path));
        if (relative(REPO_ROOT, file).startsWith('..')) {
          broken.push(`${page}: ${target} points above the repository root`);
          continue;
        }
        if (!existsSync(file)) {
          broken.push(`${page}: ${target}: no such file`);
          continue;
        }
        if (anchor !== undefined && anchor !== '') {
          if (statSync(file).isDirectory() || !file.endsWith('.md')) broken.push(`${page}: ${target}: an anchor into a file that is not Markdown`);
          else if (!anchors(readFileSync(file, 'utf8')).has(anchor)) broken.push(`${page}: ${target}: no heading with that anchor in ${relative(REPO_ROOT, file)}`);
        }
      }
    }
    assert.deepEqual(broken, []);
  });

  test('the README fits in a few screens (at most 300 lines) and links every page of docs/', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    assert.ok(readme.split('\n').length <= 300, `README.md has ${readme.split('\n').length} lines`);
    const linked = new Set(links(readme).map((l) => l.split('#')[0]));
    assert.deepEqual(
      pages().filter((p) => p.startsWith('docs/') && !linked.has(p)),
      [],
      'pages of docs/ the README does not link',
    );
  });
});
