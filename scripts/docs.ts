// Renders the generated sections of the docs from their one source each: the field tables from the JSON
// Schemas (their descriptions), the rules table from the rule catalog, the command reference from the
// command-line table. `npm run docs` rewrites them in place, between their markers; test/docs.test.ts fails
// when a committed file is not current.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMAND_SPECS, COMMANDS, type CommandName, OPTIONS, type OptionSpec, optionsOf, POSITIONALS } from '../generator/cli/args.js';
import { optionLabel, usageLine } from '../generator/cli/usage.js';
import { CATALOG, RULE_IDS, type RuleEntry } from '../generator/diagnostics/catalog.js';
import { loadSchema, type SchemaName } from '../generator/schema/schema.js';

export const REPO_ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

type Node = {
  $ref?: string;
  title?: string;
  description?: string;
  type?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  properties?: Record<string, Node>;
  required?: string[];
  items?: Node;
  additionalProperties?: Node | boolean;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
};

/** A table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;');
}

function code(value: unknown): string {
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

/** The node with its $ref resolved: the definition's keywords, overridden by the node's own. */
function resolve(node: Node, definitions: Record<string, Node>): Node {
  if (node.$ref === undefined) return node;
  const { $ref, ...own } = node;
  return { ...resolve(definitions[$ref.replace('#/definitions/', '')]!, definitions), ...own };
}

function typeOf(node: Node, definitions: Record<string, Node>): string {
  const n = resolve(node, definitions);
  if (n.const !== undefined) return code(n.const);
  if (n.enum !== undefined) return n.enum.map(code).join(' | ');
  if (n.type === 'array') {
    const range = n.minItems !== undefined || n.maxItems !== undefined ? ` (${n.minItems ?? 0}..${n.maxItems ?? 'n'})` : '';
    return `list of ${typeOf(n.items ?? {}, definitions)}${range}`;
  }
  if (n.title !== undefined && n.properties === undefined) return n.title;
  if (n.type === 'object') {
    if (n.properties !== undefined) return n.title ?? `{${Object.keys(n.properties).join(', ')}}`;
    const values = typeof n.additionalProperties === 'object' ? typeOf(n.additionalProperties, definitions) : 'values';
    return `map of ${values === 'string' ? 'strings' : values}`;
  }
  if (n.type === 'integer' && n.minimum !== undefined && n.maximum !== undefined) return `${n.minimum}..${n.maximum}`;
  return n.type ?? 'any';
}

/** One row per field, depth first in the schema's order: field, type, default, description. */
export function fieldTable(schema: Record<string, unknown>): string {
  const root = schema as Node & { definitions?: Record<string, Node> };
  const definitions = root.definitions ?? {};
  const rows: string[] = ['| field | type | default | description |', '|---|---|---|---|'];
  const walk = (node: Node, path: string, required: boolean): void => {
    const n = resolve(node, definitions);
    if (path !== '') {
      const description = `${required ? 'Required. ' : ''}${n.description ?? ''}`;
      rows.push(`| \`${path}\` | ${cell(typeOf(node, definitions))} | ${n.default === undefined ? '—' : cell(code(n.default))} | ${cell(description)} |`);
    }
    const items = n.type === 'array' && n.items !== undefined ? resolve(n.items, definitions) : undefined;
    const object = items?.properties !== undefined ? items : n;
    const prefix = object === items ? `${path}[]` : path;
    for (const [key, child] of Object.entries(object.properties ?? {})) walk(child, prefix === '' ? key : `${prefix}.${key}`, (object.required ?? []).includes(key));
  };
  walk(root, '', false);
  return rows.join('\n');
}

/** The rules table: id, severity, what it checks. */
export function ruleTable(): string {
  const rows = RULE_IDS.map((id) => {
    const entry: RuleEntry = CATALOG[id];
    return `| \`${id}\` | ${entry.severity} | ${cell(entry.summary)} |`;
  });
  return ['| rule | severity | what it checks |', '|---|---|---|', ...rows].join('\n');
}

function optionRow(name: ReturnType<typeof optionsOf>[number], command: CommandName): string {
  const spec: OptionSpec = OPTIONS[name];
  const o = { ...spec, ...spec.perCommand?.[command] };
  const values = name === 'format' ? COMMAND_SPECS[command].formats : o.values;
  return `| \`${optionLabel(name)}\` | ${values === undefined ? '' : values.map(code).join(', ')} | ${o.default === undefined ? '' : cell(o.default)} | ${cell(o.help)} |`;
}

/** Every command: usage, arguments, options with values and defaults, examples, exit codes. */
export function cliReference(): string {
  const out: string[] = [];
  for (const name of COMMANDS) {
    const spec = COMMAND_SPECS[name];
    out.push(`### gwtopo ${name}`, '', `${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}.`, '', '```', usageLine(name), '```', '');
    if (spec.positional !== undefined) {
      const p = POSITIONALS[spec.positional];
      out.push(`\`${spec.positional}\`: ${p.help}${p.values === undefined || spec.positional === 'RULE' ? '' : ` (${p.values.map(code).join(', ')})`}.`, '');
    }
    out.push(
      '| option | values | default | |',
      '|---|---|---|---|',
      ...optionsOf(name)
        .filter((o) => o !== 'version')
        .map((o) => optionRow(o, name)),
      '',
    );
    out.push('```sh', ...spec.examples, '```', '');
    if (spec.exit !== undefined) out.push(`Exit codes: ${spec.exit}.`, '');
  }
  return out.join('\n').trimEnd();
}

export interface GeneratedSection {
  file: string;
  name: string;
  render: () => string;
}

export const SECTIONS: readonly GeneratedSection[] = [
  { file: 'docs/topology.md', name: 'topology-fields', render: () => fieldTable(loadSchema('topology' satisfies SchemaName)) },
  { file: 'docs/topology.md', name: 'rules', render: ruleTable },
  { file: 'docs/gitops.md', name: 'gwtopo-fields', render: () => fieldTable(loadSchema('gwtopo' satisfies SchemaName)) },
  { file: 'docs/cli.md', name: 'commands', render: cliReference },
];

export function beginMarker(name: string): string {
  return `<!-- BEGIN GENERATED ${name}: npm run docs writes this section; edit its source, not the text -->`;
}

export function endMarker(name: string): string {
  return `<!-- END GENERATED ${name} -->`;
}

/** The file's text with every generated section of it rendered anew; throws when a marker is missing. */
export function renderFile(file: string, text: string): string {
  let out = text;
  for (const s of SECTIONS.filter((x) => x.file === file)) {
    const begin = out.indexOf(beginMarker(s.name));
    const end = out.indexOf(endMarker(s.name));
    if (begin < 0 || end < begin) throw new Error(`${file}: the markers of the generated section ${s.name} are missing:\n${beginMarker(s.name)}\n${endMarker(s.name)}`);
    out = `${out.slice(0, begin + beginMarker(s.name).length)}\n${s.render()}\n${out.slice(end)}`;
  }
  return out;
}

export function documentedFiles(): string[] {
  return [...new Set(SECTIONS.map((s) => s.file))];
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const file of documentedFiles()) {
    const path = join(REPO_ROOT, file);
    const text = readFileSync(path, 'utf8');
    const rendered = renderFile(file, text);
    if (rendered !== text) {
      writeFileSync(path, rendered);
      process.stdout.write(`docs: rendered ${file}\n`);
    }
  }
}
