// Stan types: the unsized semantic type used by the checker and function signatures, and sized declaration types.

/// The element shape of a Stan value, before any array dimensions.
public enum BaseType: Hashable, Sendable {
    /// `int`.
    case int
    /// `real`.
    case real
    /// `complex`.
    case complex
    /// Column `vector`.
    case vector
    /// `row_vector`.
    case rowVector
    /// `matrix`.
    case matrix
    /// `complex_vector`.
    case complexVector
    /// `complex_row_vector`.
    case complexRowVector
    /// `complex_matrix`.
    case complexMatrix
    /// `tuple(T1, T2, ...)`: the component types, in order (see `TupleTypes.swift`).
    case tuple([StanType])

    /// The Stan spelling (`row_vector`, `tuple(int, vector)`).
    public var rawValue: String {
        switch self {
        case .int: return "int"
        case .real: return "real"
        case .complex: return "complex"
        case .vector: return "vector"
        case .rowVector: return "row_vector"
        case .matrix: return "matrix"
        case .complexVector: return "complex_vector"
        case .complexRowVector: return "complex_row_vector"
        case .complexMatrix: return "complex_matrix"
        case .tuple(let components): return "tuple(" + components.map(\.description).joined(separator: ", ") + ")"
        }
    }

    /// `true` for `int` and `real` (and `complex`).
    public var isScalar: Bool { self == .int || self == .real || self == .complex }

    /// `true` for `complex` and the complex vector/matrix types.
    public var isComplex: Bool { self == .complex || self == .complexVector || self == .complexRowVector || self == .complexMatrix }

    /// The real type of the same shape (`complex_matrix` → `matrix`, `complex` → `real`); others unchanged.
    public var realShape: BaseType {
        switch self {
        case .complex: return .real
        case .complexVector: return .vector
        case .complexRowVector: return .rowVector
        case .complexMatrix: return .matrix
        default: return self
        }
    }

    /// The complex type of the same shape (`matrix` → `complex_matrix`, `int`/`real` → `complex`).
    public var complexShape: BaseType {
        switch self {
        case .int, .real, .complex: return .complex
        case .vector, .complexVector: return .complexVector
        case .rowVector, .complexRowVector: return .complexRowVector
        case .matrix, .complexMatrix: return .complexMatrix
        case .tuple: return self
        }
    }
}

/// An unsized Stan type: a base type inside `arrayDims` levels of array.
///
/// This is the type the checker infers for every expression and the type of function parameters and returns,
/// e.g. `array[,] real` is `StanType(.real, arrayDims: 2)`.
public struct StanType: Hashable, Sendable, CustomStringConvertible {
    /// The innermost element type.
    public var base: BaseType
    /// Number of array dimensions (0 for a non-array).
    public var arrayDims: Int

    /// Creates a type.
    public init(_ base: BaseType, arrayDims: Int = 0) {
        self.base = base
        self.arrayDims = arrayDims
    }

    /// `int`.
    public static let int = StanType(.int)
    /// `real`.
    public static let real = StanType(.real)
    /// `complex`.
    public static let complex = StanType(.complex)
    /// `vector`.
    public static let vector = StanType(.vector)
    /// `row_vector`.
    public static let rowVector = StanType(.rowVector)
    /// `matrix`.
    public static let matrix = StanType(.matrix)
    /// `complex_vector`.
    public static let complexVector = StanType(.complexVector)
    /// `complex_row_vector`.
    public static let complexRowVector = StanType(.complexRowVector)
    /// `complex_matrix`.
    public static let complexMatrix = StanType(.complexMatrix)

    /// `array[] base` with `dims` dimensions.
    public static func array(_ base: BaseType, _ dims: Int = 1) -> StanType { StanType(base, arrayDims: dims) }

    /// `true` for a non-array `int` or `real`.
    public var isNumericScalar: Bool { arrayDims == 0 && (base == .int || base == .real) }

    /// The same shape with `int` replaced by `real` (Stan's int → real promotion).
    public var promotedToReal: StanType { base == .int ? StanType(.real, arrayDims: arrayDims) : self }

    /// `true` if a value of type `self` may be assigned/passed where `target` is expected (exact match, or
    /// int → real and real → complex promotion at the same array depth).
    public func isAssignable(to target: StanType) -> Bool {
        if self == target { return true }
        guard arrayDims == target.arrayDims else { return false }
        switch (base, target.base) {
        case (.tuple(let from), .tuple(let to)):
            return from.count == to.count && zip(from, to).allSatisfy { $0.isAssignable(to: $1) }
        case (.int, .real), (.int, .complex), (.real, .complex): return true
        case (.vector, .complexVector), (.rowVector, .complexRowVector), (.matrix, .complexMatrix): return true
        default: return false
        }
    }

    /// Stan spelling, e.g. `array[,] real`.
    public var description: String {
        if arrayDims == 0 { return base.rawValue }
        return "array[\(String(repeating: ",", count: arrayDims - 1))] \(base.rawValue)"
    }
}

