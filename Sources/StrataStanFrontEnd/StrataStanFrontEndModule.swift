// Module StrataStanFrontEnd: see Sources/StrataStanFrontEnd for its files; this file holds the module overview.

/// Namespace marker for the StrataStanFrontEnd module.
public enum StrataStanFrontEndModule {}
