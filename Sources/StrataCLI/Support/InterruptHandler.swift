// Turns SIGINT/SIGTERM into a cooperative stop so chains finish their draw and CSVs stay valid.
import Dispatch
import Foundation
import Strata

/// Installs signal handlers that request `flag` instead of killing the process.
final class InterruptHandler {
    let flag = InterruptFlag()
    private var sources: [DispatchSourceSignal] = []

    init() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [flag] in
                if flag.isRequested { exit(130) }   // a second Ctrl-C stops at once
                FileHandle.standardError.write("\nstrata: interrupted; finishing current draws and closing files (Ctrl-C again to abort)\n".data(using: .utf8)!)
                flag.request()
            }
            source.resume()
            sources.append(source)
        }
    }
}
