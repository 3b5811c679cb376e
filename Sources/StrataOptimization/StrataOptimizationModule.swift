// Module StrataOptimization: see Sources/StrataOptimization for its files; this file holds the module overview.

/// Namespace marker for the StrataOptimization module.
public enum StrataOptimizationModule {}
