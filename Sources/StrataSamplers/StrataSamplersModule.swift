// Module StrataSamplers: see Sources/StrataSamplers for its files; this file holds the module overview.

/// Namespace marker for the StrataSamplers module.
public enum StrataSamplersModule {}
