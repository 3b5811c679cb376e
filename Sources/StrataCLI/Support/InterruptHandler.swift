// Turns SIGINT/SIGTERM/SIGUSR1 into a cooperative stop so chains finish their draw and CSVs stay valid.
import CStrataSignals
import Dispatch
import Foundation
import Strata

/// Installs signal handlers that request `flag` instead of killing the process.
///
/// The handlers (C, `sigaction`) only record the signal and print the notice, so a signal is never lost whichever
/// thread receives it, even during start-up; a timer copies the record into `flag` every 20 ms. A second Ctrl-C stops at
/// once; a repeated SIGTERM/SIGUSR1 (a scheduler's) must not cut the checkpoint or the files short.
final class InterruptHandler {
    let flag = InterruptFlag()
    private let poll: DispatchSourceTimer

    /// - Parameter checkpointing: whether a stop writes a checkpoint (said in the message).
    init(checkpointing: Bool = false) {
        let what = checkpointing ? "finishing current draws, writing the checkpoint" : "finishing current draws and closing files"
        // SIGUSR1 is what SLURM sends ahead of a job's time limit (--signal=USR1@120).
        _ = strata_install_stop_handlers("\nstrata: interrupted; \(what) (Ctrl-C again to abort)\n")
        poll = DispatchSource.makeTimerSource(queue: .global())
        poll.schedule(deadline: .now(), repeating: .milliseconds(20))
        poll.setEventHandler { [flag] in
            if strata_stop_signal() != 0 && !flag.isRequested { flag.request() }
        }
        poll.resume()
    }

    deinit { poll.cancel() }
}
