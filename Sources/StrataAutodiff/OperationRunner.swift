// An operation behind a class reference, so the replay loop calls it in place without copying the existential.

/// Calls one graph operation. Reading an operation out of `[any GraphOperation]` (or through a pointer to one)
/// copies the existential and retains its box on every call, which cost more than a small node's work; the
/// evaluator instead holds one runner per operation and calls it through an unretained reference.
class OperationRunner {
    /// See ``GraphOperation/forward(_:range:)``.
    func forward(_ arena: Arena, range: Range<Int>) throws { preconditionFailure("abstract") }
    /// See ``GraphOperation/backward(_:range:)``.
    func backward(_ arena: Arena, range: Range<Int>) { preconditionFailure("abstract") }
    /// See ``GraphOperation/forwardThenBackward(_:range:)``.
    func forwardThenBackward(_ arena: Arena, range: Range<Int>) throws { preconditionFailure("abstract") }

    /// A runner for `op`, specialised for its concrete type.
    static func make(_ op: any GraphOperation) -> OperationRunner {
        func typed<Op: GraphOperation>(_ op: Op) -> OperationRunner { TypedOperationRunner(op) }
        return typed(op)
    }
}

/// The runner of one concrete operation type.
private final class TypedOperationRunner<Op: GraphOperation>: OperationRunner {
    let op: Op
    init(_ op: Op) { self.op = op }
    override func forward(_ arena: Arena, range: Range<Int>) throws { try op.forward(arena, range: range) }
    override func backward(_ arena: Arena, range: Range<Int>) { op.backward(arena, range: range) }
    override func forwardThenBackward(_ arena: Arena, range: Range<Int>) throws { try op.forwardThenBackward(arena, range: range) }
}

/// The runners of a graph's operations, called without retain/release: the table owns them for its lifetime.
struct OperationRunners {
    private let owned: [OperationRunner]
    private let refs: UnsafeMutablePointer<Unmanaged<OperationRunner>>

    init(_ operations: [any GraphOperation]) {
        owned = operations.map(OperationRunner.make)
        refs = .allocate(capacity: max(owned.count, 1))
        for (k, r) in owned.enumerated() { (refs + k).initialize(to: .passUnretained(r)) }
    }

    /// Frees the reference table (the runners go with ``owned``).
    func deallocate() { refs.deallocate() }

    @inline(__always) func forward(_ k: Int, _ arena: Arena, range: Range<Int>) throws {
        try refs[k]._withUnsafeGuaranteedRef { try $0.forward(arena, range: range) }
    }

    @inline(__always) func forwardThenBackward(_ k: Int, _ arena: Arena, range: Range<Int>) throws {
        try refs[k]._withUnsafeGuaranteedRef { try $0.forwardThenBackward(arena, range: range) }
    }

    @inline(__always) func backward(_ k: Int, _ arena: Arena, range: Range<Int>) {
        refs[k]._withUnsafeGuaranteedRef { $0.backward(arena, range: range) }
    }
}
