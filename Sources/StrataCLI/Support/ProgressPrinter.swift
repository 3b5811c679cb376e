// Per-chain progress on stderr: a live line on a terminal, periodic plain lines when piped.
import Foundation
import Strata

/// Prints sampling progress to standard error.
final class ProgressPrinter: @unchecked Sendable {
    private let lock = NSLock()
    private let warmup: Int, samples: Int, chains: Int
    private let interactive: Bool
    private var latest: [ProgressReport?]
    private var lastLine = Date.distantPast
    private let quiet: Bool

    init(chains: Int, warmup: Int, samples: Int, quiet: Bool) {
        self.chains = chains; self.warmup = warmup; self.samples = samples; self.quiet = quiet
        interactive = isatty(STDERR_FILENO) != 0
        latest = Array(repeating: nil, count: chains)
    }

    /// The callback to hand to the sampler.
    var callback: ProgressCallback {
        { [self] report in self.update(report) }
    }

    private func update(_ r: ProgressReport) {
        if quiet { return }
        lock.lock(); defer { lock.unlock() }
        latest[r.chain] = r
        let now = Date()
        let interval = interactive ? 0.2 : 5.0
        let total = warmup + samples
        let done = r.phase == .sampling ? warmup + r.iteration + 1 : r.iteration + 1
        let finished = done == total
        guard now.timeIntervalSince(lastLine) >= interval || finished else { return }
        lastLine = now
        let parts = latest.enumerated().map { c, p -> String in
            guard let p else { return "chain \(c + 1): starting" }
            let it = p.phase == .sampling ? warmup + p.iteration + 1 : p.iteration + 1
            return "chain \(c + 1): \(it)/\(total) \(p.phase.rawValue) eps=\(String(format: "%.3g", p.stepSize)) div=\(p.divergences)"
        }
        let line = parts.joined(separator: " | ")
        if interactive {
            FileHandle.standardError.write(("\r\u{1B}[K" + line).data(using: .utf8)!)
        } else {
            FileHandle.standardError.write((line + "\n").data(using: .utf8)!)
        }
    }

    /// Ends the live line.
    func finish() {
        if interactive && !quiet { FileHandle.standardError.write("\n".data(using: .utf8)!) }
    }
}
