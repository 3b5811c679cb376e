// Semantic analysis entry point: walks blocks and functions, declares variables, and annotates expression types.

/// Checks a parsed `Program`: scoping, block read/assign rules, expression types, function and distribution
/// signatures. Produces a copy of the program with every `Expr.type` filled in, plus all diagnostics found.
public struct TypeChecker {
    var symbols = SymbolTable()
    var diagnostics: [StanDiagnostic] = []
    /// The program block being checked (`nil` inside function bodies).
    var block: BlockKind?
    /// The function whose body is being checked.
    var function: FunctionDef?
    var loopDepth = 0
    var userFunctions: [String: [FunctionDef]] = [:]

    /// Checks `program`.
    /// - Returns: the type-annotated program and the diagnostics (empty when the program is valid).
    public static func check(_ program: Program) -> (program: Program, diagnostics: [StanDiagnostic]) {
        var checker = TypeChecker()
        let checked = checker.checkProgram(program)
        return (checked, checker.diagnostics)
    }

    mutating func report(_ diagnostic: StanDiagnostic) {
        diagnostics.append(diagnostic)
    }

    private mutating func checkProgram(_ program: Program) -> Program {
        var out = program
        if let functions = program.functions {
            for def in functions { declareFunction(def) }
            out.functions = functions.map { checkFunctionBody($0) }
            for def in functions where def.body == nil {
                let types = def.parameters.map(\.type)
                let defined = functions.contains { $0.name == def.name && $0.body != nil
                    && $0.parameters.map(\.type) == types }
                if !defined {
                    report(.invalidDeclaration("function '\(def.name)' is declared but never defined", def.range))
                }
            }
        }
        block = .data
        out.data = program.data?.map { checkDeclaration($0, origin: .data) }
        block = .transformedData
        out.transformedData = program.transformedData?.map { checkStatement($0, declarationOrigin: .transformedData) }
        block = .parameters
        out.parameters = program.parameters?.map { checkDeclaration($0, origin: .parameter) }
        block = .transformedParameters
        out.transformedParameters = program.transformedParameters?.map {
            checkStatement($0, declarationOrigin: .transformedParameter)
        }
        block = .model
        symbols.push()
        out.model = program.model?.map { checkStatement($0, declarationOrigin: .local) }
        symbols.pop()
        block = .generatedQuantities
        out.generatedQuantities = program.generatedQuantities?.map {
            checkStatement($0, declarationOrigin: .generatedQuantity)
        }
        return out
    }

    // MARK: Functions

    private mutating func declareFunction(_ def: FunctionDef) {
        // A user function may overload a library function (`vector to_vector(real, real, real)`), but not take a
        // signature the library already has.
        let builtinClash = Self.libraryAccepts(def.name, def.parameters.map(\.type))
            || BuiltinFunctions.unsupported.contains(def.name)
            || VariadicHigherOrderSignature.supported.contains(def.name) || Self.odeSolverNames.contains(def.name)
            || LaplaceSignature.of(def.name) != nil
        if builtinClash {
            report(.redeclaration(def.name, previous: .unknown, def.range))
            return
        }
        checkSuffixRules(def)
        if def.name.hasSuffix("_lupdf") || def.name.hasSuffix("_lupmf") {
            report(.invalidDeclaration("'\(def.name)': define the density as '\(def.name.dropLast(6))\(def.name.hasSuffix("_lupdf") ? "_lpdf" : "_lpmf")'; "
                                       + "the _lupdf/_lupmf form is derived from it", def.range))
        }
        let types = def.parameters.map(\.type)
        for p in def.parameters where p.name.hasSuffix("_lupdf") || p.name.hasSuffix("_lupmf") {
            report(.invalidDeclaration("argument names cannot end in '_lupdf' or '_lupmf' ('\(p.name)')", p.range))
        }
        if let existing = userFunctions[def.name]?.first(where: { $0.parameters.map(\.type) == types }) {
            let isDefinitionOfForward = existing.body == nil && def.body != nil && existing.returnType == def.returnType
            if !isDefinitionOfForward {
                report(.redeclaration(def.name, previous: existing.range, def.range))
            } else if existing.parameters.map(\.isDataOnly) != def.parameters.map(\.isDataOnly) {
                report(.invalidDeclaration("the definition of '\(def.name)' must use the same 'data' qualifiers as its "
                                           + "declaration at line \(existing.range.start.line)", def.range))
            }
            return
        }
        userFunctions[def.name, default: []].append(def)
    }

