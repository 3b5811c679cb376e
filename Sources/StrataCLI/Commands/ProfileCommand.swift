// `strata profile`: where a Stan program's gradient spends its time, statement by statement.
import ArgumentParser
import Foundation
import Strata

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Attribute the forward and reverse time of the gradient to each Stan statement (file:line).")

    @Argument(help: "A Stan program (.stan).") var model: String
    @Option(help: "Data file (CmdStan JSON).") var data: String?
    @Option(help: "Constrained values to evaluate at (CmdStan JSON); default: a uniform(-2, 2) point.") var `init`: String?
    @Option(help: "Evaluate at a draw of this Stan CSV (ours or CmdStan's) instead.") var draws: String?
    @Option(help: "Which draw of --draws (1-based; default: the last).") var draw: Int?
    @Option(help: "Seed of the default point.") var seed: UInt64 = SamplerDefaults.seed
    @Option(help: "Gradients to time (default: about one second's worth).") var evaluations: Int?
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Flag(help: "Print the program with each line's share of the time in the margin.") var annotate = false
    @Flag(help: "Also list the costliest graph operations (AD nodes).") var operations = false
    @Flag(name: .customLong("no-generated-quantities"), help: "Leave the generated quantities block out.") var noGeneratedQuantities = false
    @Flag(help: "Profile the program as `strata sample` runs it by default (automatic marginalisation): the parameters it integrates out are not in the point, and their statements' time is the marginal density's.") var marginalise = false

    func validate() throws {
        if let evaluations, evaluations < 1 { throw ValidationError("--evaluations must be at least 1 (got \(evaluations))") }
    }

    func run() throws {
        let program = try CompiledProgram(path: model, dataPath: data, generatedQuantities: !noGeneratedQuantities,
                                          marginalise: marginalise)
        for line in program.stan.marginalisation.lines { FileHandle.standardError.write(Data("strata: \(line)\n".utf8)) }
        let x = try program.point(initPath: `init`, drawsPath: draws, draw: draw, seed: seed)
        let profile = try StatementProfiler.run(program.stan, source: program.source, file: program.fileName, at: x,
                                                evaluations: evaluations)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(profile), as: UTF8.self))
        } else if annotate {
            print(ProfileFormatter.annotated(profile, source: program.source))
        } else {
            print(ProfileFormatter.table(profile))
            if operations { print(ProfileFormatter.operations(profile)) }
        }
    }
}

/// Text renderings of a ``StatementProfile``.
enum ProfileFormatter {
    static func table(_ p: StatementProfile) -> String {
        var out = String(format: "%@: %.0f ns per gradient (median of 5 rounds, min %.0f, max %.0f); %.0f ns profiled over %d gradients\n",
                         p.file, p.gradientNanoseconds.median, p.gradientNanoseconds.min, p.gradientNanoseconds.max,
                         p.profiledNanoseconds, p.evaluations)
        out += String(format: "outside model statements (parameter transforms, Jacobians, bookkeeping): %.1f%%", 100 * p.outsideModelShare)
        out += "; heap allocations per gradient: " + (p.allocationsPerGradient.map { String(format: "%.1f", $0) }
            ?? "not measured (LD_PRELOAD the counter in Sources/CStrataAllocationCounter/allocation_counter.c)") + "\n\n"
        out += pad("location", 22) + pad("block", 12) + lpad("forward ns", 12) + lpad("reverse ns", 12) + lpad("share", 8)
            + lpad("nodes", 7) + lpad("elements", 10) + lpad("ns/elem", 9) + "  statement\n"
        for r in p.rows {
            out += pad(r.location, 22) + pad(r.block, 12) + forwardColumn(r.forwardNanoseconds, r.reverseInForward)
                + lpad(String(format: "%.0f", r.reverseNanoseconds), 12) + lpad(String(format: "%.1f%%", 100 * r.share), 8)
                + lpad("\(r.nodes)", 7) + lpad("\(r.elements)", 10)
                + lpad(r.nanosecondsPerElement.map { String(format: "%.2f", $0) } ?? "-", 9) + "  " + r.text + "\n"
        }
        if p.rows.contains(where: \.reverseInForward) { out += reverseInForwardNote }
        return out
    }

    static func operations(_ p: StatementProfile) -> String {
        var out = pad("node", 7) + pad("operation", 26) + pad("statement", 22) + lpad("forward ns", 12) + lpad("reverse ns", 12)
            + lpad("elements", 10) + "\n"
        for o in p.operations {
            out += pad("\(o.index)", 7) + pad(o.kind, 26) + pad(o.location, 22)
                + forwardColumn(o.forwardNanoseconds, o.reverseInForward)
                + lpad(String(format: "%.0f", o.reverseNanoseconds), 12) + lpad("\(o.elements)", 10) + "\n"
        }
        if p.operations.contains(where: \.reverseInForward) { out += reverseInForwardNote }
        return out
    }

    /// The source with each line's share (statements starting on it) in a left margin, like `perf annotate`.
    static func annotated(_ p: StatementProfile, source: String) -> String {
        var share: [Int: Double] = [:]
        for r in p.rows where r.line > 0 { share[r.line, default: 0] += r.share }
        var out = String(format: "%@: %.0f ns per gradient; %.1f%% outside statements listed\n", p.file,
                         p.gradientNanoseconds.median, 100 * (p.rows.first { $0.line == 0 }?.share ?? 0))
        for (k, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let s = share[k + 1].map { String(format: "%6.1f%%", 100 * $0) } ?? "       "
            out += s + String(format: " %4d | ", k + 1) + line + "\n"
        }
        return out
    }

    /// The forward nanoseconds, marked `*` for a fused node (see ``reverseInForwardNote``).
    static func forwardColumn(_ nanoseconds: Double, _ reverseInForward: Bool) -> String {
        lpad(String(format: "%.0f", nanoseconds) + (reverseInForward ? "*" : ""), 12)
    }

    static let reverseInForwardNote = "* a fused node: its reverse sweep runs inside the forward one (one pass over the data), "
        + "so most of its reverse time is in the forward column\n"

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    static func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }
}
