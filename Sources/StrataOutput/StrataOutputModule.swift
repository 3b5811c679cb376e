// Module StrataOutput: see Sources/StrataOutput for its files; this file holds the module overview.

/// Namespace marker for the StrataOutput module.
public enum StrataOutputModule {}
