// Module StrataDiagnostics: see Sources/StrataDiagnostics for its files; this file holds the module overview.

/// Namespace marker for the StrataDiagnostics module.
public enum StrataDiagnosticsModule {}
