// Resolves function calls and ~ statements against user functions, built-ins and distribution families.

extension TypeChecker {
    /// Every callable name (for "did you mean" suggestions).
    private var callableNames: [String] {
        Array(BuiltinFunctions.signatures.keys) + Distributions.derivedFunctionNames + Array(userFunctions.keys)
    }

    /// Resolves a call of `name` with argument types `args`, reporting placement and signature errors.
    mutating func resolveCall(_ name: String, _ args: [StanType], range: SourceRange) -> CallResolution {
        checkPlacement(of: name, range: range)
        if let overloads = userFunctions[name] ?? userFunctions[Self.normalisedDensityName(name)],
           !(Self.isLibraryName(name) && OverloadResolver.resolve(overloads, args).isNoMatch) {
            switch OverloadResolver.resolve(overloads, args) {
            case .match(let def):
                return def.returnType.map(CallResolution.value) ?? .void
            case .ambiguous(let defs):
                report(.ambiguousCall(function: name, arguments: args,
                                      candidates: defs.map { $0.parameters.map(\.type) }, range))
                return .failed
            case .noMatch:
                return reportMismatch(name, args, arities: overloads.map(\.parameters.count), range: range)
            }
        }
        if let overloads = BuiltinFunctions.signatures[name] {
            if let match = overloads.first(where: { $0.accepts(args) }) {
                return match.returns.map { .value($0.resolve(args)) } ?? .void
            }
            return reportMismatch(name, args, arities: overloads.map(\.parameters.count), range: range)
        }
        if let (family, suffix) = Distributions.split(name), let families = Distributions.families[family] {
            return resolveDistributionFunction(name, families, suffix, args, range: range)
        }
        if let replacement = BuiltinFunctions.removed[name] {
            report(.removedFunction(name, replacement: replacement, nameRange(name, in: range)))
            return .failed
        }
        if BuiltinFunctions.unsupported.contains(name)
            || Distributions.split(name).map({ Distributions.unsupported.contains($0.family) }) == true {
            report(.unsupportedFeature("function '\(name)'", range))
            return .failed
        }
        report(.unknownFunction(name, suggestion: NameSuggester.suggest(name, from: callableNames),
                                nameRange(name, in: range)))
        return .failed
    }

    /// `true` if `name` is a library function or a library family's density, CDF or RNG.
    public static func isLibraryName(_ name: String) -> Bool {
        BuiltinFunctions.signatures[name] != nil
            || Distributions.split(name).map { Distributions.families[$0.family] != nil } == true
    }

    /// `true` if a library overload of `name` accepts arguments of `types` (a user function with those parameter
    /// types would clash with it).
    static func libraryAccepts(_ name: String, _ types: [StanType]) -> Bool {
        if BuiltinFunctions.signatures[name]?.contains(where: { $0.accepts(types) }) == true { return true }
        guard let (family, suffix) = Distributions.split(name), let families = Distributions.families[family],
              let first = families.first else { return false }
        if suffix == "_rng" {
            return families.contains { f in
                let p = f.rngParameters ?? f.parameters
                return f.rng != nil && p.count == types.count && zip(p, types).allSatisfy { $0.accepts($1) }
            }
        }
        let densities = first.isDiscrete ? ["_lpmf", "_lupmf"] : ["_lpdf", "_lupdf"]
        guard densities.contains(suffix) || ["_cdf", "_lcdf", "_lccdf"].contains(suffix) else { return false }
        return families.contains { f in
            f.parameters.count + 1 == types.count && f.variate.accepts(types[0])
                && zip(f.parameters, types.dropFirst()).allSatisfy { $0.accepts($1) }
        }
    }

    /// `foo_lupdf` -> `foo_lpdf` and `foo_lupmf` -> `foo_lpmf`: a user density is defined in its normalised form
    /// and called in either (other names are returned unchanged).
    static func normalisedDensityName(_ name: String) -> String {
        if name.hasSuffix("_lupdf") { return name.dropLast(6) + "_lpdf" }
        if name.hasSuffix("_lupmf") { return name.dropLast(6) + "_lpmf" }
        return name
    }

    /// The range of a callee's name at the start of a call expression.
    private func nameRange(_ name: String, in range: SourceRange) -> SourceRange {
        let n = name.utf8.count
        return SourceRange(start: range.start, end: SourceLocation(line: range.start.line,
                                                                   column: range.start.column + n,
                                                                   offset: range.start.offset + n))
    }

    private mutating func reportMismatch(_ name: String, _ args: [StanType], arities: [Int],
                                         range: SourceRange) -> CallResolution {
        let unique = Array(Set(arities)).sorted()
        if !unique.contains(args.count) {
            report(.wrongArgumentCount(function: name, expected: unique, found: args.count, range))
        } else {
            report(.noMatchingSignature(function: name, arguments: args, range))
        }
        return .failed
    }

