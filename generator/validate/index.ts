// The validate step of one topology: the schema (its shape), then the semantic rules over its typed view
// (validate/rules/). Every problem is positioned in the source through the Reporter. The checks that need
// the model come after it (model/checks.ts); the pipeline runs both (pipeline/cluster.ts).
import type { Reporter } from '../diagnostics/position.js';
import type { ParsedTopology } from '../parse/parsed.js';
import { validateSchema } from '../schema/schema.js';
import { readView, type TopologyView } from '../topology/view.js';
import { RULES } from './rules/index.js';

/** The schema, then every rule over the view; returns the view (also of an invalid document). */
export function validateView(topology: ParsedTopology, r: Reporter): TopologyView {
  validateSchema(topology, r);
  const view = readView(topology.data);
  for (const rule of RULES) rule({ view, folder: topology.cluster, r });
  return view;
}
