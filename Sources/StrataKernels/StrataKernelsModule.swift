// Module StrataKernels: see Sources/StrataKernels for its files; this file holds the module overview.

/// Namespace marker for the StrataKernels module.
public enum StrataKernelsModule {}
