// Lowers Stan's embedded Laplace functions: laplace_marginal*, the built-in likelihood forms, laplace_latent_*_rng/_solve.
import StrataAutodiff
import StrataCore
import StrataDistributions
import StrataStanFrontEnd

/// A parsed Laplace call: the recorded covariance function with its arguments φ, the likelihood with its arguments η.
struct LaplaceProblem {
    let covariance: RecordedFunction
    let phi: GExpr
    let likelihood: LaplaceLikelihoodSource
    let eta: GExpr
    let latent: Int
    let options: LaplaceOptions
    /// The prior mean the latent draws are shifted by (built-in forms), constant values.
    let mean: GExpr?
    /// A parameter-dependent initial guess (read at each evaluation, no gradient), else nil.
    let guess: GExpr?
}

extension Lowerer {
    /// The value of a constant scalar argument.
    private func laplaceConstant(_ v: Value, _ what: String, _ name: String, _ range: SourceRange) throws -> Double {
        guard let c = v.constantValues, c.count == 1 else {
            throw LoweringError.invalid("\(name): \(what) must be data (a single value)", range)
        }
        return c[0]
    }

    /// The options tuple `(theta_0, tolerance, max_num_steps, solver, max_steps_line_search, allow_fallthrough)`.
    private func laplaceOptions(_ expr: SExpr?, blockSize: SExpr, latent n: Int, _ name: String, _ range: SourceRange) throws
        -> (LaplaceOptions, GExpr?) {
        var options = LaplaceOptions()
        let b = try laplaceConstant(try lower(blockSize), "hessian_block_size", name, range)
        guard b >= 1 else { throw LoweringError.invalid("\(name): hessian_block_size is \(Int(b)), but must be positive", range) }
        options.blockSize = Int(b)
        guard let expr else { return (options, nil) }
        let leaves = try lowerAny(expr).leaves
        guard leaves.count == 6 else {
            throw LoweringError.invalid("\(name): the options tuple has \(leaves.count) components, but needs 6 (theta_0, tolerance, "
                                        + "max_num_steps, solver, max_steps_line_search, allow_fallthrough)", range)
        }
        guard leaves[0].count == n else {
            throw LoweringError.invalid("\(name): theta_0 has \(leaves[0].count) elements, but the covariance matrix is \(n)x\(n)", range)
        }
        let tolerance = try laplaceConstant(leaves[1], "the tolerance", name, range)
        let steps = try laplaceConstant(leaves[2], "max_num_steps", name, range)
        let solver = try laplaceConstant(leaves[3], "solver", name, range)
        let lineSearch = try laplaceConstant(leaves[4], "max_steps_line_search", name, range)
        _ = try laplaceConstant(leaves[5], "allow_fallthrough", name, range)
        guard tolerance > 0, steps >= 1, (1...3).contains(solver), lineSearch >= 0 else {
            throw LoweringError.invalid("\(name): needs tolerance > 0 (\(tolerance)), max_num_steps >= 1 (\(Int(steps))), solver 1, 2 "
                                        + "or 3 (\(Int(solver))) and max_steps_line_search >= 0 (\(Int(lineSearch)))", range)
        }
        options.initial = leaves[0].constantValues; options.tolerance = tolerance; options.maxSteps = Int(steps)
        options.maxLineSearch = Int(lineSearch)
        return (options, leaves[0].isConstant ? nil : leaves[0].expr)
    }

    /// The type of a lowered argument.
    private func loweredType(_ l: Lowered) -> StanType {
        switch l {
        case .value(let v): return v.type
        case .tuple(_, let type): return type
        }
    }

    /// The arguments a tuple expression passes to a user function (`(a, b)` passes a and b).
    private func tupleArguments(_ expr: SExpr, _ name: String, _ range: SourceRange) throws -> [Lowered] {
        guard case .tuple(let items, _) = try lowerAny(expr) else {
            throw LoweringError.invalid("\(name): the function's arguments must be given as a tuple", range)
        }
        return items
    }

