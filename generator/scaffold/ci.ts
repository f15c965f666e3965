// What `gwtopo init --with-ci` writes besides the topology: .gitattributes (gwtopo writes LF; a checkout that
// turns generated files into CRLF shows as line-ending drift) and the GitHub workflow. The workflow is
// gwtopo's own .github/workflows/gwtopo.yml (shipped in the package), adapted for a repository that has
// gwtopo as a development dependency: `npx gwtopo` instead of locating gwtopo's build.
import { readFileSync } from 'node:fs';
import { isMap, parseDocument, visit } from 'yaml';
import { packageFile } from '../support/paths.js';

export const GITATTRIBUTES_FILE = '.gitattributes';
export const WORKFLOW_FILE = '.github/workflows/gwtopo.yml';

/** The lines .gitattributes needs (init names them when it leaves an existing file alone). */
export const GITATTRIBUTES_LINES = ['overlays/** text eol=lf linguist-generated=true', 'topologies/** text eol=lf'];

export function gitattributes(): string {
  return [
    '# Written by gwtopo init --with-ci. gwtopo writes LF line ends; checking its files out as CRLF',
    '# (core.autocrlf=true on Windows) would show as drift in gwtopo check.',
    ...GITATTRIBUTES_LINES,
    '',
  ].join('\n');
}

/** gwtopo's own workflow, as the package ships it. */
const SHIPPED_WORKFLOW = packageFile('.github/workflows/gwtopo.yml');

/** The step that finds gwtopo's build in gwtopo's own repository; a user's repository runs `npx gwtopo`. */
const LOCATE_STEP = 'Locate gwtopo';

/** The workflow for a repository with gwtopo as a development dependency. */
export function workflow(shipped = readFileSync(SHIPPED_WORKFLOW, 'utf8')): string {
  const doc = parseDocument(shipped);
  doc.commentBefore = [
    ' Written by gwtopo init --with-ci (gwtopo is a development dependency of this repository).',
    ' Pull requests: annotations for invalid topologies, a drift check of overlays/, and the rendered',
    ' difference against the base branch in the job summary and in ONE pull-request comment, updated in place.',
    ' Pushes to main: the drift check.',
  ].join('\n');
  visit(doc, {
    Seq(_, seq) {
      seq.items = seq.items.filter((item) => !(isMap(item) && item.get('name') === LOCATE_STEP));
    },
    Scalar(_, node) {
      if (typeof node.value === 'string' && node.value.includes('$GWTOPO')) node.value = node.value.replace(/\$GWTOPO\b/g, 'npx gwtopo');
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
