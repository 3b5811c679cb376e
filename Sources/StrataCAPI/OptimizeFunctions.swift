// C entry point that runs L-BFGS to the posterior mode.
import Strata

/// Finds the mode with L-BFGS from a random start seeded by `seed`; writes the constrained outputs
/// to `outputs` (capacity `m`) and the log density to `lp` (if not NULL). A line-search failure
/// still writes the best point and returns `STRATA_ERROR_OPTIMIZATION`.
@_cdecl("strata_optimize")
public func strata_optimize(_ model: OpaquePointer?, _ jacobian: Int32, _ seed: UInt64,
                            _ outputs: UnsafeMutablePointer<Double>?, _ m: Int64,
                            _ lp: UnsafeMutablePointer<Double>?) -> Int32 {
    withStatus("strata_optimize", fallback: .optimization) {
        let handle = try HandleRegistry.handle(model)
        guard let outputs else { throw CAPIFailure.argument("outputs", "is NULL") }
        try checkOutputCapacity(m, of: handle)
        let outcome = try OptimizeService.run(model: handle.loaded.model, jacobian: jacobian != 0, seed: seed)
        let count = handle.outputNames.count
        guard outcome.values.count == count else {
            throw CAPIFailure(status: .internalError, message: "the optimiser returned \(outcome.values.count) outputs, expected \(count)")
        }
        copyValues(outcome.values, to: outputs, count: count)
        lp?.pointee = outcome.result.logDensity
        if !outcome.result.termination.isNormal {
            throw CAPIFailure(status: .optimization, message: outcome.result.termination.message)
        }
    }
}