    private mutating func checkFunctionBody(_ def: FunctionDef) -> FunctionDef {
        guard let body = def.body else { return def }
        var out = def
        block = nil
        function = def
        symbols.push()
        for parameter in def.parameters {
            let symbol = Symbol(name: parameter.name, type: parameter.type,
                                origin: .functionArgument(isDataOnly: parameter.isDataOnly), range: parameter.range)
            if let previous = symbols.declare(symbol) {
                report(.redeclaration(parameter.name, previous: previous.range, parameter.range))
            }
        }
        out.body = checkStatement(body, declarationOrigin: .local)
        symbols.pop()
        if def.returnType != nil && !Self.alwaysReturns(body) {
            report(.missingReturn(def.name, def.range))
        }
        function = nil
        return out
    }

    /// Density functions must return `real`; `_lpdf` takes a real-valued first argument and `_lpmf` an int one.
    private mutating func checkSuffixRules(_ def: FunctionDef) {
        guard let (_, suffix) = Distributions.split(def.name), suffix != "_rng" else { return }
        if def.returnType != .real {
            report(.invalidDeclaration("'\(def.name)' must return real", def.range))
        } else if suffix == "_lpdf" || suffix == "_lpmf" {
            guard let first = def.parameters.first else {
                report(.invalidDeclaration("'\(def.name)' needs at least one argument (the variate)", def.range))
                return
            }
            if first.type.base.isTuple { return }
            if suffix == "_lpdf" && first.type.base == .int {
                report(.invalidDeclaration("the first argument of '\(def.name)' must be real-valued (use _lpmf for "
                                           + "int variates)", first.range))
            } else if suffix == "_lpmf" && first.type.base != .int {
                report(.invalidDeclaration("the first argument of '\(def.name)' must be int-valued (use _lpdf for "
                                           + "real variates)", first.range))
            }
        }
    }

    /// `true` if every path through `stmt` ends in `return`, `reject` or `fatal_error`.
    static func alwaysReturns(_ stmt: Stmt) -> Bool {
        switch stmt.kind {
        case .returnStatement, .reject, .fatalError: return true
        case .block(let body), .profile(_, let body): return body.last.map(alwaysReturns) ?? false
        case .ifElse(_, let then, let otherwise?): return alwaysReturns(then) && alwaysReturns(otherwise)
        case .whileLoop(let condition, let body):
            // As stanc3: a loop whose body returns counts as returning, unless its condition is the literal 0
            // (the body never runs) or it can `break` out of an endless `while (1)`.
            if case .intLiteral(let v) = condition.kind {
                return (Int(v) ?? 0) != 0 ? !breaksOut(body) : false
            }
            return alwaysReturns(body)
        case .forRange(_, _, _, let body), .forEach(_, _, let body):
            return alwaysReturns(body)
        default: return false
        }
    }

    /// `true` if `stmt` contains a `break` that leaves the enclosing loop (not one of a nested loop).
    static func breaksOut(_ stmt: Stmt) -> Bool {
        switch stmt.kind {
        case .breakStatement: return true
        case .block(let body): return body.contains(where: breaksOut)
        case .ifElse(_, let then, let otherwise): return breaksOut(then) || (otherwise.map(breaksOut) ?? false)
        case .profile(_, let body): return body.contains(where: breaksOut)
        default: return false
        }
    }

    // MARK: Declarations

    /// Checks sizes, bounds and initializer of `decl`, then declares it with `origin`.
    mutating func checkDeclaration(_ decl: VarDecl, origin: VariableOrigin) -> VarDecl {
        var out = decl
        checkDeclarationKind(decl, origin: origin)
        let context = "size of '\(decl.name)'"
        out.type.arrayDims = decl.type.arrayDims.map { requireInt(checkExpression($0), context: context) }
        out.type.base = checkSizes(decl.type.base, context: context, name: decl.name)
        if origin == .parameter || origin == .transformedParameter || origin == .generatedQuantity {
            let saved = block
            block = .model  // judge sizes strictly: only data, transformed data and ints qualify
            for size in out.type.arrayDims + out.type.base.sizes where !isDataOnly(size) {
                report(.typeMismatch(expected: "a size computed from data and transformed data only", found: "an expression "
                                     + "that depends on parameters", context: "size of '\(decl.name)'", size.range))
            }
            block = saved
        }
        let declared = decl.type.stanType
        out.type.constraint = checkConstraint(decl.type.constraint, declared: declared, name: decl.name)
        // As in Stan, the variable is in scope in its own initializer (where it reads as not yet assigned).
        let symbol = Symbol(name: decl.name, type: declared, origin: origin, range: decl.nameRange)
        if let function = userFunctions[decl.name]?.first {
            report(.redeclaration(decl.name, previous: function.range, decl.nameRange))
        }
        if let previous = symbols.declare(symbol) {
            report(.redeclaration(decl.name, previous: previous.range, decl.nameRange))
        }
        if let initializer = decl.initializer {
            let checked = checkExpression(initializer)
            if let t = checked.type, !t.isAssignable(to: declared) {
                report(.typeMismatch(expected: declared.description, found: t.description,
                                     context: "initialization of '\(decl.name)'", initializer.range))
            }
            out.initializer = checked
        }
        return out
    }

