// The data a schema set holds: CustomResourceDefinitions reduced to what validation needs. The same shape is
// read from the shipped sets (schema-sets/<set>/…json) and from a cluster's own CRDs (loadSetFromCrds).

export type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

/** One x-kubernetes-validations entry. */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** A node of an openAPIV3Schema without its documentation keywords. */
export interface Schema {
  type?: JsonType;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  nullable?: boolean;
  default?: unknown;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-validations'?: ValidationRule[];
}

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  /** The version has the status subresource: a create or update ignores `status`. */
  statusSubresource?: boolean;
  /** openAPIV3Schema (served versions only). */
  schema?: Schema;
}

export type Scope = 'Namespaced' | 'Cluster';

export interface Crd {
  /** metadata.name, `<plural>.<group>`. */
  name: string;
  group: string;
  kind: string;
  plural: string;
  scope: Scope;
  versions: CrdVersion[];
}
