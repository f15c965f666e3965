// Where a hint sends a reader for more: the installed package holds the README and the schemas but not docs/,
// so documents are named by their URL in gwtopo's repository (package.json "repository").

/** gwtopo's documentation folder, as a browsable URL. */
const DOCS = 'https://github.com/gwtopo/gwtopo/blob/main/docs';

/** A document of docs/ (and an anchor in it), by URL. */
export function docUrl(file: string, anchor?: string): string {
  return `${DOCS}/${file}${anchor === undefined ? '' : `#${anchor}`}`;
}
