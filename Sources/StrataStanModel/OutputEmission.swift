// Registers transformed parameters and generated quantities as outputs, with CmdStan's names and order.
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    /// Adds `v` to the model's outputs. Scalars, vectors and arrays keep their row-major order
    /// (`a.1.1, a.1.2, ...`); matrices are listed column-major as CmdStan does (`m.1.1, m.2.1, m.1.2, ...`),
    /// one named element at a time so that every name sits on its value.
    func emitOutput(_ v: Variable) {
        let value = v.read(in: graph)
        guard v.type.base == .matrix, v.dims.count >= 2 else {
            builder.output(v.name, value.expr, shape: v.dims)
            return
        }
        let rows = v.dims[v.dims.count - 2], columns = v.dims[v.dims.count - 1]
        let arrayDims = Array(v.dims.dropLast(2))
        let blocks = arrayDims.reduce(1, *)
        var arrayIndex = [Int](repeating: 1, count: arrayDims.count)
        for b in 0..<blocks {
            let prefix = ([v.name] + arrayIndex.map(String.init)).joined(separator: ".")
            for c in 0..<columns {
                for r in 0..<rows {
                    let flat = b * rows * columns + r * columns + c
                    builder.output("\(prefix).\(r + 1).\(c + 1)", value.expr[flat], shape: [])
                }
            }
            var k = arrayIndex.count - 1
            while k >= 0 {
                arrayIndex[k] += 1
                if arrayIndex[k] <= arrayDims[k] { break }
                arrayIndex[k] = 1; k -= 1
            }
        }
    }
}
