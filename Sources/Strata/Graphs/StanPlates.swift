// Plates for a Stan program's graph: one per size integer that leads a drawn variable's shape, with nesting.
import StrataStanFrontEnd

/// Assigns drawn variables to plates.
///
/// A variable whose declared leading size is a size integer (`vector[N] y`, `array[J] real theta`,
/// `matrix[N, D] X`) is repeated once per index of that size and sits in its plate. Constrained
/// multivariate types (`simplex[K]`, `cov_matrix[K]`, …) are one joint object and get no plate.
/// A plate for `N` is nested in the plate for `J` when a drawn index array `g` of size `N` assigns
/// each of the `N` items to one of the `J` groups — it is declared `array[N] int<upper=J>` or used
/// to index a `J`-sized variable (`group_mu[g]`, `alpha[g[n]]`) — and no index array disagrees.
struct StanPlates {
    /// Plate size name of each variable that has one.
    private(set) var plateOf: [String: String] = [:]
    /// Plate size names in order of first use.
    private(set) var sizes: [String] = []
    /// Label of each plate, e.g. `"j = 1, …, J"`.
    private(set) var labels: [String: String] = [:]
    /// Enclosing plate of each nested plate.
    private(set) var parents: [String: String] = [:]

    init(program: Program, roles: StanSymbolRoles, drawn: [String]) {
        for name in drawn {
            guard let decl = roles.declarations[name], let size = Self.leadingSize(decl.type, roles: roles) else { continue }
            plateOf[name] = size
            if !sizes.contains(size) { sizes.append(size) }
        }
        labels = Self.labels(for: sizes, program: program, roles: roles)
        parents = Self.nesting(program: program, plateOf: plateOf, sizes: sizes, roles: roles, drawn: drawn)
    }

    /// The size integer a declaration's leading dimension names, if any.
    static func leadingSize(_ type: DeclType, roles: StanSymbolRoles) -> String? {
        let lead: StrataStanFrontEnd.Expr?
        if let first = type.arrayDims.first {
            lead = first
        } else {
            switch type.base {
            case .vector(let n), .rowVector(let n), .matrix(let n, _): lead = n
            default: lead = nil
            }
        }
        guard let lead, case .variable(let name) = lead.kind, roles.role(of: name) == .size else { return nil }
        return name
    }

    /// Index letters: a `for (n in 1:N)` loop variable if the program has one, else the size's
    /// name in lower case when it is a single letter, else the first free of i, j, k, ….
    private static func labels(for sizes: [String], program: Program, roles: StanSymbolRoles) -> [String: String] {
        var loopNames: [String: String] = [:]
        for block in [BlockKind.transformedData, .transformedParameters, .model, .generatedQuantities] {
            for stmt in program.statements(in: block) {
                stmt.forEachStatement { s in
                    if case .forRange(let v, let lo, let hi, _) = s.kind, case .intLiteral("1") = lo.kind,
                       case .variable(let size) = hi.kind, loopNames[size] == nil {
                        loopNames[size] = v
                    }
                }
            }
        }
        var used: Set<String> = []
        var out: [String: String] = [:]
        let fallback = ["i", "j", "k", "l", "m", "n", "p", "q", "r", "s"]
        for size in sizes {
            let single = size.count == 1 && size.uppercased() == size ? size.lowercased() : nil
            let candidates = [loopNames[size], single].compactMap { $0 } + fallback
            let letter = candidates.first { !used.contains($0) && roles.role(of: $0) == nil }
                ?? "\(fallback[0])\(used.count)"
            used.insert(letter)
            out[size] = "\(letter) = 1, …, \(size)"
        }
        return out
    }

    /// Nests plate `N` in plate `J` when exactly one group size `J` is named by the drawn index
    /// arrays of size `N` (through their upper bound or what they index); skipped if it would make
    /// plates contain each other.
    private static func nesting(program: Program, plateOf: [String: String], sizes: [String],
                                roles: StanSymbolRoles, drawn: [String]) -> [String: String] {
        var candidates: [String: Set<String>] = [:]
        let indexArrays = Set(drawn.filter { name in
            guard roles.isData(name), let decl = roles.declarations[name] else { return false }
            return decl.type.base == .int && decl.type.arrayDims.count == 1 && plateOf[name] != nil
        })
        func propose(index: String, outer: String) {
            guard let inner = plateOf[index], outer != inner, sizes.contains(outer) else { return }
            candidates[inner, default: []].insert(outer)
        }
        for name in indexArrays {
            if case .bounds(_, let upper?) = roles.declarations[name]?.type.constraint,
               case .variable(let outer) = upper.kind {
                propose(index: name, outer: outer)
            }
        }
        for (index, base) in indexUses(in: program) where indexArrays.contains(index) {
            if let decl = roles.declarations[base], let outer = leadingSize(decl.type, roles: roles) {
                propose(index: index, outer: outer)
            }
        }
        var parents: [String: String] = [:]
        for inner in sizes {
            guard let set = candidates[inner], set.count == 1, let outer = set.first else { continue }
            var p: String? = outer
            var loops = false
            while let q = p { if q == inner { loops = true; break }; p = parents[q] }
            if !loops { parents[inner] = outer }
        }
        return parents
    }

    /// `(index array, indexed variable)` for every `base[g]` or `base[g[…]]` in the transformed
    /// parameters and model blocks.
    private static func indexUses(in program: Program) -> [(index: String, base: String)] {
        var out: [(index: String, base: String)] = []
        for block in [BlockKind.transformedParameters, .model] {
            for stmt in program.statements(in: block) {
                stmt.forEachStatement { s in
                    for e in s.expressions {
                        e.forEachNode { node in
                            guard case .indexed(let base, let indices) = node.kind, case .variable(let b) = base.kind,
                                  case .single(let first)? = indices.first else { return }
                            switch first.kind {
                            case .variable(let g): out.append((g, b))
                            case .indexed(let inner, _): if case .variable(let g) = inner.kind { out.append((g, b)) }
                            default: break
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
