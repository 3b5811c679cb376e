// Bounded fuzzing of the binary: mutated shared Stan programs and data files never crash or hang, exit with a
// documented code, and name the file, variable or option at fault.
import Foundation
import StrataCore
import StrataTestSupport
import XCTest

final class CLIFuzzTests: XCTestCase {
    /// The documented exit codes (README, `strata --help`).
    static let documentedCodes: Set<Int32> = [0, 64, 65, 66, 69, 70, 73, 75, 130]

    private static let fragments = [
        "[", "]", "(", ")", ";", "{", "}", "<lower=0>", "<upper=-1>", "+", "*", "-", "1e400", "-1", "0", "int ",
        "real ", "target += ", ",", "99999999999", "N", "x[0]", "/* ", "~ normal(0, -1);", "\"", "vector[-3] v;",
        "print(\"p\");", "reject(\"r\");", "&&", "||", "?", ":", "array[2] ", "'", "1.5", "while (1) { }",
    ]
    private static let dataFragments = ["-1", "0", "1e309", "NaN", "[", "]", "[[", "{", "\"x\"", "2147483648", ",", "null", "1.5"]

    /// Programs with their data from ../shared (posteriordb pairs and the seed's models).
    private func corpus() throws -> [(program: URL, data: URL?)] {
        var pairs: [(URL, URL?)] = []
        let pdb = SharedFiles.url("posteriordb")
        for name in try FileManager.default.contentsOfDirectory(atPath: pdb.path).sorted() {
            let dir = pdb.appendingPathComponent(name)
            let model = dir.appendingPathComponent("model.stan"), data = dir.appendingPathComponent("data.json")
            if FileManager.default.fileExists(atPath: model.path) {
                pairs.append((model, FileManager.default.fileExists(atPath: data.path) ? data : nil))
            }
        }
        let models = SharedFiles.url("models")
        let seeds: [(String, String?)] = [("decay_seed.stan", "decay_days.json"), ("eight_schools_noncentered.stan", "eight_schools.json"),
                                          ("partial_pooling.stan", "partial_pooling.json"), ("radon_noncentered.stan", "radon_85.json")]
        for (m, d) in seeds where FileManager.default.fileExists(atPath: models.appendingPathComponent(m).path) {
            pairs.append((models.appendingPathComponent(m), d.map { SharedFiles.url("data/" + $0) }))
        }
        return pairs
    }

    private func mutate(_ text: String, _ fragments: [String], _ rng: inout ChainRNG) -> String {
        var bytes = Array(text.utf8)
        for _ in 0..<(1 + Int(rng.next() % 2)) {
            guard !bytes.isEmpty else { break }
            let at = Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 8 {
            case 0, 1, 2: bytes.removeSubrange(at..<min(bytes.count, at + 1 + Int(rng.next() % 12)))
            case 3, 4, 5: bytes.insert(contentsOf: Array(fragments[Int(rng.next() % UInt64(fragments.count))].utf8), at: at)
            case 6:
                let end = min(bytes.count, at + 1 + Int(rng.next() % 40))
                bytes.insert(contentsOf: Array(bytes[at..<end]), at: at)
            default: bytes = Array(bytes.prefix(at))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func testMutatedProgramsAndDataNeverCrashHangOrMumble() throws {
        let pairs = try corpus()
        XCTAssertFalse(pairs.isEmpty)
        let dir = try CLIFixtures.scratch(self, "fuzz")
        var rng = ChainRNG(seed: 20261129, chain: 0)
        let started = Date()
        var runs = 0
        var codes: [Int32: Int] = [:]
        while runs < 300 && Date().timeIntervalSince(started) < 40 {
            let (program, data) = pairs[Int(rng.next() % UInt64(pairs.count))]
            let mutateData = data != nil && rng.next() % 3 == 0
            let programText = try String(contentsOf: program, encoding: .utf8)
            let programPath = try CLIFixtures.write(mutateData ? programText : mutate(programText, Self.fragments, &rng),
                                                    to: "fuzz_\(runs).stan", in: dir)
            var arguments = ["check", programPath]
            var dataName: String?
            if let data {
                let text = try String(contentsOf: data, encoding: .utf8)
                dataName = "fuzz_\(runs).json"
                try CLIFixtures.write(mutateData ? mutate(text, Self.dataFragments, &rng) : text, to: dataName!, in: dir)
                arguments += ["--data", dir.appendingPathComponent(dataName!).path]
            }
            if rng.next() % 5 == 0 {
                arguments[0] = "sample"
                arguments += ["--chains", "1", "--warmup", "15", "--samples", "10", "--quiet", "--output", dir.appendingPathComponent("out_\(runs)").path]
            }
            let result = try CLIRunner.run(arguments, in: dir, timeout: 30)
            runs += 1
            codes[result.status, default: 0] += 1
            XCTAssertFalse(result.signaled, "crashed\n" + result.summary)
            XCTAssertTrue(Self.documentedCodes.contains(result.status), "undocumented exit code\n" + result.summary)
            if result.status != 0 {
                let names = ["fuzz_\(runs - 1).stan", dataName, "--"].compactMap { $0 }
                let named = names.contains { result.stderr.contains($0) } || result.stderr.contains("'")
                XCTAssertTrue(named, "the message names no file, variable or option\n" + result.summary)
            }
        }
        print("fuzz: \(runs) runs in \(Int(Date().timeIntervalSince(started))) s, exit codes \(codes.sorted { $0.key < $1.key })")
        XCTAssertGreaterThan(runs, 20)
    }
}
