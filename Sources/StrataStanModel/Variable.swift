// Storage of one Stan variable during lowering: a whole value, or one scalar slot per element after indexed writes.
import StrataAutodiff
import StrataStanFrontEnd

/// A declared variable. Whole assignments store the value; an indexed assignment switches to
/// per-element storage (each element a scalar slot somewhere in the arena), so `mu[i] = ...` in a
/// loop costs no copies: reading `mu` later joins the element slots (a view when they are adjacent,
/// else one concatenation).
final class Variable {
    let name: String
    let type: StanType
    let dims: [Int]
    /// The value when stored whole.
    private(set) var whole: Value?
    /// Per-element storage (row-major) after an indexed assignment.
    private(set) var elements: [Slot]?
    /// Cached join of `elements`, dropped on the next write.
    private var joined: Value?
    /// Whether the variable was declared inside the loop currently being vectorised.
    var isLaneLocal = false

    init(name: String, type: StanType, dims: [Int]) {
        self.name = name; self.type = type; self.dims = dims
    }

    var count: Int { dims.reduce(1, *) }

    /// Saved storage, to undo a failed vectorisation attempt.
    var snapshot: (Value?, [Slot]?) { (whole, elements) }
    func restore(_ s: (Value?, [Slot]?)) { whole = s.0; elements = s.1; joined = nil }

    func assignWhole(_ v: Value) {
        whole = Value(expr: v.expr, type: type, dims: dims, varying: v.varying)
        elements = nil; joined = nil
    }

    /// The whole value (joining element slots if needed). `nan` fills never-assigned elements.
    func read(in graph: Graph) -> Value {
        if let w = whole { return w }
        if let j = joined { return j }
        let v = Value(expr: graph.join(elements ?? []), type: type, dims: dims)
        joined = v
        return v
    }

    /// Elements at flat positions `offsets` (one per lane when `lanes`).
    func read(offsets: [Int], in graph: Graph) -> GExpr {
        if let w = whole { return graph.viewOrGather(w.expr, offsets) }
        let el = elements!
        return graph.join(offsets.map { el[$0] })
    }

    /// Writes `value` (count 1 broadcast, or one element per offset) at flat positions `offsets`.
    func write(offsets: [Int], value: GExpr, nan: Slot) {
        if elements == nil {
            if let w = whole { elements = (0..<count).map { w.expr.slot.view(start: $0, count: 1) } }
            else { elements = [Slot](repeating: nan, count: count) }
        }
        whole = nil; joined = nil
        for (k, o) in offsets.enumerated() {
            elements![o] = value.count == 1 ? value.slot : value.slot.view(start: k, count: 1)
        }
    }

    /// Marks the variable as declared but unassigned (elements read as NaN).
    func initializeUnassigned(nan: Slot) {
        whole = nil; joined = nil
        elements = [Slot](repeating: nan, count: count)
    }
}