    /// `_rng` only in transformed data / generated quantities / `_rng` functions; `_lp` and `target()` only where
    /// `target` may be modified (Stan reference manual, "Program blocks").
    mutating func checkPlacement(of name: String, range: SourceRange) {
        if name.hasSuffix("_lupdf") || name.hasSuffix("_lupmf") {
            let inDensity = function.map { $0.name.hasSuffix("_lpdf") || $0.name.hasSuffix("_lpmf") } ?? false
            if !(block == .model && function == nil) && !inDensity {
                report(.misplacedStatement("'\(name)' (unnormalised density) is only allowed in the model block and in "
                                           + "_lpdf/_lpmf functions; use the _lpdf/_lpmf form here", range))
            }
        } else if name.hasSuffix("_rng") {
            let allowed = block == .transformedData || block == .generatedQuantities
                || (function?.name.hasSuffix("_rng") ?? false)
            if !allowed {
                report(.misplacedStatement("random number generator '\(name)' is only allowed in transformed data, "
                                           + "generated quantities and _rng functions", range))
            }
        } else if name.hasSuffix("_jacobian") && (userFunctions[name] != nil || BuiltinFunctions.signatures[name] != nil) {
            let allowed = (block == .transformedParameters && function == nil)
                || (function?.name.hasSuffix("_jacobian") ?? false)
            if !allowed {
                report(.misplacedStatement("'\(name)' (a _jacobian function) may only be called in the transformed "
                                           + "parameters block and in other _jacobian functions", range))
            }
        } else if name.hasSuffix("_lp") || name == "target" {
            let allowed = block == .transformedParameters || block == .model
                || (function?.name.hasSuffix("_lp") ?? false)
            if !allowed {
                report(.misplacedStatement("'\(name)' may only be used in transformed parameters, the model block "
                                           + "and _lp functions", range))
            }
        }
    }

    private mutating func resolveDistributionFunction(_ name: String, _ families: [DistributionFamily],
                                                      _ suffix: String, _ args: [StanType],
                                                      range: SourceRange) -> CallResolution {
        let first = families[0]
        let densities = first.isDiscrete ? ["_lpmf", "_lupmf"] : ["_lpdf", "_lupdf"]
        let cdfs = ["_cdf", "_lcdf", "_lccdf"]
        let valid = densities.contains(suffix) || (Distributions.hasCDF(first) && cdfs.contains(suffix))
            || (suffix == "_rng" && first.rng != nil)
        guard valid else {
            let suggestion = first.name + first.densitySuffix
            if cdfs.contains(suffix) && first.isUnivariate && !Distributions.hasCDF(first) {
                report(.misplacedStatement("'\(name)' does not exist: Stan defines no _cdf, _lcdf or _lccdf for "
                                           + "'\(first.name)'", nameRange(name, in: range)))
            } else if suffix == "_rng" || cdfs.contains(suffix) {
                report(.unsupportedFeature("function '\(name)'", range))
            } else {
                report(.unknownFunction(name, suggestion: suggestion, nameRange(name, in: range)))
            }
            return .failed
        }
        if cdfs.contains(suffix) && !Distributions.implementedCDFs.contains(first.name) {
            report(.unsupportedFeature("function '\(name)' (Strata has the CDFs of "
                                       + "\(Distributions.implementedCDFs.sorted().joined(separator: ", ")))", range))
            return .failed
        }
        if suffix == "_rng" {
            for family in families where family.rng != nil {
                let parameters = family.rngParameters ?? family.parameters
                if parameters.count == args.count && zip(parameters, args).allSatisfy({ $0.accepts($1) }) {
                    return .value(family.rng!.resolve(args))
                }
            }
            return reportMismatch(name, args, arities: families.map { ($0.rngParameters ?? $0.parameters).count }, range: range)
        }
        for family in families where family.parameters.count + 1 == args.count
            && family.variate.accepts(args[0]) && zip(family.parameters, args.dropFirst()).allSatisfy({ $0.accepts($1) }) {
            return .value(.real)
        }
        if Distributions.unsupportedArities[first.name]?.contains(args.count - 1) == true {
            report(.unsupportedFeature("function '\(name)' with \(args.count - 1) arguments after the outcome", range))
            return .failed
        }
        return reportMismatch(name, args, arities: families.map { $0.parameters.count + 1 }, range: range)
    }

