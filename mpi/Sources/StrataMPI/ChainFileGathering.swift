// Moves the chain CSVs of every rank to the lead's output folder, in rank order, streaming them in chunks.
import Foundation
import StrataCLI

extension Communicator {
    /// A non-lead rank: sends its files (count, then name and contents of each) to rank 0.
    /// - Throws: when a file cannot be read; the count is sent first, so the lead is never left waiting.
    func sendFiles(_ files: [URL]) throws {
        let readable = files.filter { FileManager.default.isReadableFile(atPath: $0.path) }
        send(Int64(readable.count), to: 0)
        for url in readable {
            send(Data(url.lastPathComponent.utf8), to: 0)
            send(try Data(contentsOf: url, options: .alwaysMapped), to: 0)
        }
        if readable.count < files.count {
            let missing = files.filter { !readable.contains($0) }.map(\.path).joined(separator: ", ")
            throw CommandFailure(status: 74, message: "Error: cannot read the chain file(s) \(missing)\n")
        }
    }

    /// The lead: receives every other rank's files (rank 1 first) into `directory`, each written under a
    /// `.partial` name and renamed when complete, as `strata sample` does. Receives everything even after a
    /// write error (so that no rank waits forever), then reports the first error.
    /// - Returns: the files written, in rank order.
    func receiveFiles(into directory: URL) throws -> [URL] {
        var written: [URL] = []
        var firstError: Error?
        for source in 1..<size {
            let count = Int(receiveInteger(from: source))
            for _ in 0..<count {
                let name = String(decoding: receive(from: source), as: UTF8.self)
                let url = directory.appendingPathComponent(URL(fileURLWithPath: name).lastPathComponent)
                let partial = URL(fileURLWithPath: url.path + ".partial")
                var handle: FileHandle?
                if firstError == nil {
                    do {
                        try? FileManager.default.removeItem(at: url)
                        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
                            throw CommandFailure(status: 73, message: "Error: \(partial.path): cannot create the file\n")
                        }
                        handle = try FileHandle(forWritingTo: partial)
                    } catch { firstError = error }
                }
                receive(from: source) { chunk in
                    guard let h = handle else { return }
                    do { try h.write(contentsOf: chunk) } catch { firstError = firstError ?? error; handle = nil }
                }
                guard let handle, firstError == nil else { continue }
                do {
                    try handle.close()
                    try FileManager.default.moveItem(at: partial, to: url)
                    written.append(url)
                } catch { firstError = error }
            }
        }
        if let firstError { throw firstError }
        return written
    }
}

extension CommandFailure: Error {}
