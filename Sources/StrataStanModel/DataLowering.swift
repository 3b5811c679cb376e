// Reads the data block's variables from a DataSet with their declared sizes and checks declared constraints.
import StrataAutodiff
import StrataDistributions
import StrataOutput
import StrataStanFrontEnd

extension Lowerer {
    /// Declares every data variable as a constant, read from `data` with the declared shape.
    func lowerDataBlock(_ decls: [VarDecl]) throws {
        for d in decls {
            if d.isTuple {
                try lowerTupleData(d)
                continue
            }
            let dims = try self.dims(of: d.type, name: d.name)
            guard let data else {
                throw StanModelError("\(fileName): no data given, but the program declares data variable '\(d.name)'")
            }
            let values: [Double]
            do {
                if d.type.base == .int {
                    values = dims.isEmpty ? [Double(try data.int(d.name))] : try data.intArray(d.name, shape: dims).map(Double.init)
                } else {
                    values = dims.isEmpty ? [try data.real(d.name)] : try data.realArray(d.name, shape: dims)
                }
            } catch let e as DataError {
                throw StanModelError(e.description)
            }
            let v = Variable(name: d.name, type: d.type.stanType, dims: dims)
            v.assignWhole(constantValue(values, type: d.type.stanType, dims: dims))
            try validate(values, d, dims: dims, source: data.fileName)
            declare(v)
        }
    }

    /// Checks `<lower, upper>` bounds and structured types (simplex, ordered, ...) of a data or
    /// transformed data variable, naming the element that violates them.
    func validate(_ values: [Double], _ d: VarDecl, dims: [Int], source: String) throws {
        if case .bounds(let lo, let hi) = d.type.constraint {
            for (bound, isLower) in [(lo, true), (hi, false)] {
                guard let bound else { continue }
                let b = try lower(bound)
                guard let bv = b.constantValues, bv.count == 1 || bv.count == values.count else {
                    throw LoweringError.invalid("bound of '\(d.name)' must be data with 1 or \(values.count) elements", bound.range)
                }
                for (i, x) in values.enumerated() {
                    let limit = bv.count == 1 ? bv[0] : bv[i]
                    if isLower ? !(x >= limit) : !(x <= limit) {
                        let label = (isLower ? "lower=" : "upper=") + StanPrinter.expression(bound)
                        throw StanModelError("\(source): variable '\(elementName(d.name, i, dims))' is \(format(x)), but must be \(isLower ? ">=" : "<=") \(format(limit)) (declared \(label))")
                    }
                }
            }
        }
        if let constraint = structuredConstraint(d.type.base, dims: dims), d.type.arrayDims.isEmpty {
            do { try constraint.transform(in: graph).validate(values, variable: d.name, in: graph) }
            catch let e as TransformError {
                throw StanModelError("\(source): variable \(e.variable) is not a valid \(d.type.base.keyword): \(e.message)")
            }
        }
    }

    func elementName(_ name: String, _ flat: Int, _ dims: [Int]) -> String { Self.elementLabel(name, flat, dims) }

    func format(_ x: Double) -> String { Self.formatNumber(x) }
}
