// Turns SIGINT/SIGTERM/SIGUSR1 into a cooperative stop so chains finish their draw and CSVs stay valid.
import Dispatch
import Foundation
import Strata

/// Installs signal handlers that request `flag` instead of killing the process.
final class InterruptHandler {
    let flag = InterruptFlag()
    private var sources: [DispatchSourceSignal] = []

    /// - Parameter checkpointing: whether a stop writes a checkpoint (said in the message).
    init(checkpointing: Bool = false) {
        let what = checkpointing ? "finishing current draws, writing the checkpoint" : "finishing current draws and closing files"
        // SIGUSR1 is what SLURM sends ahead of a job's time limit (--signal=USR1@120).
        for sig in [SIGINT, SIGTERM, SIGUSR1] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [flag] in
                // A second Ctrl-C stops at once; a repeated SIGTERM/SIGUSR1 (a scheduler's) must not cut the
                // checkpoint or the files short.
                if flag.isRequested { if sig == SIGINT { exit(130) } else { return } }
                FileHandle.standardError.write("\nstrata: interrupted; \(what) (Ctrl-C again to abort)\n".data(using: .utf8)!)
                flag.request()
            }
            source.resume()
            sources.append(source)
        }
    }
}
