// Shell completion scripts, generated from the command-line table (cli/args.ts): commands, every command's
// options, the values of options and arguments with a fixed list, and cluster names (the folders under
// topologies/ of the repository: --root on the command line, else the nearest folder upwards holding
// topologies/ or gwtopo.yaml, not above the top of a git repository — what gwtopo itself uses).
import { COMMAND_SPECS, COMMANDS, type CommandName, OPTIONS, type Option, type OptionSpec, optionsOf, POSITIONALS, type Shell } from './args.js';

interface CompletedOption {
  name: Option;
  short?: string;
  help: string;
  /** Takes a value (the next word). */
  value: boolean;
  repeatable: boolean;
  values?: readonly string[];
  complete?: 'cluster' | 'folder' | 'file';
}

interface CompletedCommand {
  name: CommandName;
  summary: string;
  options: CompletedOption[];
  /** What the positional argument completes to, when the command takes one; `variadic`: any number of them. */
  positional?: ({ values: readonly string[] } | { complete: 'cluster' | 'file' | 'nothing' }) & { variadic: boolean };
}

function completedOption(name: Option, command: CommandName): CompletedOption {
  const o: OptionSpec = OPTIONS[name];
  const values = name === 'format' ? COMMAND_SPECS[command].formats : o.values;
  const complete = o.complete ?? (o.arg === 'FILE' ? 'file' : undefined);
  return {
    name,
    ...(o.short === undefined ? {} : { short: o.short }),
    help: o.help,
    value: o.type === 'string',
    repeatable: o.multiple === true,
    ...(values === undefined ? {} : { values }),
    ...(complete === undefined ? {} : { complete }),
  };
}

/** What completion knows about every command, from COMMAND_SPECS and OPTIONS. */
function completionModel(): CompletedCommand[] {
  return COMMANDS.map((name) => {
    const spec = COMMAND_SPECS[name];
    const p = spec.positional === undefined ? undefined : POSITIONALS[spec.positional];
    const variadic = p?.variadic === true;
    const positional =
      p === undefined
        ? undefined
        : p.values !== undefined
          ? { values: p.values, variadic }
          : { complete: p.complete === undefined || (p.complete === 'cluster' && spec.creates === true) ? ('nothing' as const) : p.complete, variadic };
    return { name, summary: spec.summary, options: optionsOf(name).map((o) => completedOption(o, name)), ...(positional === undefined ? {} : { positional }) };
  });
}

/** Options that take a value, whatever the command: the word after them is that value, not a command. */
function valueOptions(model: CompletedCommand[]): string[] {
  const names = new Set<string>();
  for (const c of model) for (const o of c.options) if (o.value) names.add(`--${o.name}`);
  return [...names].sort();
}

