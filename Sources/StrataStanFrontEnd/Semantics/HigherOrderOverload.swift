// Which overload of a user function a higher-order built-in runs: one rule for the type checker and the lowering.

/// The overload of the user function passed to a higher-order built-in (`ode_rk45(f, ...)`, `reduce_sum(f, ...)`,
/// `solve_newton(f, ...)`, `dae(f, ...)`, `integrate_1d(f, ...)`, `map_rect(f, ...)`, ...), chosen as stanc3 does:
/// among the overloads with the right return type and leading parameters, the one the passed-on arguments select
/// with the fewest promotions; ties are ambiguous. The type checker reports from it and the lowering runs what it
/// picks, so a program never runs an overload other than the one it was checked with.
public enum HigherOrderOverload {
    /// What a higher-order call passes to its function argument.
    public struct Call {
        /// Parameter types the function receives first, before the passed-on arguments.
        public var leading: [StanType]
        /// Types of the call's arguments that are passed on to the function.
        public var passed: [StanType]
        /// The type the function must return.
        public var returns: StanType
    }

    /// How `name(f, args...)` calls f, given the types of `args` (the arguments after f); nil if `name` is not a
    /// higher-order built-in with a function argument, or there are too few arguments to tell.
    public static func call(_ name: String, argumentTypes types: [StanType]) -> Call? {
        if let fixed = HigherOrderSignature.table[name] {
            // The fixed-arity forms (integrate_ode_*, algebra_solver*, map_rect, integrate_1d) take one exact signature.
            return Call(leading: fixed.function.parameters, passed: [], returns: fixed.function.returns)
        }
        if let variadic = VariadicHigherOrderSignature.table[name] {
            guard types.count >= variadic.fixed.count else { return nil }
            return Call(leading: variadic.leading, passed: Array(types.dropFirst(variadic.fixed.count)), returns: variadic.returns)
        }
        if name == "reduce_sum" || name == "reduce_sum_static" {
            guard types.count >= 2 else { return nil }
            return Call(leading: [types[0], .int, .int], passed: Array(types.dropFirst(2)), returns: .real)
        }
        if TypeChecker.odeSolverNames.contains(name) {
            let fixed = odeFixedArgumentCount(name)
            guard types.count >= fixed else { return nil }
            return Call(leading: [.real, .vector], passed: Array(types.dropFirst(fixed)), returns: .vector)
        }
        return nil
    }

    /// The overload of `overloads` that `name(f, args...)` runs, given the types of `args`; nil as for ``call(_:argumentTypes:)``.
    public static func resolve(_ name: String, _ overloads: [FunctionDef], argumentTypes types: [StanType]) -> OverloadResolution? {
        call(name, argumentTypes: types).map {
            OverloadResolver.resolveFunctionArgument(overloads, leading: $0.leading, passed: $0.passed, returns: $0.returns)
        }
    }

    /// Arguments of the variadic ODE solver `name` between the function and those passed on to it: y0, t0 and ts,
    /// then rtol, atol and max_num_steps for the `_tol` forms.
    public static func odeFixedArgumentCount(_ name: String) -> Int {
        name.hasSuffix("_tol") ? 6 : 3
    }
}
