// Reads the data-plane chart's values files a cluster names (spec.chart.values, or gwtopo.yaml's
// spec.chart.clusters), merged in order over the chart's own defaults as `helm -f` merges them.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { insideRoot } from '../parse/parse.js';
import { CHART_DEFAULTS, mergeValues, valueAt } from '../topology/chart.js';

export interface ChartValues {
  /** The merged values (the chart's defaults first). */
  values: unknown;
  /** The files, in the order they were merged, as written. */
  files: readonly string[];
  /** The last file that sets a value at a dotted path (undefined: the chart's default). */
  setBy(key: string): string | undefined;
}

export type ChartRead = { ok: true; chart: ChartValues } | { ok: false; index: number; message: string; hint: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads the values files (paths relative to the root, inside it); the first one that cannot be read is the problem. */
export function readChartValues(root: string, files: readonly string[]): ChartRead {
  const parsed: unknown[] = [];
  for (const [index, file] of files.entries()) {
    const full = normalize(join(root, file));
    const hint = 'name a values file of the data-plane chart, relative to the repository root (e.g. install/values-dp.yaml)';
    if (isAbsolute(file) || !existsSync(full)) return { ok: false, index, message: `no file ${file} in the repository`, hint };
    const stats = statSync(full);
    if (!stats.isFile()) return { ok: false, index, message: stats.isDirectory() ? `${file} is a folder, not a values file` : `${file} is not a regular file`, hint };
    if (insideRoot(root, full) === undefined)
      return { ok: false, index, message: `${file} leads outside the repository`, hint: 'keep the values file inside the repository, so that every clone reads the same' };
    const docs = parseAllDocuments(readFileSync(full, 'utf8'), { uniqueKeys: false });
    const doc = docs[0];
    if (doc !== undefined && doc.errors.length > 0)
      return { ok: false, index, message: `${file} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`, hint: 'fix the file (helm would refuse it too)' };
    let data: unknown;
    try {
      data = doc?.toJS({ maxAliasCount: 100 }) ?? {};
      JSON.stringify(data); // a value that holds itself through an alias cannot be merged
    } catch (err) {
      const why = err instanceof TypeError ? 'holds itself through an alias' : 'expands more than 100 aliases';
      return { ok: false, index, message: `${file} ${why}`, hint: 'write the values out: a values file is plain YAML data' };
    }
    if (data !== null && !isObject(data)) return { ok: false, index, message: `${file} does not hold a map of values`, hint: 'a values file is a YAML map, e.g. gateway: {httpPort: 19080}' };
    parsed.push(data ?? {});
  }
  const values = parsed.reduce<unknown>((merged, next) => mergeValues(merged, next), CHART_DEFAULTS);
  const wrong = badValue(values);
  const setBy = (key: string): string | undefined => {
    for (let i = parsed.length - 1; i >= 0; i--) {
      const parent = key.includes('.') ? valueAt(parsed[i], key.slice(0, key.lastIndexOf('.'))) : parsed[i];
      if (isObject(parent) && key.slice(key.lastIndexOf('.') + 1) in parent) return files[i];
    }
    return undefined;
  };
  if (wrong !== undefined) {
    const file = setBy(wrong.key);
    const index = file === undefined ? 0 : files.lastIndexOf(file);
    return {
      ok: false,
      index,
      message: `${file ?? files[0]}: ${wrong.key} is ${JSON.stringify(wrong.value)}, ${wrong.expected}`,
      hint: "fix the value (the chart's Gateway template would render it as it is)",
    };
  }
  return { ok: true, chart: { values, files, setBy } };
}

/** The ports the chart's Gateway template reads, and the maps it reads them from: values it cannot render. */
function badValue(values: unknown): { key: string; value: unknown; expected: string } | undefined {
  for (const key of ['gateway', 'gateway.tls', 'gateway.tlsPassthrough']) {
    const value = valueAt(values, key);
    if (value !== undefined && value !== null && !isObject(value)) return { key, value, expected: 'not a map of values' };
  }
  for (const key of ['gateway.httpPort', 'gateway.httpsPort', 'gateway.tlsPassthrough.port']) {
    const value = valueAt(values, key);
    // Empty values (Helm's `default`) fall back to the template's port.
    if (value === undefined || value === null || value === '' || value === 0 || value === false) continue;
    const port = typeof value === 'number' ? value : typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(port) || port < 1 || port > 65535) return { key, value, expected: 'not a port (a whole number from 1 to 65535)' };
  }
  return undefined;
}
