// Shared plumbing for fused log-density ops: broadcasting arguments and build-time checks of data.
import StrataAutodiff
import StrataCore

/// Helpers used by every distribution family when it records its op.
public enum DistributionArguments {
    /// The number of terms after broadcasting `args` (all scalars or vectors of one common size).
    public static func count(_ args: [Expr], family: String, graph: Graph) -> Int {
        graph.broadcastCount(args.map(\.slot), context: family)
    }

    /// Records a build error unless every element of a constant argument satisfies `predicate`.
    /// Parameter-dependent arguments are checked when the op runs.
    public static func checkConstant(
        _ arg: Expr, family: String, argument: String, requirement: String, _ predicate: (Double) -> Bool
    ) {
        guard arg.isConstant else { return }
        let values = arg.graph.initialValues
        for i in arg.slot.range where !predicate(values[i]) {
            let index = arg.count == 1 ? "" : "[\(i - arg.slot.offset + 1)]"
            arg.graph.fail("\(family): \(argument)\(index) is \(values[i]), but must be \(requirement)")
            return
        }
    }

    /// Throws a domain error (a rejected proposal) for a parameter-dependent argument out of range.
    @inline(never)
    public static func domainError(_ family: String, _ argument: String, _ value: Double, _ requirement: String) -> LogDensityError {
        .domain(variable: family, message: "\(argument) is \(value), but must be \(requirement)")
    }
}
