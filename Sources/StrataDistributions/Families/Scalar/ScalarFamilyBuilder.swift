// Records a scalar family's log density: size and data checks with messages naming family and argument, propto folding.
import StrataAutodiff
import StrataCore

public extension Graph {
    /// Σ log p(args[0] | args[1...]) under family `F`; with `propto` drops the terms that read only data.
    /// Size mismatches, data out of a family's domain and parameter-dependent integer arguments are build
    /// errors (reported by ``validate()``) naming the family, the argument and the element.
    func scalarFamilyLogDensity<F: ScalarFamily>(_ family: F.Type, _ args: [Expr], propto: Bool) -> Expr {
        guard let n = DistributionArguments.checkedCount(args, family: F.name, graph: self) else { return constant(0) }
        for (j, a) in F.arguments.enumerated() {
            if let minimum = a.integerMinimum {
                DistributionArguments.checkInteger(args[j], family: F.name, argument: a.name, minimum: minimum)
            }
            if a.requirement != .any {
                DistributionArguments.checkConstant(args[j], family: F.name, argument: a.name,
                                                    requirement: a.requirement.text) { a.requirement.holds($0) }
            }
        }
        for relation in F.relations where relation.arguments.allSatisfy({ args[$0].isConstant }) {
            checkRelation(relation, F.self, args, count: n)
        }
        let allData = args.allSatisfy(\.isConstant)
        if propto && allData { return constant(0) }
        let out = allocate(count: 1, isConstant: allData)
        return record(ScalarFamilyOp<F>(arguments: args.map(\.slot), output: out, count: n, propto: propto))
    }

    /// Records the first element of data arguments that breaks `relation`.
    func checkRelation<F: ScalarFamily>(_ relation: FamilyRelation, _ family: F.Type, _ args: [Expr], count: Int) {
        for i in 0..<count {
            var x = FamilyPoint()
            for (j, a) in args.enumerated() { x[j] = initialValues[a.slot.offset + i * a.slot.stride] }
            if let bad = relation.violation(x) {
                let index = args[bad.argument].count == 1 ? "" : "[\(i + 1)]"
                fail("\(F.name): \(F.arguments[bad.argument].name)\(index) is \(x[bad.argument]), but must be \(bad.requirement)")
                return
            }
        }
    }
}
