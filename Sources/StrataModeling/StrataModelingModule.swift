// Module StrataModeling: see Sources/StrataModeling for its files; this file holds the module overview.

/// Namespace marker for the StrataModeling module.
public enum StrataModelingModule {}
