// Per-chain progress on stderr: a live line on a terminal, periodic plain lines when piped, or JSON lines.
import Foundation
import Strata

/// Prints sampling progress to standard error.
///
/// In `json` format each line is one JSON object about one chain, written at most once a second per
/// chain and at the end of each phase: `{"chain":1,"phase":"warmup","iteration":120,"iterations":2000,
/// "phase_iteration":120,"phase_iterations":1000,"step_size":0.41,"divergences":0,"leapfrogs":1830,
/// "elapsed":2.1,"eta":33.0}` (iterations count warmup then sampling, 1-based; divergences are the
/// phase's; elapsed and eta are seconds of this process).
final class ProgressPrinter: @unchecked Sendable {
    private let lock = NSLock()
    private let warmup: Int, samples: Int, chains: Int, firstChain: Int
    private let interactive: Bool
    private var latest: [ProgressReport?]
    private var lastLine = Date.distantPast
    private let quiet: Bool
    private let format: ProgressFormat
    private var chainStart: [(date: Date, done: Int)?]
    private var lastChainLine: [Date]

    init(chains: Int, warmup: Int, samples: Int, quiet: Bool, firstChain: Int = 0, format: ProgressFormat = .text) {
        self.chains = chains; self.warmup = warmup; self.samples = samples; self.quiet = quiet
        self.firstChain = firstChain; self.format = format
        interactive = format == .text && isatty(STDERR_FILENO) != 0
        latest = Array(repeating: nil, count: chains)
        chainStart = Array(repeating: nil, count: chains)
        lastChainLine = Array(repeating: .distantPast, count: chains)
    }

    /// The callback to hand to the sampler.
    var callback: ProgressCallback {
        { [self] report in self.update(report) }
    }

    private func update(_ r: ProgressReport) {
        if quiet { return }
        lock.lock(); defer { lock.unlock() }
        if format == .json { return json(r) }
        latest[r.chain] = r
        let now = Date()
        let interval = interactive ? 0.2 : 5.0
        let total = warmup + samples
        let done = r.phase == .sampling ? warmup + r.iteration + 1 : r.iteration + 1
        let finished = done == total
        guard now.timeIntervalSince(lastLine) >= interval || finished else { return }
        lastLine = now
        let parts = latest.enumerated().map { c, p -> String in
            guard let p else { return "chain \(firstChain + c + 1): starting" }
            let it = p.phase == .sampling ? warmup + p.iteration + 1 : p.iteration + 1
            return "chain \(firstChain + c + 1): \(it)/\(total) \(p.phase.rawValue) eps=\(String(format: "%.3g", p.stepSize)) div=\(p.divergences)"
        }
        let line = parts.joined(separator: " | ")
        if interactive {
            FileHandle.standardError.write(("\r\u{1B}[K" + line).data(using: .utf8)!)
        } else {
            FileHandle.standardError.write((line + "\n").data(using: .utf8)!)
        }
    }

    /// One JSON line for the chain, at most once a second and at each phase's last iteration.
    private func json(_ r: ProgressReport) {
        let now = Date()
        let total = warmup + samples
        let done = r.phase == .sampling ? warmup + r.iteration + 1 : r.iteration + 1
        // The first report of a chain in this process (a resumed chain starts part way).
        let start = chainStart[r.chain] ?? (now, done - 1)
        chainStart[r.chain] = start
        let phaseEnd = r.iteration + 1 == r.phaseIterations
        guard now.timeIntervalSince(lastChainLine[r.chain]) >= 1 || phaseEnd else { return }
        lastChainLine[r.chain] = now
        let elapsed = now.timeIntervalSince(start.date)
        let rate = elapsed / Double(max(1, done - start.done))
        func number(_ x: Double) -> String { x.isFinite ? String(format: "%.6g", x) : "null" }
        let fields = [
            "\"chain\":\(firstChain + r.chain + 1)", "\"phase\":\"\(r.phase.rawValue)\"",
            "\"iteration\":\(done)", "\"iterations\":\(total)",
            "\"phase_iteration\":\(r.iteration + 1)", "\"phase_iterations\":\(r.phaseIterations)",
            "\"step_size\":\(number(r.stepSize))", "\"divergences\":\(r.divergences)", "\"leapfrogs\":\(r.leapfrogs)",
            "\"elapsed\":\(number(elapsed))", "\"eta\":\(number(rate * Double(total - done)))",
        ]
        FileHandle.standardError.write(("{" + fields.joined(separator: ",") + "}\n").data(using: .utf8)!)
    }

    /// Ends the live line.
    func finish() {
        if interactive && !quiet { FileHandle.standardError.write("\n".data(using: .utf8)!) }
    }
}
