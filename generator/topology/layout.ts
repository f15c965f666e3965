// The layout of a gwtopo repository: where topologies are read from and where output is written. Every stage
// that names a file of the repository takes the names from here.

export const TOPOLOGIES_DIR = 'topologies';
export const TOPOLOGY_FILE = 'topology.yaml';
/** topologies/_profiles/ holds profiles, never a cluster (not a DNS-1123 label, so no cluster can be named so). */
export const PROFILES_DIR = '_profiles';
export const OVERLAYS_DIR = 'overlays';
/** overlays/_gitops: a leading '_' is not allowed in a DNS label, so no cluster folder can collide. */
export const GITOPS_DIR = '_gitops';

/** A file to read as a topology (or as gwtopo.yaml or a profile: the same reader reads all three). */
export interface TopologyRef {
  /** Folder name under topologies/ (the cluster). */
  cluster: string;
  /** Path relative to the root, forward slashes. */
  file: string;
  /** The document the file should hold, for messages about an empty one (default: GatewayTopology). */
  kind?: 'GatewayTopology' | 'Repository' | 'GatewayProfile';
  /**
   * Discovery saw no symbolic link between the root and the file (topologies/, the folder and the file are
   * plain entries): it cannot lead outside the repository, and reading it needs no realpath(3).
   */
  linkFree?: true;
}
