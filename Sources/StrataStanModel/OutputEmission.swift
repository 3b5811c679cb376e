// Registers transformed parameters and generated quantities as outputs, with CmdStan's names and order.
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    /// Adds `v` to the model's outputs. Scalars and vectors keep their order; anything with two or more
    /// dimensions (matrices, arrays of vectors, multi-dimensional arrays) is listed fully column-major
    /// as CmdStan does (`a.1.1, a.2.1, a.1.2, ...`: the first index varies fastest).
    func emitOutput(_ v: Variable) {
        builder.output(v.name, v.read(in: graph).expr, shape: v.dims, columnMajor: true, complex: v.type.base.isComplex)
    }
}
