// Validation of one parsed topology: the schema (shape), then the semantic rules, then — for a
// document without errors — the model. Every problem is positioned in the source.
import type { ParsedTopology } from '../load/parse.js';
import { buildModel } from '../model/build.js';
import type { ClusterModel } from '../model/types.js';
import { Reporter } from './locate.js';
import { hasErrors, type Problem } from './problem.js';
import { RULES } from './rules/index.js';
import { validateSchema } from './schema.js';
import { readView } from './view.js';

export interface Validated {
  problems: Problem[];
  /** Present when the topology has no errors. */
  model?: ClusterModel;
}

export function validateTopology(topology: ParsedTopology): Validated {
  const r = new Reporter(topology);
  validateSchema(topology, r);
  const view = readView(topology.data);
  for (const rule of RULES) rule({ view, folder: topology.cluster, r });
  if (hasErrors(r.problems)) return { problems: r.problems };
  return { problems: r.problems, model: buildModel(topology.cluster, topology.file, view) };
}
