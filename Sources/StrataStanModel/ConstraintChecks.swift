// Checks declared constraints at the end of a block: transformed parameters reject the proposal, generated quantities stop the run.
import StrataAutodiff
import StrataCore
import StrataDistributions
import StrataModeling
import StrataStanFrontEnd

/// Throws a domain error (a rejected proposal) when `value` leaves `[lower, upper]`; Stan validates
/// transformed parameters' declared constraints at the end of the block the same way. Writes a dummy
/// scalar and passes no adjoint.
struct BoundCheckOp: GraphOperation {
    let name: String
    let dims: [Int]
    let value: Slot
    let bound: Slot
    let isLower: Bool
    let output: Slot
    var inputs: [Slot] { [value, bound] }
    var tiling: Tiling { .whole }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let v = arena.value(value), b = arena.value(bound), sb = bound.stride
        for i in 0..<value.count {
            let ok = isLower ? v[i] >= b[i * sb] : v[i] <= b[i * sb]
            if !ok {
                throw LogDensityError.domain(variable: Lowerer.elementLabel(name, i, dims),
                                             message: "is \(v[i]), but must be \(isLower ? ">=" : "<=") \(b[i * sb])")
            }
        }
    }

    func backward(_ arena: Arena, range: Range<Int>) {}
}

/// Throws a domain error (a rejected proposal) when a transformed parameter declared `simplex`, `ordered`,
/// `cov_matrix`, ... is not one at the end of the block.
struct StructureCheckOp: GraphOperation {
    let rule: StructureRule
    let value: Slot
    let output: Slot
    var inputs: [Slot] { [value] }
    var tiling: Tiling { .whole }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let start = arena.value(value)
        // The happy path allocates nothing: each block's quick support check, then the full check (which
        // names what is wrong) only for a block the quick one cannot vouch for.
        if let certainlyValid = rule.certainlyValid, rule.blockSize > 0,
           (0..<rule.arrayCount).allSatisfy({ k in
               certainlyValid(UnsafeBufferPointer(start: start + k * rule.blockSize, count: rule.blockSize))
           }) {
            return
        }
        if let (variable, message) = rule.violation(Array(UnsafeBufferPointer(start: start, count: value.count))) {
            throw LogDensityError.domain(variable: variable, message: message)
        }
    }

    func backward(_ arena: Arena, range: Range<Int>) {}
}

/// The support of a structured type (`simplex[K]`, `array[N] ordered[K]`, ...) checked on plain numbers.
struct StructureRule {
    let name: String
    let keyword: String
    /// Throws a ``TransformError`` when one block (named by the second argument) is outside the support.
    let validate: ([Double], String) throws -> Void
    /// Elements of one structured value (the product of the non-array sizes).
    let blockSize: Int
    let arrayCount: Int
    /// True when one block certainly lies in the support, decided without allocating (nil: `validate` always decides).
    let certainlyValid: ((UnsafeBufferPointer<Double>) -> Bool)?

    init(name: String, keyword: String, blockSize: Int, arrayCount: Int,
         certainlyValid: ((UnsafeBufferPointer<Double>) -> Bool)? = nil, validate: @escaping ([Double], String) throws -> Void) {
        self.name = name; self.keyword = keyword; self.blockSize = blockSize; self.arrayCount = arrayCount
        self.certainlyValid = certainlyValid
        self.validate = validate
    }

    /// The support of `transform`'s constrained values.
    init(name: String, keyword: String, transform: any ParameterTransform, blockSize: Int, arrayCount: Int, graph: Graph) {
        self.init(name: name, keyword: keyword, blockSize: blockSize, arrayCount: arrayCount,
                  certainlyValid: { transform.certainlyInSupport($0) }) { [unowned graph] values, label in
            try transform.validate(values, variable: label, in: graph)
        }
    }

    /// The offending variable (with index) and what is wrong, or nil when every element is valid.
    func violation(_ values: [Double]) -> (String, String)? {
        for k in 0..<arrayCount {
            let label = arrayCount == 1 && values.count == blockSize ? name : "\(name)[\(k + 1)]"
            do {
                try validate(Array(values[(k * blockSize)..<((k + 1) * blockSize)]), label)
            } catch let e as TransformError {
                return (e.variable, "is not a valid \(keyword): \(e.message)")
            } catch {
                return (label, "is not a valid \(keyword): \(error)")
            }
        }
        return nil
    }
}

