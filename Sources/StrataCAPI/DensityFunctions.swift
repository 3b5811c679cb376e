// C entry points that evaluate the model at a point: log density with gradient, and constrain.
import Strata

/// Checks that `n` equals the model's dimension.
func checkDimension(_ n: Int64, of handle: ModelHandle, argument: String = "n") throws {
    guard n == Int64(handle.dimension) else {
        throw CAPIFailure.argument(argument, "is \(n) but the model has \(handle.dimension) unconstrained parameters")
    }
}

/// Checks that an output buffer of `m` values can hold every model output.
func checkOutputCapacity(_ m: Int64, of handle: ModelHandle, argument: String = "m") throws {
    guard m >= Int64(handle.outputNames.count) else {
        throw CAPIFailure.argument(argument, "is \(m) but the model has \(handle.outputNames.count) outputs")
    }
}

/// Log density (with or without the transforms' log-Jacobian) and, unless `grad` is NULL, its
/// gradient at unconstrained point `x` of length `n`. On an evaluation failure `lp` is set to
/// -infinity and `STRATA_ERROR_EVALUATION` is returned.
@_cdecl("strata_log_density_gradient")
public func strata_log_density_gradient(_ model: OpaquePointer?, _ x: UnsafePointer<Double>?, _ n: Int64,
                                        _ jacobian: Int32, _ lp: UnsafeMutablePointer<Double>?,
                                        _ grad: UnsafeMutablePointer<Double>?) -> Int32 {
    withStatus("strata_log_density_gradient", fallback: .evaluation) {
        let handle = try HandleRegistry.handle(model)
        guard let x else { throw CAPIFailure.argument("x", "is NULL") }
        guard let lp else { throw CAPIFailure.argument("lp", "is NULL") }
        try checkDimension(n, of: handle)
        do {
            lp.pointee = try handle.logDensity(at: x, jacobian: jacobian != 0, gradient: grad)
        } catch {
            lp.pointee = -.infinity
            throw error
        }
    }
}

/// Writes the constrained outputs at unconstrained point `x` (length `n`) into `outputs`
/// (capacity `m`, at least the output count).
@_cdecl("strata_constrain")
public func strata_constrain(_ model: OpaquePointer?, _ x: UnsafePointer<Double>?, _ n: Int64,
                             _ outputs: UnsafeMutablePointer<Double>?, _ m: Int64) -> Int32 {
    withStatus("strata_constrain", fallback: .evaluation) {
        let handle = try HandleRegistry.handle(model)
        guard let x else { throw CAPIFailure.argument("x", "is NULL") }
        guard let outputs else { throw CAPIFailure.argument("outputs", "is NULL") }
        try checkDimension(n, of: handle)
        try checkOutputCapacity(m, of: handle)
        try handle.constrain(x, into: outputs)
    }
}

/// Maps the parameters' constrained values `params` (length `m`, the first outputs in output order) to
/// the unconstrained point `x` (length `n`, the model's dimension).
@_cdecl("strata_unconstrain")
public func strata_unconstrain(_ model: OpaquePointer?, _ params: UnsafePointer<Double>?, _ m: Int64,
                               _ x: UnsafeMutablePointer<Double>?, _ n: Int64) -> Int32 {
    withStatus("strata_unconstrain", fallback: .evaluation) {
        let handle = try HandleRegistry.handle(model)
        guard let params else { throw CAPIFailure.argument("params", "is NULL") }
        guard let x else { throw CAPIFailure.argument("x", "is NULL") }
        let count = handle.parameterValueCount
        guard m == Int64(count) else {
            throw CAPIFailure.argument("m", "is \(m) but the model's parameters have \(count) constrained values")
        }
        try checkDimension(n, of: handle)
        copyValues(try handle.unconstrain(params), to: x, count: handle.dimension)
    }
}
