// How admission findings read as problems: their rule ids and hints, and the one notice about namespaces
// whose labels are unknown (shared by `gwtopo conform` and the pipeline's conform stage).
import { docUrl } from '../../support/docs.js';
import type { AdmissionFinding } from './evaluate.js';

export const ADMISSION_RULES = {
  denied: 'admission-denied',
  warning: 'admission-warning',
  'not-checked': 'admission-not-checked',
} as const satisfies Record<AdmissionFinding['kind'], string>;

export const ADMISSION_HINTS: Record<AdmissionFinding['kind'], string> = {
  denied: "the cluster's ValidatingAdmissionPolicy refuses the object: change it, or the policy or its binding in the schema set",
  warning: 'the API server accepts the object with this warning (the binding says Warn): change the object, or the policy or its binding in the schema set',
  'not-checked': `gwtopo could not evaluate this offline (${docUrl('schema-sets.md', 'admission-policies')}); the API server will: check with kubectl apply --dry-run=server`,
};

/** The notice for namespaces a policy needed the labels of and nothing defines. */
export function namespaceNotice(names: readonly string[], where: string): { rule: string; message: string; hint: string } {
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? `, +${names.length - 5} more` : '');
  return {
    rule: 'admission-namespace-unknown',
    message: `no Namespace object in ${where} or the schema set for ${shown}: admission policies see only the label kubernetes.io/metadata.name there`,
    hint: 'add the Namespace objects (with their labels) to the manifests or the schema set, so that namespaceSelector and namespaceObject see them',
  };
}
