// The check matrix decompositions share before calling LAPACK or an iterative solver: no NaN or infinite element.
import StrataCore

/// Throws the domain error of a matrix decomposition (named `variable`) given a matrix with a non-finite element.
@inline(__always) func requireFiniteMatrix(_ p: UnsafePointer<Double>, count: Int, _ variable: String) throws {
    if !allFinite(p, count: count) {
        throw LogDensityError.domain(variable: variable, message: "matrix has a non-finite element")
    }
}
