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

public extension DistributionArguments {
    /// Records a build error unless `arg` is data whose elements are integers ≥ `minimum`
    /// (integer outcomes and trial counts of the discrete families).
    static func checkInteger(_ arg: Expr, family: String, argument: String, minimum: Double = 0) {
        guard arg.isConstant else {
            arg.graph.fail("\(family): \(argument) must be data (integers), not a parameter-dependent expression")
            return
        }
        checkConstant(arg, family: family, argument: argument, requirement: "an integer >= \(Int(minimum))") {
            $0 >= minimum && $0 == $0.rounded() && $0 < 9.0e15
        }
    }

    /// True if every argument is data, in which case a `propto` density is the constant 0.
    static func allConstant(_ args: [Expr]) -> Bool { args.allSatisfy(\.isConstant) }
}

public extension DistributionArguments {
    /// The broadcast count of `args`, or nil (after recording a build error naming `family`) when
    /// a vector argument's size differs from the others; builders then return a placeholder so that
    /// no kernel ever reads past a mismatched argument.
    static func checkedCount(_ args: [Expr], family: String, graph: Graph) -> Int? {
        var n = 1
        for a in args where a.count != 1 {
            if n == 1 { n = a.count } else if a.count != n {
                graph.fail("\(family): size mismatch (\(n) vs \(a.count))")
                return nil
            }
        }
        return args.contains(where: { $0.count == 0 }) ? 0 : n
    }
}
