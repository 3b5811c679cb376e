// Lowers print(...), reject(...) and fatal_error(...): messages with the printed values, as Stan writes them.
import Foundation
import StrataAutodiff
import StrataCore
import StrataStanFrontEnd

/// One piece of a printed message: literal text, or the values of a slot with their sizes.
enum PrintPart {
    case text(String)
    case value(slot: Slot, dims: [Int])
}

/// Formats printed values as Stan does: scalars plainly, containers as nested `[a,b]` lists.
enum PrintFormat {
    static func message(_ parts: [PrintPart], values: (Slot) -> [Double]) -> String {
        parts.map { part in
            switch part {
            case .text(let t): return t
            case .value(let slot, let dims): return format(values(slot)[...], dims: dims[...])
            }
        }.joined()
    }

    static func format(_ values: ArraySlice<Double>, dims: ArraySlice<Int>) -> String {
        guard let n = dims.first else { return values.first.map(number) ?? "" }
        let inner = dims.dropFirst().reduce(1, *)
        let items = (0..<n).map { i -> String in
            let start = values.startIndex + i * inner
            return format(values[start..<(start + inner)], dims: dims.dropFirst())
        }
        return "[" + items.joined(separator: ",") + "]"
    }

    static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == x.rounded() && Swift.abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }
}

/// Writes a `print(...)` line to standard output each time the graph is evaluated (Stan prints at every
/// log-density evaluation). The line goes out in one `write(2)`, so lines of concurrent chains do not mix.
struct PrintOp: GraphOperation {
    let parts: [PrintPart]
    let output: Slot
    var inputs: [Slot] {
        parts.compactMap { if case .value(let slot, _) = $0 { return slot } else { return nil } }
    }
    var tiling: Tiling { .whole }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let line = PrintFormat.message(parts) { slot in
            Array(UnsafeBufferPointer(start: arena.value(slot), count: slot.count))
        } + "\n"
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress, $0.count) }
    }

    func backward(_ arena: Arena, range: Range<Int>) {}
}

extension Lowerer {
    /// The message parts of print/reject arguments (string literals and lowered values).
    private func printParts(_ args: [SExpr]) throws -> [PrintPart] {
        try args.flatMap { arg -> [PrintPart] in
            if case .stringLiteral(let text) = arg.kind { return [.text(text)] }
            if arg.type?.base.isTuple ?? false { return try tuplePrintParts(try lowerAny(arg), arg.range) }
            let v = try lower(arg)
            if v.varying || v.laneSummed { throw VectorizationFallback() }
            return [.value(slot: v.expr.slot, dims: v.dims)]
        }
    }

    /// A tuple printed as Stan prints it, `(a,b)`; an array of tuples `[(a,b),(c,d)]`.
    private func tuplePrintParts(_ value: Lowered, _ range: SourceRange) throws -> [PrintPart] {
        switch value {
        case .value(let v):
            if v.varying || v.laneSummed { throw VectorizationFallback() }
            return [.value(slot: v.expr.slot, dims: v.dims)]
        case .tuple(let items, let type):
            if type.arrayDims == 0 {
                let inner = try items.map { try tuplePrintParts($0, range) }
                return [.text("(")] + Array(inner.joined(separator: [.text(",")])) + [.text(")")]
            }
            let count = value.leaves.first?.dims.first ?? 0
            let elements = try (0..<count).map { try tuplePrintParts(try element(value, $0, range), range) }
            return [.text("[")] + Array(elements.joined(separator: [.text(",")])) + [.text("]")]
        }
    }

    /// `print(...)`: printed once now in data and transformed data, at each evaluation elsewhere.
    func lowerPrint(_ args: [SExpr]) throws {
        let parts = try printParts(args)
        let constant = parts.allSatisfy { if case .value(let s, _) = $0 { return s.isConstant } else { return true } }
        if constant && (block == .data || block == .transformedData || plainNumbers) {
            if silent { return }
            let values = graph.initialValues
            print(PrintFormat.message(parts) { Array(values[$0.range]) })
            return
        }
        graph.record(PrintOp(parts: parts, output: graph.allocate(count: 1, isConstant: false)))
    }

    /// `reject(...)` / `fatal_error(...)` reached by the program: an error carrying the printed message.
    func lowerReject(_ args: [SExpr], fatal: Bool, _ range: SourceRange) throws {
        let parts = try printParts(args)
        if let reached = reachedCondition, !fatal {
            // Under a parameter-dependent branch: reject the proposal when the branch is taken.
            let inputs = parts.compactMap { part -> Slot? in if case .value(let s, _) = part { return s } else { return nil } }
            graph.record(RejectWhenOp(condition: reached.slot, message: { arena in
                PrintFormat.message(parts) { Array(UnsafeBufferPointer(start: arena.value($0), count: $0.count)) }
            }, output: graph.allocate(count: 1, isConstant: false), messageInputs: inputs))
            return
        }
        let values = graph.initialValues
        let constant = parts.allSatisfy { if case .value(let s, _) = $0 { return s.isConstant } else { return true } }
        let message = constant ? PrintFormat.message(parts) { Array(values[$0.range]) } : "(message depends on parameters)"
        let what = fatal ? "fatal_error" : "reject"
        if plainNumbers { throw LoweringError.invalid("\(what)(): \(message)", range) }
        throw LoweringError.invalid("\(what)() is always reached when the program runs: \(message)", range)
    }
}