    /// The covariance function and its arguments: K = kF(kArgs...), an n×n matrix.
    private func laplaceCovariance(_ kF: SExpr, _ kArgs: SExpr, _ name: String, _ range: SourceRange) throws
        -> (RecordedFunction, GExpr, Int) {
        let args = try tupleArguments(kArgs, name, range)
        let defs = try functionArgument(kF, of: name, range)
        guard defs.contains(where: { $0.returnType == .matrix }) else {
            throw LoweringError.invalid("\(name): the covariance function must return a matrix", range)
        }
        let def = try chosenOverload(OverloadResolver.resolveFunctionArgument(defs, leading: [], passed: args.map(loweredType), returns: .matrix),
                                     of: defs[0].name, caller: name, range)
        let (k, phi) = try recordFunction(def, leading: [], extras: args, caller: name, range)
        let n = Int(Double(k.outputs).squareRoot().rounded())
        guard n * n == k.outputs else {
            throw LoweringError.invalid("\(name): the covariance function '\(def.name)' returns \(k.outputs) values, not a square matrix", range)
        }
        return (k, phi, n)
    }

    /// `laplace_marginal(ll, ll_args, hessian_block_size, K, K_args[, options])` and the latent forms: the user
    /// likelihood ll(theta, ll_args...) and covariance K(K_args...).
    private func laplaceUserProblem(_ name: String, _ argExprs: [SExpr], tol: Bool, _ range: SourceRange) throws -> LaplaceProblem {
        guard argExprs.count == (tol ? 6 : 5) else {
            throw LoweringError.invalid("\(name) takes \(tol ? 6 : 5) arguments", range)
        }
        let (k, phi, n) = try laplaceCovariance(argExprs[3], argExprs[4], name, range)
        let (options, guess) = try laplaceOptions(tol ? argExprs[5] : nil, blockSize: argExprs[2], latent: n, name, range)
        let llArgs = try tupleArguments(argExprs[1], name, range)
        let defs = try functionArgument(argExprs[0], of: name, range)
        guard defs.contains(where: { $0.returnType == .real }) else {
            throw LoweringError.invalid("\(name): the likelihood function must return a real", range)
        }
        let def = try chosenOverload(OverloadResolver.resolveFunctionArgument(defs, leading: [.vector], passed: llArgs.map(loweredType),
                                                                              returns: .real),
                                     of: defs[0].name, caller: name, range)
        let (ll, eta) = try recordFunction(def, leading: [(.vector, [n])], extras: llArgs, caller: name, range)
        guard ll.outputs == 1 else { throw LoweringError.invalid("\(name): '\(def.name)' must return one real", range) }
        return LaplaceProblem(covariance: k, phi: phi, likelihood: .recorded(ll), eta: eta, latent: n, options: options, mean: nil,
                              guess: guess)
    }

    /// The built-in likelihood forms: (y, y_index, [phi,] mean, hessian_block_size, K, K_args[, options]).
    private func laplaceBuiltinProblem(_ family: BuiltinLaplaceLikelihood.Family, _ name: String, y: Value, _ args: [SExpr], tol: Bool,
                                       _ range: SourceRange) throws -> LaplaceProblem {
        let hasPhi = family == .negBinomial2Log
        let fixed = hasPhi ? 6 : 5
        guard args.count == fixed + (tol ? 1 : 0) else {
            throw LoweringError.invalid("\(name) takes \(fixed + (tol ? 1 : 0)) arguments after the outcome", range)
        }
        let rest = hasPhi ? Array(args.dropFirst(3)) : Array(args.dropFirst(2))   // hessian_block_size, K, K_args, options
        let (k, phiK, n) = try laplaceCovariance(rest[1], rest[2], name, range)
        let (options, guess) = try laplaceOptions(tol ? rest[3] : nil, blockSize: rest[0], latent: n, name, range)
        guard let yv = y.constantValues, let index = try lower(args[0]).constantValues else {
            throw LoweringError.invalid("\(name): the outcomes and y_index must be data", range)
        }
        guard yv.count == index.count else {
            throw LoweringError.invalid("\(name): \(yv.count) outcomes but \(index.count) entries in y_index", range)
        }
        for g in index where !(g >= 1 && g <= Double(n)) {
            throw LoweringError.invalid("\(name): y_index holds \(Int(g)), but must be between 1 and \(n) (the latent size)", range)
        }
        for v in yv where v < 0 || (family == .bernoulliLogit && v > 1) {
            throw LoweringError.invalid("\(name): outcome \(Int(v)) is outside the family's support", range)
        }
        let mean = try lower(args[hasPhi ? 2 : 1])
        guard mean.count == n else {
            throw LoweringError.invalid("\(name): the mean has \(mean.count) elements, but the covariance matrix is \(n)x\(n)", range)
        }
        var parts: [GExpr] = []
        var phiCount = 0
        if hasPhi {
            let phi = try lower(args[1])
            guard phi.count == 1 || phi.count == n else {
                throw LoweringError.invalid("\(name): eta has \(phi.count) elements, but needs 1 or \(n)", range)
            }
            phiCount = phi.count
            parts.append(phi.expr)
        }
        parts.append(mean.expr)
        let eta = parts.count == 1 ? parts[0] : graph.concat(parts)
        return LaplaceProblem(covariance: k, phi: phiK, likelihood: .builtin(family, y: yv, index: index.map { Int($0) - 1 },
                                                                            phiCount: phiCount),
                              eta: eta, latent: n, options: options, mean: mean.expr, guess: guess)
    }

