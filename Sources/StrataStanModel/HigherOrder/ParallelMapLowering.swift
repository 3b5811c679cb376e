// Lowers reduce_sum and map_rect by inlining the user function on fixed slices (deterministic whatever the threads).
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    /// At most this many slices per reduce_sum call: enough to bound recursion depth when a partial-sum function
    /// calls reduce_sum on its own slice, few enough that the graph does not grow with the number of elements.
    static let reduceSumSlices = 8

    /// `reduce_sum(f, x, grainsize, s...)` = Σ over consecutive slices x[a:b] of f(x[a:b], a, b, s...), which is
    /// f(x, 1, N, s...) mathematically. The slices are fixed by N and grainsize only (at least `grainsize` elements,
    /// at most ``reduceSumSlices`` slices), summed in order, so the result does not depend on threads; the graph's
    /// own within-chain threading parallelises the work inside each slice.
    func reduceSumCall(_ name: String, _ argExprs: [SExpr], _ range: SourceRange) throws -> Value {
        if lanes != nil { throw VectorizationFallback() }
        guard argExprs.count >= 3 else { throw LoweringError.invalid("\(name) takes f, the sliced array and the grainsize", range) }
        let def = try functionOverload(argExprs, of: name, range)
        let x = try lower(argExprs[1]), shared = try argExprs.dropFirst(3).map(lower)
        guard let grain = try lower(argExprs[2]).constantValues?.first, grain >= 1 else {
            throw LoweringError.invalid("\(name): grainsize must be at least 1", range)
        }
        let n = x.dims.first ?? 0
        if n == 0 { return realValue(0) }

        let size = max(Int(grain), (n + Self.reduceSumSlices - 1) / Self.reduceSumSlices)
        var terms: [GExpr] = []
        for start in stride(from: 0, to: n, by: size) {
            let end = min(start + size, n)
            let slice = firstDimensionSlice(x, start..<end)
            if reduceSumSlices.contains(where: { $0.function == def.name && $0.count == end - start }) {
                throw LoweringError.invalid("\(name): '\(def.name)' calls \(name) on a slice of \(end - start) elements again "
                                            + "from a slice of that size, which never ends (add a base case that does not call \(name))", range)
            }
            reduceSumSlices.append((def.name, end - start))
            defer { reduceSumSlices.removeLast() }
            guard let term = try inline(def, [slice, intValue(start + 1), intValue(end)] + shared, range) else {
                throw LoweringError.invalid("\(name): function '\(def.name)' returns no value", range)
            }
            terms.append(term.expr)
        }
        return Value(expr: terms.count == 1 ? terms[0] : graph.addScalars(terms), type: .real, dims: [])
    }

    /// `map_rect(f, phi, thetas, x_rs, x_is)`: f(phi, thetas[j], x_rs[j], x_is[j]) for each job j, concatenated.
    func mapRectCall(_ argExprs: [SExpr], _ range: SourceRange) throws -> Value {
        if lanes != nil { throw VectorizationFallback() }
        guard argExprs.count == 5 else { throw LoweringError.invalid("map_rect takes 5 arguments", range) }
        let def = try functionOverload(argExprs, of: "map_rect", range)
        let phi = try lower(argExprs[1]), thetas = try lower(argExprs[2])
        let xr = try lower(argExprs[3]), xi = try lower(argExprs[4])
        let jobs = thetas.dims.first ?? 0
        for (what, v) in [("real data", xr), ("int data", xi)] where (v.dims.first ?? 0) != jobs {
            throw LoweringError.invalid("map_rect: \(jobs) job parameter vectors but \(v.dims.first ?? 0) arrays of \(what)", range)
        }
        var parts: [GExpr] = []
        for j in 0..<jobs {
            let args = [phi, vectorOf(firstDimensionSlice(thetas, j..<(j + 1))), elementOf(xr, j), elementOf(xi, j)]
            guard let out = try inline(def, args, range) else { throw LoweringError.invalid("map_rect: '\(def.name)' returns no value", range) }
            if out.count > 0 { parts.append(out.expr) }
        }
        let total = parts.reduce(0) { $0 + $1.count }
        let expr = parts.isEmpty ? graph.constant([Double]()) : parts.count == 1 ? parts[0] : graph.concat(parts)
        return Value(expr: expr, type: .vector, dims: [total])
    }

    /// Elements `r` of `v`'s first array dimension, as an array of the same element type.
    func firstDimensionSlice(_ v: Value, _ r: Range<Int>) -> Value {
        let inner = v.dims.dropFirst().reduce(1, *)
        return Value(expr: v.expr[(r.lowerBound * inner)..<(r.upperBound * inner)], type: v.type, dims: [r.count] + v.dims.dropFirst())
    }

    /// Element `j` of an array (one array dimension fewer).
    private func elementOf(_ v: Value, _ j: Int) -> Value {
        let one = firstDimensionSlice(v, j..<(j + 1))
        return Value(expr: one.expr, type: StanType(v.type.base, arrayDims: max(v.type.arrayDims - 1, 0)), dims: Array(v.dims.dropFirst()))
    }

    /// A one-element array of vectors as the vector it holds.
    private func vectorOf(_ v: Value) -> Value {
        Value(expr: v.expr, type: .vector, dims: Array(v.dims.dropFirst()))
    }
}
