// The JSON Schema validators that `npm run build` compiles ahead of time (scripts/compile-validators.ts):
// the build's modules are current, they are what validation uses, and they judge every document exactly as
// ajv compiling the schema at run time would (same errors, same order), over the shipped topologies and
// profiles, the golden inputs and thousands of mutations of them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ValidateFunction } from 'ajv';
import fg from 'fast-glob';
import { parse } from 'yaml';
import { Reporter } from '../generator/diagnostics/position.js';
import { parseTopology } from '../generator/parse/parse.js';
import { compiledModule, newAjv, type SchemaName, schemaOf, validateSchema, validatorOrigin } from '../generator/schema/schema.js';
import { compileValidator } from '../scripts/compile-validators.js';
import { REPO_ROOT } from './helpers.js';

const require = createRequire(join(REPO_ROOT, 'dist', 'generator', 'schema', 'schema.js'));
const NAMES: readonly SchemaName[] = ['topology', 'gwtopo', 'profile'];

function compiled(name: SchemaName): ValidateFunction {
  return require(compiledModule(name)) as ValidateFunction;
}

/** Documents of one kind in the repository: examples, golden inputs, profile fixtures. */
function documents(name: SchemaName): unknown[] {
  const patterns = {
    topology: ['topologies/*/topology.yaml', 'test/fixtures/**/topologies/*/topology.yaml'],
    gwtopo: ['gwtopo.yaml', 'test/fixtures/**/gwtopo.yaml'],
    profile: ['topologies/_profiles/*.yaml', 'test/fixtures/**/_profiles/*.yaml'],
  }[name];
  // Every file of the examples; of the fixtures, the largest of each folder of fixtures (they repeat one another).
  const all = fg.sync(patterns, { cwd: REPO_ROOT }).sort();
  const size = (f: string): number => readFileSync(join(REPO_ROOT, f)).length;
  const largest = new Map<string, string>();
  for (const f of all) {
    const group = f.startsWith('test/') ? f.split('/').slice(0, 4).join('/') : f;
    const seen = largest.get(group);
    if (seen === undefined || size(f) > size(seen)) largest.set(group, f);
  }
  const files = [...largest.values()].sort();
  const docs = files.flatMap((f) => {
    try {
      const d = parse(readFileSync(join(REPO_ROOT, f), 'utf8')) as unknown;
      return d !== null && typeof d === 'object' ? [d] : [];
    } catch {
      return [];
    }
  });
  assert.ok(docs.length > 0, `no ${name} documents found`);
  return docs;
}

const WRONG: readonly unknown[] = [null, true, 12, -1, 1.5, '', 'x', 'UPPER_case', 'a'.repeat(300), [], [1], {}, { unknown: 1 }];

/** The document with each value replaced by each wrong value, each key removed, an unknown key added to each map. */
function* mutations(doc: unknown): Generator<unknown> {
  function* at(node: unknown, rebuild: (v: unknown) => unknown): Generator<unknown> {
    for (const w of WRONG) yield rebuild(w);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) yield* at(node[i], (v) => rebuild(node.map((x, j) => (j === i ? v : x))));
      if (node.length > 0) yield rebuild([...node, node[0]]);
    } else if (node !== null && typeof node === 'object') {
      const entries = Object.entries(node);
      yield rebuild({ ...node, unknownField: 1 });
      for (const [k, value] of entries) {
        yield rebuild(Object.fromEntries(entries.filter(([key]) => key !== k)));
        yield* at(value, (v) => rebuild({ ...node, [k]: v }));
      }
    }
  }
  yield doc;
  yield* at(doc, (v) => v);
}

describe('ahead-of-time compiled validators', () => {
  for (const name of NAMES) {
    test(`${name}: the build's module is what scripts/compile-validators.ts makes from today's schema`, () => {
      assert.equal(readFileSync(join(REPO_ROOT, 'dist', 'generator', 'schema', compiledModule(name)), 'utf8'), compileValidator(name));
    });

    test(`${name}: same verdict and same errors as ajv compiling the schema at run time`, () => {
      const aot = compiled(name);
      const runtime = newAjv().compile(schemaOf(name));
      let count = 0;
      let invalid = 0;
      for (const doc of documents(name)) {
        for (const variant of mutations(doc)) {
          const ok = aot(variant);
          assert.equal(runtime(variant), ok, JSON.stringify(variant).slice(0, 300));
          assert.deepEqual(aot.errors ?? null, runtime.errors ?? null, JSON.stringify(variant).slice(0, 300));
          count++;
          if (!ok) invalid++;
        }
      }
      assert.ok(count > 500 && invalid > count / 2, `${count} documents, ${invalid} invalid`);
    });
  }

  // The package's executable is a bundle: a copy of the package without its node_modules (moved, vendored)
  // must still validate, so a compiled validator needs nothing but Node.js (ajv's runtime helpers inlined).
  for (const name of NAMES) {
    test(`${name}: the compiled module loads and validates with nothing to require but Node.js's own modules`, () => {
      const code = readFileSync(join(REPO_ROOT, 'dist', 'generator', 'schema', compiledModule(name)), 'utf8');
      const wanted: string[] = [];
      const onlyBuiltins = (id: string): unknown => {
        wanted.push(id);
        if (!isBuiltin(id)) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
        return require(id);
      };
      const module = { exports: {} as unknown };
      new Function('module', 'exports', 'require', code)(module, module.exports, onlyBuiltins);
      assert.deepEqual(
        wanted.filter((id) => !isBuiltin(id)),
        [],
      );
      const alone = module.exports as ValidateFunction & { digest?: string };
      assert.equal(alone({}), false);
      assert.ok(
        (alone.errors ?? []).some((e) => e.keyword === 'required'),
        JSON.stringify(alone.errors),
      );
      assert.equal(typeof alone.digest, 'string');
    });
  }

  test('validation uses the compiled validators', () => {
    const r = parseTopology({ cluster: 'c', file: 'topologies/c/topology.yaml' }, 'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata: {name: c}\nspec: {gateways: []}\n');
    assert.ok(r.ok);
    for (const name of NAMES) {
      validateSchema(r.topology, new Reporter(r.topology), name);
      assert.equal(validatorOrigin.get(name), 'compiled', name);
    }
  });
});
