// Module StrataAutodiff: see Sources/StrataAutodiff for its files; this file holds the module overview.

/// Namespace marker for the StrataAutodiff module.
public enum StrataAutodiffModule {}
