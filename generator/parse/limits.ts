// Size limits of inputs, in a module of their own so that main.ts can read them without loading a parser.

/** Manifests (gwtopo conform) larger than this are refused: even a whole cluster's `kubectl get -o yaml` stays far below. */
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;
