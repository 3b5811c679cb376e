// Module StrataDistributions: see Sources/StrataDistributions for its files; this file holds the module overview.

/// Namespace marker for the StrataDistributions module.
public enum StrataDistributionsModule {}