    /// Checks the bound, offset and multiplier expressions of a declaration's constraint.
    mutating func checkConstraint(_ constraint: Constraint, declared: StanType, name: String) -> Constraint {
        func bound(_ e: Expr?, _ what: String) -> Expr? {
            guard let e else { return nil }
            let checked = checkExpression(e)
            if let t = checked.type {
                let element = StanType(declared.base)
                let ok = declared.base == .int ? t == .int
                    : t.isNumericScalar || t.isAssignable(to: element) || t.isAssignable(to: declared.promotedToReal)
                if !ok {
                    report(.typeMismatch(expected: declared.base == .int ? "int" : "int, real or \(element)",
                                         found: t.description, context: "\(what) of '\(name)'", e.range))
                }
            }
            return checked
        }
        switch constraint {
        case .none: return .none
        case .bounds(let lower, let upper):
            return .bounds(lower: bound(lower, "lower bound"), upper: bound(upper, "upper bound"))
        case .affine(let offset, let multiplier):
            return .affine(offset: bound(offset, "offset"), multiplier: bound(multiplier, "multiplier"))
        }
    }

    /// Stan forbids integer parameters and transformed parameters, and constraints on local variables.
    private mutating func checkDeclarationKind(_ decl: VarDecl, origin: VariableOrigin) {
        for suffix in ["_lupdf", "_lupmf"] where decl.name.hasSuffix(suffix) {
            report(.invalidDeclaration("variable names cannot end in '\(suffix)' ('\(decl.name)')", decl.nameRange))
        }
        if decl.type.containsInt, origin == .parameter || origin == .transformedParameter {
            let what = origin == .parameter ? "parameters" : "transformed parameters"
            report(.invalidDeclaration("'\(decl.name)' is declared int, but \(what) must be real-valued "
                                       + "(Stan cannot sample discrete parameters; marginalise them out)", decl.nameRange))
        }
        if origin == .local {
            if decl.type.isConstrained {
                report(.invalidDeclaration("local variable '\(decl.name)' cannot have a constraint or a constrained "
                                           + "type (use \(decl.type.base.baseType.isTuple ? "unconstrained component types" : decl.type.base.baseType.rawValue) without <...>)", decl.nameRange))
            }
        }
    }

    mutating func checkSizes(_ base: DeclBase, context: String, name: String) -> DeclBase {
        func size(_ e: Expr) -> Expr { requireInt(checkExpression(e), context: context) }
        switch base {
        case .tuple(let components): return .tuple(checkTupleComponents(components, name: name))
        case .int, .real, .complex: return base
        case .vector(let n): return .vector(size(n))
        case .rowVector(let n): return .rowVector(size(n))
        case .matrix(let r, let c): return .matrix(size(r), size(c))
        case .simplex(let n): return .simplex(size(n))
        case .unitVector(let n): return .unitVector(size(n))
        case .ordered(let n): return .ordered(size(n))
        case .positiveOrdered(let n): return .positiveOrdered(size(n))
        case .choleskyFactorCorr(let n): return .choleskyFactorCorr(size(n))
        case .choleskyFactorCov(let m, let n): return .choleskyFactorCov(size(m), n.map(size))
        case .corrMatrix(let n): return .corrMatrix(size(n))
        case .covMatrix(let n): return .covMatrix(size(n))
        case .sumToZeroVector(let n): return .sumToZeroVector(size(n))
        case .sumToZeroMatrix(let r, let c): return .sumToZeroMatrix(size(r), size(c))
        case .rowStochasticMatrix(let r, let c): return .rowStochasticMatrix(size(r), size(c))
        case .columnStochasticMatrix(let r, let c): return .columnStochasticMatrix(size(r), size(c))
        case .complexVector(let n): return .complexVector(size(n))
        case .complexRowVector(let n): return .complexRowVector(size(n))
        case .complexMatrix(let r, let c): return .complexMatrix(size(r), size(c))
        }
    }

    /// Reports a mismatch unless `expr` is an `int`; returns `expr` unchanged.
    mutating func requireInt(_ expr: Expr, context: String) -> Expr {
        if let t = expr.type, t != .int {
            report(.typeMismatch(expected: "int", found: t.description, context: context, expr.range))
        }
        return expr
    }
}
