// Plates for a Stan program's graph: one per size integer that leads a drawn variable's shape, with nesting.
import StrataStanFrontEnd

/// Assigns drawn variables to plates.
///
/// A variable whose declared leading size is a size integer (`vector[N] y`, `array[J] real theta`,
/// `matrix[N, D] X`) is repeated once per index of that size and sits in its plate. Constrained
/// multivariate types (`simplex[K]`, `cov_matrix[K]`, …) are one joint object and get no plate.
/// A plate for `N` is nested in the plate for `J` when a drawn index array `array[N] int<upper=J>`
/// assigns each of the `N` items to one of the `J` groups (and no other index array disagrees).
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
        parents = Self.nesting(plateOf: plateOf, sizes: sizes, roles: roles, drawn: drawn)
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

    /// Nests plate `N` in plate `J` when exactly one group `J` is named by drawn index arrays
    /// `array[N] int<…, upper=J>`; skipped if it would make plates contain each other.
    private static func nesting(plateOf: [String: String], sizes: [String], roles: StanSymbolRoles,
                                drawn: [String]) -> [String: String] {
        var candidates: [String: Set<String>] = [:]
        for name in drawn where roles.isData(name) {
            guard let decl = roles.declarations[name], decl.type.base == .int, decl.type.arrayDims.count == 1,
                  let inner = plateOf[name], case .bounds(_, let upper?) = decl.type.constraint,
                  case .variable(let outer) = upper.kind, outer != inner, sizes.contains(outer) else { continue }
            candidates[inner, default: []].insert(outer)
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
}
