// Opt-in comparison of the built-in signature table with stanc3's own list (STRATA_STANC3_DIR = a stanc3 checkout):
// for every probe of argument types, Strata must accept exactly what stanc3 accepts and return the same type.
import Foundation
import StrataStanFrontEnd
import XCTest

final class Stanc3SignatureTests: XCTestCase {
    /// Functions whose table entries are claimed complete (for int/real/vector/row_vector/matrix arguments).
    private let complete: Set<String> = [
        "pow", "fmin", "fmax", "fdim", "fmod", "hypot", "atan2", "beta", "lbeta", "lchoose", "lmultiply",
        "log_diff_exp", "log_inv_logit_diff", "log_falling_factorial", "log_rising_factorial",
        "log_modified_bessel_first_kind", "log_sum_exp", "owens_t", "gamma_p", "gamma_q", "lmgamma",
        "bessel_first_kind", "bessel_second_kind", "modified_bessel_first_kind", "modified_bessel_second_kind",
        "binary_log_loss", "choose", "falling_factorial", "rising_factorial", "inc_beta", "to_array_1d", "size",
    ]

    /// Parses `array[,] real`-style type text; nil for complex, tuple and function types.
    private func parseType(_ text: String) -> StanType? {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("data ") { t.removeFirst(5) }
        var dims = 0
        if t.hasPrefix("array[") {
            guard let close = t.firstIndex(of: "]") else { return nil }
            dims = t[t.startIndex..<close].filter { $0 == "," }.count + 1
            t = String(t[t.index(after: close)...]).trimmingCharacters(in: .whitespaces)
        }
        let bases: [String: BaseType] = ["int": .int, "real": .real, "vector": .vector, "row_vector": .rowVector,
                                         "matrix": .matrix]
        return bases[t].map { StanType($0, arrayDims: dims) }
    }

    /// `name(args) => ret` lines of `stanc --dump-stan-math-signatures`, keeping only int/real/vector/matrix types.
    private func stanc3Signatures(_ text: String) -> [String: [(args: [StanType], returns: StanType)]] {
        var out: [String: [(args: [StanType], returns: StanType)]] = [:]
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard let open = line.firstIndex(of: "("), let arrow = line.range(of: ") => ", options: .backwards) else { continue }
            let name = String(line[line.startIndex..<open])
            let argText = line[line.index(after: open)..<arrow.lowerBound]
            if argText.contains("(") || name.isEmpty { continue }
            let parts = argText.isEmpty ? [] : argText.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            // Re-join commas inside array[,] brackets.
            var args: [String] = []
            for part in parts {
                if let last = args.last, last.filter({ $0 == "[" }).count > last.filter({ $0 == "]" }).count {
                    args[args.count - 1] = last + "," + part
                } else { args.append(part) }
            }
            let types = args.map(parseType)
            guard !types.contains(where: { $0 == nil }), let ret = parseType(String(line[arrow.upperBound...])) else { continue }
            out[name, default: []].append((types.map { $0! }, ret))
        }
        return out
    }

    /// stanc3's choice among `candidates` for `args`: the accepting signature with the fewest promotions.
    private func stanc3Result(_ candidates: [(args: [StanType], returns: StanType)], _ args: [StanType]) -> StanType? {
        var best: (Int, StanType)?
        for c in candidates where c.args.count == args.count {
            guard zip(args, c.args).allSatisfy({ $0.isAssignable(to: $1) }) else { continue }
            let cost = zip(args, c.args).filter { $0 != $1 }.count
            if best == nil || cost < best!.0 { best = (cost, c.returns) }
        }
        return best?.1
    }

    func testBuiltinSignaturesAgreeWithStanc3() throws {
        let base = try Stanc3Checkout.integrationFolder()
        let dump = try String(contentsOf: base.appendingPathComponent("signatures/stan_math_signatures.t"), encoding: .utf8)
        let stanc3 = stanc3Signatures(dump)
        XCTAssertGreaterThan(stanc3.count, 100, "signature dump not parsed")
        let probes = [BaseType.int, .real, .vector, .rowVector, .matrix].flatMap { b in (0...2).map { StanType(b, arrayDims: $0) } }
        var agreed = 0, missing = 0, extra = 0, wrong = 0
        var problems: [String] = []
        for name in BuiltinFunctions.signatures.keys.sorted() {
            guard let theirs = stanc3[name] else {
                print("STANC3 SIGNATURES: '\(name)' is accepted by Strata but absent from stanc3")
                continue
            }
            let ours = BuiltinFunctions.signatures[name]!
            let arities = Set(theirs.map(\.args.count) + ours.map(\.parameters.count)).filter { $0 <= 3 }
            for arity in arities.sorted() {
                var tuples: [[StanType]] = [[]]
                for _ in 0..<arity { tuples = tuples.flatMap { t in probes.map { t + [$0] } } }
                for args in tuples {
                    let expected = stanc3Result(theirs, args)
                    let got = ours.first { $0.accepts(args) }.map { $0.returns?.resolve(args) }
                    let shown = "\(name)(\(args.map(\.description).joined(separator: ", ")))"
                    switch (expected, got) {
                    case (nil, nil): continue
                    case (nil, _?):
                        extra += 1
                        if complete.contains(name) { problems.append("\(shown) accepted, stanc3 rejects it") }
                    case (let e?, nil):
                        missing += 1
                        if complete.contains(name) { problems.append("\(shown) => \(e) rejected") }
                    case (let e?, let g?):
                        if g == e || g == nil { agreed += 1; continue }
                        wrong += 1
                        if complete.contains(name) { problems.append("\(shown) returns \(g!), stanc3 \(e)") }
                    }
                }
            }
        }
        print("STANC3 SIGNATURES: \(agreed) probes agree, \(missing) accepted by stanc3 only, \(extra) by Strata only, "
              + "\(wrong) with a different return type")
        for p in problems.prefix(40) { print("STANC3 SIGNATURES: \(p)") }
        XCTAssertTrue(problems.isEmpty, "\(problems.count) disagreements on functions claimed complete")
    }
}