    /// The family and whether it is a `_tol` form, for a built-in name after its `laplace_marginal_`/`laplace_latent_` prefix.
    private static func laplaceFamily(_ rest: String) -> (BuiltinLaplaceLikelihood.Family, tol: Bool)? {
        var body = rest, tol = false
        if body.hasPrefix("tol_") { tol = true; body.removeFirst(4) }
        for suffix in ["_lpmf", "_lupmf", "_rng"] where body.hasSuffix(suffix) { body.removeLast(suffix.count) }
        return BuiltinLaplaceLikelihood.Family(rawValue: body).map { ($0, tol) }
    }

    static let laplaceUserForms: Set<String> = ["laplace_marginal", "laplace_marginal_tol", "laplace_latent_rng",
                                                "laplace_latent_tol_rng", "laplace_latent_solve", "laplace_latent_solve_tol"]

    /// The log marginal of a built-in form used as a density (`y ~ laplace_marginal_poisson_log(...)`,
    /// `laplace_marginal_tol_poisson_log_lpmf(y | ...)`); nil for other families.
    func laplaceDensity(family: String, variate: SExpr, _ argExprs: [SExpr], _ range: SourceRange) throws -> Value? {
        guard family.hasPrefix("laplace_marginal_"),
              let (f, tol) = Self.laplaceFamily(String(family.dropFirst("laplace_marginal_".count))) else { return nil }
        if lanes != nil { throw VectorizationFallback() }
        let problem = try laplaceBuiltinProblem(f, family, y: try lower(variate), argExprs, tol: tol, range)
        return marginalValue(problem, family)
    }

    private func marginalValue(_ p: LaplaceProblem, _ name: String) -> Value {
        Value(expr: graph.laplaceMarginal(covariance: p.covariance, phi: p.phi, likelihood: p.likelihood, eta: p.eta, latent: p.latent,
                                          options: p.options, guess: p.guess, name: name), type: .real, dims: [])
    }

    /// `laplace_marginal`, `laplace_marginal_tol`, `laplace_latent_rng`, `laplace_latent_tol_rng` and the built-in
    /// latent rngs; nil for other names.
    func laplaceCall(_ name: String, _ argExprs: [SExpr], _ range: SourceRange) throws -> Value? {
        let problem: LaplaceProblem
        if name == "laplace_marginal" || name == "laplace_marginal_tol" {
            if lanes != nil { throw VectorizationFallback() }
            return marginalValue(try laplaceUserProblem(name, argExprs, tol: name.hasSuffix("_tol"), range), name)
        } else if name == "laplace_latent_rng" || name == "laplace_latent_tol_rng" {
            if lanes != nil { throw VectorizationFallback() }
            problem = try laplaceUserProblem(name, argExprs, tol: name.contains("_tol"), range)
        } else if name.hasPrefix("laplace_latent_"), name.hasSuffix("_rng"),
                  let (family, tol) = Self.laplaceFamily(String(name.dropFirst("laplace_latent_".count))) {
            if lanes != nil { throw VectorizationFallback() }
            guard let first = argExprs.first else { throw LoweringError.invalid("\(name) needs its outcomes", range) }
            problem = try laplaceBuiltinProblem(family, name, y: try lower(first), Array(argExprs.dropFirst()), tol: tol, range)
        } else {
            return nil
        }
        guard var rng = randomStream else {
            if block == .generatedQuantities { throw LoweringError.needsPlainNumbers("random number generator '\(name)'", range) }
            throw LoweringError.unsupported("random number generator '\(name)' outside transformed data and generated quantities", range)
        }
        let (theta, covariance) = try solveOnPlainNumbers(problem, name, range)
        do {
            let draw = try RandomDraws.multiNormal(theta, covariance, rng: &rng)
            randomStream = rng
            return constantValue(draw, type: .vector, dims: [problem.latent])
        } catch {
            throw LoweringError.invalid("\(name): \(error)", range)
        }
    }