/// The declared (sized, possibly constrained) base of a variable declaration.
public enum DeclBase: Hashable, Sendable {
    /// `int`.
    case int
    /// `real`.
    case real
    /// `complex`.
    case complex
    /// `vector[size]`.
    case vector(Expr)
    /// `row_vector[size]`.
    case rowVector(Expr)
    /// `matrix[rows, cols]`.
    case matrix(Expr, Expr)
    /// `simplex[K]`.
    case simplex(Expr)
    /// `unit_vector[K]`.
    case unitVector(Expr)
    /// `ordered[K]`.
    case ordered(Expr)
    /// `positive_ordered[K]`.
    case positiveOrdered(Expr)
    /// `cholesky_factor_corr[K]`.
    case choleskyFactorCorr(Expr)
    /// `cholesky_factor_cov[M]` or `cholesky_factor_cov[M, N]`.
    case choleskyFactorCov(Expr, Expr?)
    /// `corr_matrix[K]`.
    case corrMatrix(Expr)
    /// `cov_matrix[K]`.
    case covMatrix(Expr)
    /// `sum_to_zero_vector[K]`.
    case sumToZeroVector(Expr)
    /// `sum_to_zero_matrix[rows, cols]` (every row and every column sums to zero).
    case sumToZeroMatrix(Expr, Expr)
    /// `row_stochastic_matrix[rows, cols]` (every row a simplex).
    case rowStochasticMatrix(Expr, Expr)
    /// `column_stochastic_matrix[rows, cols]` (every column a simplex).
    case columnStochasticMatrix(Expr, Expr)
    /// `complex_vector[size]`.
    case complexVector(Expr)
    /// `complex_row_vector[size]`.
    case complexRowVector(Expr)
    /// `complex_matrix[rows, cols]`.
    case complexMatrix(Expr, Expr)
    /// `tuple(T1, T2, ...)`: each component a full declared type (sizes, arrays, constraints).
    case tuple([DeclType])

    /// The unsized base type values of this declaration have.
    public var baseType: BaseType {
        switch self {
        case .int: return .int
        case .real: return .real
        case .complex: return .complex
        case .vector, .simplex, .unitVector, .ordered, .positiveOrdered, .sumToZeroVector: return .vector
        case .rowVector: return .rowVector
        case .matrix, .choleskyFactorCorr, .choleskyFactorCov, .corrMatrix, .covMatrix, .sumToZeroMatrix,
             .rowStochasticMatrix, .columnStochasticMatrix: return .matrix
        case .complexVector: return .complexVector
        case .complexRowVector: return .complexRowVector
        case .complexMatrix: return .complexMatrix
        case .tuple(let components): return .tuple(components.map(\.stanType))
        }
    }

    /// The Stan keyword for this base (`cholesky_factor_cov`, `vector`, …).
    public var keyword: String {
        switch self {
        case .int: return "int"
        case .real: return "real"
        case .complex: return "complex"
        case .vector: return "vector"
        case .rowVector: return "row_vector"
        case .matrix: return "matrix"
        case .simplex: return "simplex"
        case .unitVector: return "unit_vector"
        case .ordered: return "ordered"
        case .positiveOrdered: return "positive_ordered"
        case .choleskyFactorCorr: return "cholesky_factor_corr"
        case .choleskyFactorCov: return "cholesky_factor_cov"
        case .corrMatrix: return "corr_matrix"
        case .covMatrix: return "cov_matrix"
        case .sumToZeroVector: return "sum_to_zero_vector"
        case .sumToZeroMatrix: return "sum_to_zero_matrix"
        case .rowStochasticMatrix: return "row_stochastic_matrix"
        case .columnStochasticMatrix: return "column_stochastic_matrix"
        case .complexVector: return "complex_vector"
        case .complexRowVector: return "complex_row_vector"
        case .complexMatrix: return "complex_matrix"
        case .tuple: return "tuple"
        }
    }

    /// The size expressions in source order (a tuple's are its components', see `TupleTypes.swift`).
    public var sizes: [Expr] {
        switch self {
        case .int, .real, .complex: return []
        case .vector(let n), .rowVector(let n), .simplex(let n), .unitVector(let n), .ordered(let n),
             .positiveOrdered(let n), .choleskyFactorCorr(let n), .corrMatrix(let n), .covMatrix(let n),
             .complexVector(let n), .complexRowVector(let n), .sumToZeroVector(let n):
            return [n]
        case .matrix(let r, let c), .complexMatrix(let r, let c), .sumToZeroMatrix(let r, let c),
             .rowStochasticMatrix(let r, let c), .columnStochasticMatrix(let r, let c): return [r, c]
        case .choleskyFactorCov(let m, let n): return n.map { [m, $0] } ?? [m]
        case .tuple(let components): return components.flatMap { $0.arrayDims + $0.base.sizes }
        }
    }

    /// `true` for the types that accept `<lower, upper>` / `<offset, multiplier>` (int: bounds only).
    public var acceptsBounds: Bool {
        switch self {
        case .int, .real, .vector, .rowVector, .matrix: return true
        default: return false
        }
    }
}

/// A variable's transform/constraint as written between `<` and `>`.
public enum Constraint: Hashable, Sendable {
    /// No constraint.
    case none
    /// `<lower=…, upper=…>`; at least one is present. Bounds may be container expressions.
    case bounds(lower: Expr?, upper: Expr?)
    /// `<offset=…, multiplier=…>`; at least one is present.
    case affine(offset: Expr?, multiplier: Expr?)
}

/// The full declared type of a variable: `array[dims] base<constraint>`.
public struct DeclType: Hashable, Sendable {
    /// Array dimension sizes, outermost first (empty for a non-array).
    public var arrayDims: [Expr]
    /// The sized element type.
    public var base: DeclBase
    /// The constraint on the elements.
    public var constraint: Constraint

    /// Creates a declared type.
    public init(arrayDims: [Expr], base: DeclBase, constraint: Constraint) {
        self.arrayDims = arrayDims
        self.base = base
        self.constraint = constraint
    }

    /// The unsized type of the declared variable.
    public var stanType: StanType { StanType(base.baseType, arrayDims: arrayDims.count) }
}
