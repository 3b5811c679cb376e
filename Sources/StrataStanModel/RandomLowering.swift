// Lowers `_rng` calls: drawn at once from the lowerer's random stream (transformed data, generated quantities on plain numbers).
import StrataAutodiff
import StrataCore
import StrataDistributions
import StrataStanFrontEnd

extension Lowerer {
    /// `family_rng(args...)`. Random draws need every argument as a plain number, so they happen while
    /// lowering: transformed data (once, from the run's seed) and generated quantities evaluated per draw
    /// on plain numbers (see `QuantityInterpreter`). In a generated quantities block lowered onto the
    /// graph, the call asks for that block to be evaluated on plain numbers instead.
    func randomCall(_ name: String, _ argExprs: [SExpr], type: StanType, _ range: SourceRange) throws -> Value {
        if lanes != nil { throw VectorizationFallback() }
        guard var rng = randomStream else {
            if block == .generatedQuantities { throw LoweringError.needsPlainNumbers("random number generator '\(name)'", range) }
            throw LoweringError.unsupported("random number generator '\(name)' outside transformed data and generated quantities", range)
        }
        let args = try argExprs.map(lower)
        var columns: [[Double]] = []
        for a in args {
            guard let c = a.constantValues else {
                throw LoweringError.needsPlainNumbers("random number generator '\(name)' with parameter-dependent arguments", range)
            }
            columns.append(c)
        }
        defer { randomStream = rng }
        do {
            return try draw(String(name.dropLast(4)), args, columns, type: type, rng: &rng, range)
        } catch let e as RandomArgumentError {
            throw LoweringError.invalid(e.description, range)
        }
    }

    private func draw(_ family: String, _ args: [Value], _ columns: [[Double]], type: StanType, rng: inout ChainRNG,
                      _ range: SourceRange) throws -> Value {
        func scalar(_ x: Double) -> Value { constantValue([x], type: type, dims: []) }
        /// Vector-valued draws, one per element of an array argument (`multi_normal_rng(array[] vector, matrix)`).
        func vectors(_ index: Int, _ body: ([Double], inout ChainRNG) throws -> [Double]) throws -> Value {
            let location = args[index]
            let k = location.dims.last ?? 1
            let n = location.dims.count >= 2 ? location.dims[0] : 1
            var out: [Double] = []
            for i in 0..<n { out += try body(Array(columns[index][(i * k)..<((i + 1) * k)]), &rng) }
            return constantValue(out, type: type, dims: location.dims.count >= 2 ? [n, k] : [k])
        }
        switch family {
        case "categorical": return scalar(try RandomDraws.categorical(columns[0], rng: &rng))
        case "categorical_logit": return scalar(try RandomDraws.categoricalLogit(columns[0], rng: &rng))
        case "ordered_logistic": return scalar(try RandomDraws.orderedLogistic(columns[0][0], columns[1], rng: &rng))
        case "multinomial", "multinomial_logit", "dirichlet_multinomial":
            let counts = family == "multinomial" ? try RandomDraws.multinomial(columns[0], columns[1][0], rng: &rng)
                : family == "multinomial_logit" ? try RandomDraws.multinomialLogit(columns[0], columns[1][0], rng: &rng)
                : try RandomDraws.dirichletMultinomial(columns[0], columns[1][0], rng: &rng)
            return constantValue(counts, type: type, dims: [counts.count])
        case "dirichlet":
            return constantValue(try RandomDraws.dirichlet(columns[0], rng: &rng), type: type, dims: [columns[0].count])
        case "multi_normal":
            return try vectors(0) { mu, r in try RandomDraws.multiNormal(mu, columns[1], rng: &r) }
        case "multi_normal_cholesky":
            return try vectors(0) { mu, r in try RandomDraws.multiNormalCholesky(mu, columns[1], rng: &r) }
        case "multi_student_t":
            return try vectors(1) { mu, r in try RandomDraws.multiStudentT(columns[0][0], mu, columns[2], rng: &r) }
        case "multi_student_t_cholesky":
            return try vectors(1) { mu, r in try RandomDraws.multiStudentTCholesky(columns[0][0], mu, columns[2], rng: &r) }
        case "wishart", "inv_wishart":
            let m = family == "wishart" ? try RandomDraws.wishart(columns[0][0], columns[1], rng: &rng)
                                        : try RandomDraws.invWishart(columns[0][0], columns[1], rng: &rng)
            return constantValue(m, type: type, dims: args[1].dims)
        case "wishart_cholesky", "inv_wishart_cholesky":
            let m = family == "wishart_cholesky" ? try RandomDraws.wishartCholesky(columns[0][0], columns[1], rng: &rng)
                                                 : try RandomDraws.invWishartCholesky(columns[0][0], columns[1], rng: &rng)
            return constantValue(m, type: type, dims: args[1].dims)
        case "bernoulli_logit_glm":
            let eta = try glmLinearPredictor(args[0], columns[0], columns[1], columns[2], range)
            let draws = try RandomDraws.draw("bernoulli_logit", arguments: [eta], count: eta.count, rng: &rng)
            return constantValue(draws, type: type, dims: [draws.count])
        case "lkj_corr", "lkj_corr_cholesky":
            let m = family == "lkj_corr" ? try RandomDraws.lkjCorr(columns[0][0], columns[1][0], rng: &rng)
                                         : try RandomDraws.lkjCorrCholesky(columns[0][0], columns[1][0], rng: &rng)
            let k = Int(columns[0][0])
            return constantValue(m, type: type, dims: [k, k])
        default:
            guard RandomDraws.univariate[family] != nil else {
                throw LoweringError.unsupported("random number generator '\(family)_rng'", range)
            }
            let containers = args.filter { !$0.dims.isEmpty }
            let n = containers.first?.count ?? 1
            for c in containers where c.count != n {
                throw LoweringError.invalid("\(family)_rng: container arguments have different sizes (\(n) and \(c.count))", range)
            }
            let values = try RandomDraws.draw(family, arguments: columns, count: n, rng: &rng)
            return constantValue(values, type: type, dims: type.arrayDims > 0 ? [n] : [])
        }
    }
}

extension Lowerer {
    /// alpha + x beta on plain numbers for x a matrix (one value per row) or a row vector (one value per element of
    /// a vector alpha).
    func glmLinearPredictor(_ x: Value, _ xs: [Double], _ alpha: [Double], _ beta: [Double],
                            _ range: SourceRange) throws -> [Double] {
        let rows = x.dims.count == 2 ? x.dims[0] : 1, k = beta.count
        guard xs.count == rows * k else {
            throw LoweringError.invalid("x has \(xs.count / Swift.max(rows, 1)) columns for \(k) coefficients in beta", range)
        }
        let n = Swift.max(rows, alpha.count)
        guard (rows == 1 || rows == n) && (alpha.count == 1 || alpha.count == n) else {
            throw LoweringError.invalid("x has \(rows) rows but alpha has \(alpha.count) elements", range)
        }
        return (0..<n).map { i in
            let row = rows == 1 ? 0 : i
            var eta = alpha[alpha.count == 1 ? 0 : i]
            for j in 0..<k { eta += xs[row * k + j] * beta[j] }
            return eta
        }
    }
}

extension LoweringError {
    /// A construct the static graph cannot express but generated quantities evaluated on plain numbers can
    /// (random draws, branches on parameter values): in generated quantities the block is then run per draw.
    static func needsPlainNumbers(_ what: String, _ range: SourceRange) -> LoweringError {
        var e = LoweringError.unsupported(what, range)
        e.needsPlainNumbers = true
        return e
    }
}