extension Lowerer {
    /// `name[i, j]` for flat element `flat` of a row-major value of sizes `dims` (`name` for a scalar).
    static func elementLabel(_ name: String, _ flat: Int, _ dims: [Int]) -> String {
        if dims.isEmpty { return name }
        var rest = flat
        var idx = [Int](repeating: 0, count: dims.count)
        for d in stride(from: dims.count - 1, through: 0, by: -1) {
            idx[d] = rest % Swift.max(dims[d], 1) + 1
            rest /= Swift.max(dims[d], 1)
        }
        return "\(name)[\(idx.map(String.init).joined(separator: ", "))]"
    }

    /// Records checks of a declared constraint at the end of its block. Transformed parameters
    /// (`fatal == false`) reject the proposal when violated; generated quantities (`fatal == true`)
    /// stop the run with an error naming the variable, the constraint and the value. Constant values
    /// are checked now.
    func checkConstraints(of d: VarDecl, _ v: Variable, fatal: Bool) throws {
        let value = v.read(in: graph)
        let what = fatal ? "generated quantity" : block == .transformedData ? "transformed data" : "transformed parameter"
        if case .bounds(let lo, let hi) = d.type.constraint {
            for (bound, isLower) in [(lo, true), (hi, false)] {
                guard let bound else { continue }
                try checkBound(d, v, value, bound, isLower: isLower, fatal: fatal, what: what)
            }
        }
        guard let structured = structuredConstraint(d.type.base, dims: v.dims) else { return }
        let arrayCount = v.dims.prefix(d.type.arrayDims.count).reduce(1, *)
        let rule = StructureRule(name: d.name, keyword: d.type.base.keyword, transform: structured.transform(in: graph),
                                 blockSize: arrayCount == 0 ? 0 : value.count / arrayCount, arrayCount: arrayCount, graph: graph)
        if let constant = value.constantValues {
            if let (variable, message) = rule.violation(constant) {
                throw LoweringError.invalid("\(what) '\(variable)' \(message)", d.range)
            }
        } else if fatal {
            builder.checkOutputs([value.expr]) { values in
                rule.violation(values[0]).map { "\(what) '\($0.0)' \($0.1)" }
            }
        } else {
            let out = graph.allocate(count: 1, isConstant: false)
            graph.record(StructureCheckOp(rule: rule, value: value.expr.slot, output: out))
        }
    }

    private func checkBound(_ d: VarDecl, _ v: Variable, _ value: Value, _ bound: SExpr, isLower: Bool, fatal: Bool,
                            what: String) throws {
        let b = try lower(bound)
        guard b.count == 1 || b.count == value.count else {
            throw LoweringError.invalid("bound of '\(d.name)' has \(b.count) elements, the variable has \(value.count)", bound.range)
        }
        let relation = isLower ? ">=" : "<="
        let label = (isLower ? "lower=" : "upper=") + StanPrinter.expression(bound)
        let dims = v.dims, name = d.name
        func violation(_ vs: [Double], _ bs: [Double]) -> String? {
            for (i, x) in vs.enumerated() {
                let limit = bs[bs.count == 1 ? 0 : i]
                if isLower ? !(x >= limit) : !(x <= limit) {
                    return "\(what) '\(Self.elementLabel(name, i, dims))' is \(Self.formatNumber(x)), but must be "
                        + "\(relation) \(Self.formatNumber(limit)) (declared \(label))"
                }
            }
            return nil
        }
        if let vs = value.constantValues, let bs = b.constantValues {
            if let message = violation(vs, bs) { throw LoweringError.invalid(message, d.range) }
            return
        }
        if fatal {
            builder.checkOutputs([value.expr, b.expr]) { violation($0[0], $0[1]) }
        } else {
            let out = graph.allocate(count: 1, isConstant: false)
            graph.record(BoundCheckOp(name: d.name, dims: dims, value: value.expr.slot, bound: b.expr.slot,
                                      isLower: isLower, output: out))
        }
    }

    /// A number as Stan users write it: integers without a decimal point, `inf`, `nan`.
    static func formatNumber(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == x.rounded() && Swift.abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }
}
