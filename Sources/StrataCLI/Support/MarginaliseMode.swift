// The `--marginalise` option's values.
import ArgumentParser

/// Whether `sample` integrates out parameters that can be integrated out exactly.
enum MarginaliseMode: String, ExpressibleByArgument, CaseIterable {
    /// Integrate out every parameter the analysis finds.
    case auto
    /// Sample every parameter.
    case off
}