    /// Checks `lhs ~ name(args)` given the types `[lhs] + args`.
    mutating func checkDistribution(_ name: String, _ types: [StanType], truncated: Bool, nameRange: SourceRange,
                                    range: SourceRange) {
        let userOverloadMatches = ["_lpdf", "_lpmf"].contains { suffix in
            userFunctions[name + suffix].map { !OverloadResolver.resolve($0, types).isNoMatch } ?? false
        }
        if let families = Distributions.families[name], !userOverloadMatches {
            if truncated && !Distributions.hasCDF(families[0]) {
                report(.misplacedStatement("truncation T[,] requires a univariate distribution with _lcdf and _lccdf "
                                           + "functions; '\(name)' has none", range))
            }
            let arities = Set(families.map(\.parameters.count))
            if Distributions.unsupportedArities[name]?.contains(types.count - 1) == true {
                report(.unsupportedFeature("distribution '\(name)' with \(types.count - 1) arguments", range))
                return
            }
            if truncated && Distributions.hasCDF(families[0]) && !Distributions.implementedCDFs.contains(name) {
                report(.unsupportedFeature("truncation of '\(name)' (Strata has the CDFs of "
                                           + "\(Distributions.implementedCDFs.sorted().joined(separator: ", ")))", range))
            }
            if !arities.contains(types.count - 1) {
                report(.wrongArgumentCount(function: name, expected: arities.sorted(), found: types.count - 1, range))
                return
            }
            _ = resolveDistributionFunction(name + families[0].densitySuffix, families, families[0].densitySuffix,
                                            types, range: range)
            return
        }
        for suffix in ["_lpdf", "_lpmf"] where userFunctions[name + suffix] != nil {
            _ = resolveCall(name + suffix, types, range: range)
            return
        }
        if Distributions.unsupported.contains(name) {
            report(.unsupportedFeature("distribution '\(name)'", nameRange))
            return
        }
        if let (family, _) = Distributions.split(name), Distributions.families[family] != nil
            || userFunctions[family + "_lpdf"] != nil || userFunctions[family + "_lpmf"] != nil {
            report(.unknownDistribution(name, suggestion: family, nameRange))
            return
        }
        let userDistributions = userFunctions.keys.compactMap { key -> String? in
            guard let (family, suffix) = Distributions.split(key), suffix == "_lpdf" || suffix == "_lpmf" else {
                return nil
            }
            return family
        }
        report(.unknownDistribution(name, suggestion: NameSuggester.suggest(
            name, from: Array(Distributions.families.keys) + userDistributions), nameRange))
    }

    /// `true` if `expr` cannot depend on parameters: it only reads ints, data, transformed data, `data` function
    /// arguments, or anything at all inside transformed data / generated quantities (no autodiff there).
    func isDataOnly(_ expr: Expr) -> Bool {
        if block == .transformedData || block == .generatedQuantities || block == .data { return true }
        switch expr.kind {
        case .intLiteral, .realLiteral, .imaginaryLiteral, .stringLiteral: return true
        case .variable(let name):
            guard let symbol = symbols.lookup(name) else { return true }
            if symbol.type.isIntOnly { return true }
            switch symbol.origin {
            case .data, .transformedData, .functionArgument(isDataOnly: true): return true
            default: return false
            }
        case .binary(_, let l, let r): return isDataOnly(l) && isDataOnly(r)
        case .prefix(_, let e), .transpose(let e): return isDataOnly(e)
        case .conditional(let c, let t, let e): return isDataOnly(c) && isDataOnly(t) && isDataOnly(e)
        case .call(_, let args), .array(let args), .rowVector(let args), .tuple(let args): return args.allSatisfy(isDataOnly)
        case .tupleComponent(let base, _): return isDataOnly(base)
        case .conditionalCall(_, let v, let args): return isDataOnly(v) && args.allSatisfy(isDataOnly)
        case .indexed(let base, let indices):
            return isDataOnly(base) && indices.allSatisfy { index in
                switch index {
                case .all: return true
                case .single(let e): return isDataOnly(e)
                case .range(let lo, let hi): return (lo.map(isDataOnly) ?? true) && (hi.map(isDataOnly) ?? true)
                }
            }
        }
    }

    /// Reports arguments that may depend on parameters but are passed for `data`-qualified parameters of the
    /// user-defined overload of `name` that matches `args`.
    mutating func checkDataArguments(_ name: String, _ args: [Expr]) {
        if BuiltinFunctions.dataOnlyArguments.contains(name) && userFunctions[name] == nil {
            // An int argument (`size(x)` of a parameter x) is never parameter-dependent.
            for (k, arg) in args.enumerated() where arg.type?.base != .int && !isDataOnly(arg) {
                report(.requiresData(function: name, parameter: "#\(k + 1)", arg.range))
            }
            return
        }
        let types = args.compactMap(\.type)
        guard types.count == args.count, let overloads = userFunctions[name],
              case .match(let def) = OverloadResolver.resolve(overloads, types) else { return }
        for (arg, parameter) in zip(args, def.parameters) where parameter.isDataOnly && !isDataOnly(arg) {
            report(.requiresData(function: name, parameter: parameter.name, arg.range))
        }
    }
}