    /// The mode (shifted by the prior mean) and the covariance of the Gaussian approximation, for constant arguments.
    private func solveOnPlainNumbers(_ p: LaplaceProblem, _ name: String, _ range: SourceRange) throws -> ([Double], [Double]) {
        guard let phi = Value(expr: p.phi, type: .vector, dims: [p.phi.count]).constantValues,
              let eta = Value(expr: p.eta, type: .vector, dims: [p.eta.count]).constantValues else {
            throw LoweringError.needsPlainNumbers("\(name) with parameter-dependent arguments", range)
        }
        if p.guess != nil { throw LoweringError.needsPlainNumbers("\(name) with a parameter-dependent initial guess", range) }
        do {
            let k = try RecordedFunction.Evaluation(p.covariance).value(phi)
            let f = try p.likelihood.make(eta, latent: p.latent, name: name)
            let laplace = try LaplaceApproximation(likelihood: f, k: k, options: p.options, name: name)
            var theta = laplace.theta
            if let mean = p.mean, let m = Value(expr: mean, type: .vector, dims: [p.latent]).constantValues {
                theta = zip(theta, m).map { $0 + $1 }
            }
            return (theta, laplace.covariance)
        } catch let e as LoweringError {
            throw e
        } catch {
            throw LoweringError.invalid("\(name): \(error)", range)
        }
    }

    /// `laplace_latent_solve(...)`/`_tol`: the mode and the Cholesky factor of the approximation's covariance, for data
    /// (or per-draw) arguments.
    func laplaceLatentSolve(_ name: String, _ argExprs: [SExpr], type: StanType, _ range: SourceRange) throws -> Lowered {
        let problem = try laplaceUserProblem(name, argExprs, tol: name.hasSuffix("_tol"), range)
        let (theta, covariance) = try solveOnPlainNumbers(problem, name, range)
        let n = problem.latent
        guard let l = LaplaceAlgebra.cholesky(covariance, n) else {
            throw LoweringError.invalid("\(name): the approximate posterior covariance is not positive definite", range)
        }
        return .tuple([.value(constantValue(theta, type: .vector, dims: [n])), .value(constantValue(l, type: .matrix, dims: [n, n]))],
                      type: type)
    }

    /// `generate_laplace_options(n)` or `generate_laplace_options(theta_0)`: Stan's defaults with that initial guess.
    func generateLaplaceOptions(_ argExprs: [SExpr], type: StanType, _ range: SourceRange) throws -> Lowered {
        guard argExprs.count == 1 else { throw LoweringError.invalid("generate_laplace_options takes one argument", range) }
        let a = try lower(argExprs[0])
        let theta0: Value
        if a.isInt {
            guard let n = a.constantValues?.first, n >= 0 else {
                throw LoweringError.invalid("generate_laplace_options: the size must be a non-negative int", range)
            }
            theta0 = constantValue([Double](repeating: 0, count: Int(n)), type: .vector, dims: [Int(n)])
        } else {
            theta0 = a
        }
        let d = LaplaceOptions()
        let int = StanType.int
        return .tuple([.value(theta0), .value(realValue(d.tolerance)), .value(constantValue([Double(d.maxSteps)], type: int, dims: [])),
                       .value(constantValue([1], type: int, dims: [])), .value(constantValue([Double(d.maxLineSearch)], type: int, dims: [])),
                       .value(constantValue([1], type: int, dims: []))], type: type)
    }
}
