// Picks the user-defined overload a call means, as Stan does: exact match first, then fewest promotions; ties are ambiguous.

/// The outcome of matching a call's argument types against a function's overloads.
public enum OverloadResolution {
    /// Exactly one best overload.
    case match(FunctionDef)
    /// No overload accepts the arguments.
    case noMatch
    /// Several overloads accept the arguments with the same number of promotions.
    case ambiguous([FunctionDef])

    /// `true` for `.noMatch`.
    public var isNoMatch: Bool {
        if case .noMatch = self { return true }
        return false
    }
}

/// Overload resolution for user-defined functions, shared by the type checker and the lowering.
public enum OverloadResolver {
    /// The overload of `candidates` that `args` select: an exact match if there is one, else the one
    /// needing the fewest int → real / real → complex promotions.
    public static func resolve(_ candidates: [FunctionDef], _ args: [StanType]) -> OverloadResolution {
        var best: [FunctionDef] = []
        var bestCost = Int.max
        for def in candidates where def.parameters.count == args.count {
            guard let cost = promotionCost(args, def.parameters.map(\.type)) else { continue }
            if cost < bestCost {
                best = [def]; bestCost = cost
            } else if cost == bestCost, !best.contains(where: { $0.parameters.map(\.type) == def.parameters.map(\.type) }) {
                best.append(def)
            }
        }
        switch best.count {
        case 0: return .noMatch
        case 1: return .match(best[0])
        default: return .ambiguous(best)
        }
    }

    /// The overload of a user function passed to a higher-order built-in (an ODE or DAE right-hand side, a solver's
    /// system, an integrand, a `reduce_sum` partial sum, a Laplace likelihood): among the overloads returning `returns`
    /// whose first parameters are exactly `leading`, the best for `leading + passed` (fewest promotions; ties
    /// ambiguous, as in stanc3). The type checker and the lowering both call this, so the overload that runs is
    /// the one that was checked.
    public static func resolveFunctionArgument(_ overloads: [FunctionDef], leading: [StanType], passed: [StanType],
                                               returns: StanType) -> OverloadResolution {
        let eligible = overloads.filter { def in
            def.returnType == returns && Array(def.parameters.map(\.type).prefix(leading.count)) == leading
        }
        return resolve(eligible, leading + passed)
    }

    /// Number of promotions needed to pass `args` for `parameters` (nil if some argument cannot be passed).
    static func promotionCost(_ args: [StanType], _ parameters: [StanType]) -> Int? {
        var cost = 0
        for (a, p) in zip(args, parameters) where a != p {
            guard a.isAssignable(to: p) else { return nil }
            cost += a.base == .int && p.base == .complex ? 2 : 1
        }
        return cost
    }
}