function bash(model: CompletedCommand[]): string {
  const words = (list: readonly string[]): string => list.join(' ');
  const valueCases: string[] = [];
  for (const c of model) {
    for (const o of c.options) {
      if (!o.value) continue;
      const reply =
        o.values !== undefined
          ? `COMPREPLY=($(compgen -W "${words(o.values)}" -- "$cur"))`
          : o.complete === 'cluster'
            ? 'COMPREPLY=($(compgen -W "$(_gwtopo_clusters)" -- "$cur"))'
            : o.complete === 'folder'
              ? 'COMPREPLY=($(compgen -d -- "$cur"))'
              : o.complete === 'file'
                ? 'COMPREPLY=($(compgen -f -- "$cur"))'
                : 'COMPREPLY=()';
      valueCases.push(`    ${c.name}:--${o.name}) ${reply}; return ;;`);
    }
  }
  const optionCases = model.map(
    (c) => `    ${c.name}) COMPREPLY=($(compgen -W "${words(c.options.flatMap((o) => [`--${o.name}`, ...(o.short === undefined ? [] : [`-${o.short}`])]))}" -- "$cur")) ;;`,
  );
  const positionalCases = model.flatMap((c) => {
    const p = c.positional;
    if (p === undefined) return [];
    const reply =
      'values' in p
        ? `COMPREPLY=($(compgen -W "${words(p.values)}" -- "$cur"))`
        : p.complete === 'cluster'
          ? 'COMPREPLY=($(compgen -W "$(_gwtopo_clusters)" -- "$cur"))'
          : p.complete === 'file'
            ? 'COMPREPLY=($(compgen -f -- "$cur"))'
            : 'COMPREPLY=()';
    // One argument, unless the command takes any number.
    return [`    ${c.name}) ${p.variadic ? '' : '((arguments == 0)) && '}${reply} ;;`];
  });
  return `# gwtopo completion for bash. Load it in ~/.bashrc with: source <(gwtopo completion bash)
_gwtopo_root() {
  local i d
  for ((i = 1; i < \${#COMP_WORDS[@]} - 1; i++)); do
    if [[ \${COMP_WORDS[i]} == --root ]]; then printf '%s\\n' "\${COMP_WORDS[i+1]}"; return; fi
  done
  d=$PWD
  while :; do
    if [[ -d $d/topologies || -f $d/gwtopo.yaml ]]; then printf '%s\\n' "$d"; return; fi
    if [[ -e $d/.git || -z $d ]]; then break; fi
    d=\${d%/*}
  done
  printf '%s\\n' "$PWD"
}
_gwtopo_clusters() {
  local root f
  root=$(_gwtopo_root)
  for f in "$root"/topologies/*/topology.yaml; do
    [[ -f $f ]] || continue
    f=\${f%/topology.yaml}
    printf '%s\\n' "\${f##*/}"
  done
}
_gwtopo() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} command="" arguments=0 i word
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    case $word in
      ${valueOptions(model).join('|')}) ((i++)) ;;
      -*) ;;
      *) if [[ -z $command ]]; then command=$word; else ((arguments++)); fi ;;
    esac
  done
  if [[ $prev == --* && -n $command ]]; then
    case "$command:$prev" in
${valueCases.join('\n')}
    esac
  fi
  if [[ -z $command ]]; then
    if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "--help -h --version" -- "$cur")); else COMPREPLY=($(compgen -W "${words(model.map((c) => c.name))}" -- "$cur")); fi
    return
  fi
  if [[ $cur == -* ]]; then
    case $command in
${optionCases.join('\n')}
    esac
    return
  fi
  case $command in
${positionalCases.join('\n')}
  esac
}
complete -F _gwtopo gwtopo
`;
}

