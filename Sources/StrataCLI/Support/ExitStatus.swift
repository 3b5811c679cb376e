// The documented exit codes of `strata` (sysexits style) and the mapping from errors to them.
import ArgumentParser
import Foundation
import Strata

/// Exit codes of `strata`, following BSD `sysexits.h` where one fits. Listed in `--help` and the README.
enum ExitStatus: Int32, CaseIterable {
    /// Success.
    case success = 0
    /// L-BFGS stopped on an error (the estimate is written but is not a mode), as CmdStan exits 70 there.
    case software = 70
    /// Bad command line: unknown option, missing or malformed value, value out of range.
    case usage = 64
    /// Bad input content: Stan program errors, data or init values that do not fit the program, a model
    /// that cannot be evaluated or sampled, malformed CSV for `summary`.
    case dataError = 65
    /// An input file or folder is missing, is a folder where a file is expected, or cannot be read.
    case noInput = 66
    /// The run needs more memory than the machine has (refused before allocating).
    case unavailable = 69
    /// The output folder or a file in it cannot be created or written.
    case cannotCreate = 73
    /// Another strata run is writing into the same output folder (try again later, or choose another).
    case busy = 75
    /// Stopped by SIGTERM, SIGUSR1 or SIGINT with `--checkpoint`: the checkpoint is written and the CSVs are
    /// kept (as `.partial`) for `--resume`.
    case checkpointed = 85
    /// Interrupted by Ctrl-C (SIGINT), SIGTERM or SIGUSR1 without `--checkpoint`; the CSVs keep every finished draw.
    case interrupted = 130

    /// One line per code for `--help` and the README.
    static var table: String {
        let rows: [(ExitStatus, String)] = [
            (.success, "success"), (.usage, "usage error (bad option or value)"),
            (.dataError, "bad input: Stan program, data, inits, or a model that cannot be sampled"),
            (.noInput, "an input file is missing, is a folder, or cannot be read"),
            (.unavailable, "not enough memory for the run (refused before allocating)"),
            (.software, "internal error, or L-BFGS line search failure (estimate written)"),
            (.cannotCreate, "the output folder or a file in it cannot be created or written"),
            (.busy, "another strata run is writing into the same output folder"),
            (.checkpointed, "stopped by a signal after writing the --checkpoint file; continue with --resume"),
            (.interrupted, "interrupted (SIGINT/SIGTERM/SIGUSR1) without --checkpoint; finished draws are kept"),
        ]
        return rows.map { "  \($0.0.rawValue)  \($0.1)" }.joined(separator: "\n")
    }

    /// The exit code for an error thrown by a command, or nil for ArgumentParser's own errors (help,
    /// parse and validation errors: exit 0 or 64 as ArgumentParser decides).
    static func of(_ error: Error) -> ExitStatus? {
        switch error {
        case let e as CLIError: return e.status
        case let e as DataError:
            if case .unreadable = e { return .noInput }
            return .dataError
        case let e as ModelLoadError:
            switch e.kind {
            case .usage: return .usage
            case .missingInput: return .noInput
            case .invalid: return .dataError
            }
        case let e as OutputFolderError: return e.isBusy ? .busy : .cannotCreate
        case let e as StanCSVError:
            if case .malformed = e { return .dataError }
            return .cannotCreate
        case is InsufficientMemoryError: return .unavailable
        case let e as SummaryInputError: return e.isMissing ? .noInput : .dataError
        case is NetCDFError: return .cannotCreate
        case let e as CheckpointError:
            switch e.kind {
            case .missing: return .noInput
            case .malformed, .mismatch: return .dataError
            case .unwritable: return .cannotCreate
            }
        case let e as SamplerError:
            if case .invalidConfiguration = e { return .usage }
            return .dataError
        case is StanModelError, is LogDensityError, is TransformError, is LBFGSError, is InitialPointError,
             is DiagnosticsError:
            return .dataError
        case let e as CocoaError:
            // Foundation file errors: reading (256-511) or writing (512-1023 and "no such file" on write).
            return (256..<512).contains(e.errorCode) ? .noInput : .cannotCreate
        case is ExitCode, is CleanExit, is ValidationError: return nil
        default:
            // ArgumentParser's parse errors are internal types: let it report them (exit 64).
            let type = String(reflecting: Swift.type(of: error))
            if type.hasPrefix("ArgumentParser.") { return nil }
            return .software
        }
    }
}

/// The text printed for an error: Foundation's file errors become "path: reason" instead of their raw dump.
func describe(_ error: Error) -> String {
    guard let cocoa = error as? CocoaError else { return "\(error)" }
    let path = cocoa.filePath ?? cocoa.url?.path ?? "file"
    let underlying = (cocoa.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { e -> String? in
        e.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(e.code))) : e.localizedDescription
    }
    let reason = underlying ?? cocoa.localizedDescription
    let doing = (256..<512).contains(cocoa.errorCode) ? "cannot read" : "cannot write"
    return "\(path): \(doing) (\(reason))"
}

/// An error with a message and a chosen exit status.
struct CLIError: Error, CustomStringConvertible {
    let status: ExitStatus
    let description: String

    init(_ status: ExitStatus, _ description: String) {
        self.status = status; self.description = description
    }
}

/// Rewrites `--option -3` as `--option=-3` so that negative numbers reach the option's validation
/// ("--chains must be ...") instead of being taken for an unknown flag.
func joiningNegativeOptionValues(_ arguments: [String]) -> [String] {
    var out: [String] = []
    var i = 0
    while i < arguments.count {
        let a = arguments[i]
        if a.hasPrefix("--"), !a.contains("="), i + 1 < arguments.count {
            let next = arguments[i + 1]
            if next.hasPrefix("-"), next.count > 1, Double(next) != nil {
                out.append(a + "=" + next)
                i += 2
                continue
            }
        }
        out.append(a)
        i += 1
    }
    return out
}
