// Module StrataStanModel: lowers checked Stan programs onto the AD graph.

/// Namespace marker for the StrataStanModel module.
public enum StrataStanModelModule {}