/** A zsh single-quoted word. */
function zq(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/** An _arguments/_describe description: no brackets or colons. */
function zdesc(text: string): string {
  return text.replace(/\[/g, '(').replace(/\]/g, ')').replace(/:/g, ' -');
}

function zsh(model: CompletedCommand[]): string {
  const action = (o: CompletedOption): string =>
    o.values !== undefined
      ? `:${o.name}:(${o.values.join(' ')})`
      : o.complete === 'cluster'
        ? ':cluster:_gwtopo_clusters'
        : o.complete === 'folder'
          ? ':folder:_files -/'
          : o.complete === 'file'
            ? ':file:_files'
            : o.value
              ? `:${o.name}: `
              : '';
  const specs = (c: CompletedCommand): string[] => [
    ...c.options.map((o) => {
      const names = o.short === undefined ? `--${o.name}${o.value ? '=' : ''}` : `{-${o.short},--${o.name}${o.value ? '=' : ''}}`;
      const exclusive = o.short === undefined ? '' : `(-${o.short} --${o.name})`;
      return `${o.repeatable ? zq('*') : ''}${exclusive === '' ? '' : zq(exclusive)}${names}${zq(`[${zdesc(o.help)}]${action(o)}`)}`;
    }),
    ...(c.positional === undefined
      ? []
      : [
          zq(
            `${c.positional.variadic ? '*' : '1'}:${'values' in c.positional ? `argument:(${c.positional.values.join(' ')})` : c.positional.complete === 'cluster' ? 'cluster:_gwtopo_clusters' : c.positional.complete === 'file' ? 'file:_files' : 'name: '}`,
          ),
        ]),
  ];
  const cases = model.map((c) => `    ${c.name})\n      _arguments -s \\\n        ${specs(c).join(' \\\n        ')}\n      ;;`);
  return `#compdef gwtopo
# gwtopo completion for zsh. Either save it as _gwtopo in a folder of $fpath
# (gwtopo completion zsh > "\${fpath[1]}/_gwtopo"), or load it in ~/.zshrc: source <(gwtopo completion zsh)
_gwtopo_root() {
  local i d
  for ((i = 2; i < $#words; i++)); do
    if [[ $words[i] == --root ]]; then print -r -- $words[i+1]; return; fi
  done
  d=$PWD
  while true; do
    if [[ -d $d/topologies || -f $d/gwtopo.yaml ]]; then print -r -- $d; return; fi
    if [[ -e $d/.git || $d == / ]]; then break; fi
    d=\${d:h}
  done
  print -r -- $PWD
}
_gwtopo_clusters() {
  local -a clusters
  clusters=($(_gwtopo_root)/topologies/*/topology.yaml(N:h:t))
  compadd -a clusters
}
_gwtopo() {
  local -a commands
  commands=(
${model.map((c) => `    ${zq(`${c.name}:${zdesc(c.summary)}`)}`).join('\n')}
  )
  if (( CURRENT == 2 )); then
    if [[ $words[CURRENT] == -* ]]; then
      _arguments '(-h --help)'{-h,--help}'[show help]' '--version[print the version]'
    else
      _describe -t commands 'gwtopo command' commands
    fi
    return
  fi
  local command=$words[2]
  shift words
  (( CURRENT-- ))
  case $command in
${cases.join('\n')}
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _gwtopo "$@"
else
  compdef _gwtopo gwtopo
fi
`;
}

/** A fish single-quoted word. */
function fq(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function fish(model: CompletedCommand[]): string {
  const lines: string[] = [];
  for (const c of model) lines.push(`complete -c gwtopo -n __fish_use_subcommand -a ${c.name} -d ${fq(c.summary)}`);
  lines.push("complete -c gwtopo -n __fish_use_subcommand -s h -l help -d 'show help'", "complete -c gwtopo -n __fish_use_subcommand -l version -d 'print the version'");
  for (const c of model) {
    const when = `-n ${fq(`__fish_seen_subcommand_from ${c.name}`)}`;
    for (const o of c.options) {
      const value =
        o.values !== undefined
          ? ` -x -a ${fq(o.values.join(' '))}`
          : o.complete === 'cluster'
            ? " -x -a '(__gwtopo_clusters)'"
            : o.complete === 'folder'
              ? " -x -a '(__fish_complete_directories)'"
              : o.complete === 'file'
                ? ' -r -F'
                : o.value
                  ? ' -x'
                  : '';
      lines.push(`complete -c gwtopo ${when}${o.short === undefined ? '' : ` -s ${o.short}`} -l ${o.name}${value} -d ${fq(o.help)}`);
    }
    const p = c.positional;
    if (p !== undefined && !('complete' in p && p.complete === 'nothing')) {
      lines.push(`complete -c gwtopo ${when} ${'values' in p ? `-a ${fq(p.values.join(' '))}` : p.complete === 'file' ? '-F' : "-a '(__gwtopo_clusters)'"}`);
    }
  }
  return `# gwtopo completion for fish: gwtopo completion fish > ~/.config/fish/completions/gwtopo.fish
function __gwtopo_root
    set -l tokens (commandline -opc)
    set -l i (contains -i -- --root $tokens)
    if test -n "$i"; and test (count $tokens) -gt $i
        echo $tokens[(math $i + 1)]
        return
    end
    set -l d $PWD
    while true
        if test -d $d/topologies; or test -f $d/gwtopo.yaml
            echo $d
            return
        end
        if test -e $d/.git; or test "$d" = /
            break
        end
        set d (dirname $d)
    end
    echo $PWD
end
function __gwtopo_clusters
    for f in (__gwtopo_root)/topologies/*/topology.yaml
        basename (dirname $f)
    end
end
complete -c gwtopo -f
${lines.join('\n')}
`;
}

export function completionScript(shell: Shell): string {
  const model = completionModel();
  return shell === 'bash' ? bash(model) : shell === 'zsh' ? zsh(model) : fish(model);
}
