// Help screens, built from the command-line table (cli/args.ts): the overview and one screen per command,
// wrapped to a given width (main.ts passes the terminal's, or 80) so the same width always gives the same text.

import { docUrl } from '../support/docs.js';
import { COMMAND_SPECS, COMMANDS, type CommandName, OPTIONS, type Option, type OptionSpec, optionsOf, POSITIONALS } from './args.js';

/** Help is never narrower than this, whatever the terminal says. */
export const MIN_WIDTH = 40;
/** The left column of a two-column list is at most this wide; longer entries put their text on the next line. */
const MAX_LEFT = 26;

/** Splits text into lines of at most `width` characters at spaces (a longer word gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** `  left   text…` rows, the text wrapped and continued under itself. */
function table(rows: readonly (readonly [string, string])[], width: number): string[] {
  const left = Math.min(MAX_LEFT, Math.max(...rows.map(([l]) => l.length)));
  const column = 2 + left + 2;
  const textWidth = Math.max(MIN_WIDTH - column, width - column);
  const out: string[] = [];
  for (const [l, text] of rows) {
    const wrapped = wrap(text, textWidth);
    if (l.length > left) {
      out.push(`  ${l}`);
      for (const w of wrapped) out.push(`${' '.repeat(column)}${w}`);
    } else {
      out.push(`  ${l.padEnd(left)}  ${wrapped[0]}`);
      for (const w of wrapped.slice(1)) out.push(`${' '.repeat(column)}${w}`);
    }
  }
  return out;
}

function paragraph(text: string, width: number): string[] {
  return wrap(text, Math.max(MIN_WIDTH, width));
}

/** How the option reads in a usage line or a list: `--cluster NAME`, `-h, --help`. */
export function optionLabel(name: Option): string {
  const o: OptionSpec = OPTIONS[name];
  return `${o.short === undefined ? '' : `-${o.short}, `}--${name}${o.arg === undefined ? '' : ` ${o.arg}`}`;
}

/** The option's help text with its values and default; --format takes the command's formats. */
function optionText(name: Option, command?: CommandName): string {
  const spec: OptionSpec = OPTIONS[name];
  const o = { ...spec, ...(command === undefined ? {} : spec.perCommand?.[command]) };
  const values = name === 'format' && command !== undefined ? COMMAND_SPECS[command].formats : o.values;
  return `${o.help}${values === undefined ? '' : `: ${values.join(', ')}`}${o.default === undefined ? '' : ` (default: ${o.default})`}`;
}

/** `gwtopo diff --base REF [options]`, `gwtopo explain [RULE] [options]`. */
export function usageLine(name: CommandName): string {
  const spec = COMMAND_SPECS[name];
  const positional = spec.positional === undefined ? [] : [POSITIONALS[spec.positional].required ? spec.positional : `[${spec.positional}]`];
  return ['gwtopo', name, ...positional, ...(spec.required ?? []).map(optionLabel), '[options]'].join(' ');
}

/** `gwtopo --help`: the commands, the options every command takes, exit codes. */
export function globalHelp(version: string, width: number): string {
  const commandRows = COMMANDS.map((c): [string, string] => [
    usageLine(c)
      .replace(/^gwtopo /, '')
      .replace(/ \[options\]$/, ''),
    COMMAND_SPECS[c].summary,
  ]);
  const lines = [
    ...paragraph(`gwtopo ${version} — render OpenChoreo API-gateway topologies into GitOps overlays`, width),
    '',
    'Usage: gwtopo <command> [options]',
    '',
    'Commands:',
    ...table(commandRows, width),
    '',
    'Options of every command:',
    ...table(
      (['root', 'format', 'help', 'version'] as const).map((o): [string, string] => [
        optionLabel(o),
        o === 'format' ? 'output format: text, json; some commands also github or markdown (see their help)' : optionText(o),
      ]),
      width,
    ),
    '',
    ...paragraph("gwtopo help <command> (or gwtopo <command> --help) shows a command's options, their values and defaults, and examples.", width),
    ...paragraph('Exit codes: 0 success, 1 drift (check), changes (diff --exit-code) or unacknowledged destructive changes (diff --fail-on destructive), 2 invalid input or usage error.', width),
    ...paragraph(`Docs: the README, and ${docUrl('cli.md')} (every command); the topology format: schemas/topology.schema.json in the package.`, width),
  ];
  return `${lines.join('\n')}\n`;
}

/** `gwtopo help <command>`: usage, arguments, every option with its values and default, examples, exit codes. */
export function commandHelp(name: CommandName, width: number): string {
  const spec = COMMAND_SPECS[name];
  const lines = [...paragraph(`gwtopo ${name} — ${spec.summary}`, width), '', `Usage: ${usageLine(name)}`];
  if (spec.positional !== undefined) {
    const p = POSITIONALS[spec.positional];
    const text = `${p.help}${p.values === undefined || spec.positional === 'RULE' ? '' : `: ${p.values.join(', ')}`}`;
    lines.push('', 'Arguments:', ...table([[spec.positional, text]], width));
  }
  lines.push(
    '',
    'Options:',
    ...table(
      optionsOf(name)
        .filter((o) => o !== 'version')
        .map((o): [string, string] => [optionLabel(o), optionText(o, name)]),
      width,
    ),
  );
  lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  if (spec.exit !== undefined) lines.push('', ...paragraph(`Exit codes: ${spec.exit}.`, width));
  return `${lines.join('\n')}\n`;
}
