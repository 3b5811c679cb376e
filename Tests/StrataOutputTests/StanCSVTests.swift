// Tests of the Stan CSV writer and reader: exact round trip, interrupted files, hand-written CmdStan output.
import Foundation
import StrataOutput
import XCTest

final class StanCSVTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Awkward doubles: subnormal, huge, negative zero, values needing 17 digits.
    private func value(_ i: Int, _ j: Int) -> Double {
        let specials: [Double] = [0.1, 1.0 / 3.0, -2.5e-308, 1.7976931348623157e308, -0.0, .leastNonzeroMagnitude, 123456789.123456789, 1e15, 3]
        return i % 5 == 0 ? specials[(i + j) % specials.count] : sin(Double(i * 31 + j)) * pow(10, Double(j % 7 - 3))
    }

    func testWriteThenReadIsExact() throws {
        let url = directory.appendingPathComponent("chain_1.csv")
        var header = StanCSVHeader(modelName: "decay_model")
        header.seed = 4711
        header.chainID = 2
        header.numSamples = 200
        header.startDate = Date(timeIntervalSince1970: 1_704_888_000)  // 2024-01-10 12:00:00 UTC
        let names = ["alpha", "N_initial.1", "N_initial.2", "Sigma.1.2"]
        let writer = try StanCSVWriter(url: url, header: header, parameterNames: names)
        let metric = AdaptedMetric.diagonal([0.1, 1.0 / 3.0, 2.5e-7, 12])
        try writer.writeAdaptation(AdaptationInfo(stepSize: 0.0123456789012345, inverseMetric: metric))
        var expected: [[Double]] = []
        for i in 0..<200 {
            let stats = SamplerDrawStats(logDensity: -value(i, 1) * 100, acceptStat: abs(value(i, 2)).truncatingRemainder(dividingBy: 1),
                                         stepSize: 0.0123456789012345, treeDepth: i % 6, leapfrogSteps: (1 << (i % 6)) - 1,
                                         divergent: i % 17 == 0, energy: value(i, 3))
            let params = (0..<4).map { value(i, $0 + 4) }
            try writer.writeDraw(stats, parameters: params)
            expected.append(stats.columnValues + params)
        }
        try writer.writeTiming(SamplingTiming(warmupSeconds: 1.25, samplingSeconds: 2.5))
        try writer.close()
        XCTAssertThrowsError(try writer.writeRow([Double](repeating: 0, count: 11)))

        let text = try String(contentsOf: url, encoding: .utf8)
        for line in ["# stan_version_major = 2", "# model = decay_model", "# start_datetime = 2024-01-10 12:00:00 UTC",
                     "# method = sample (Default)", "#   sample", "#     num_samples = 200", "#     num_warmup = 1000 (Default)",
                     "#     adapt", "#       delta = 0.8 (Default)", "#             max_depth = 10 (Default)",
                     "#         metric = diag_e (Default)", "# id = 2", "#   seed = 4711",
                     "lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,alpha,N_initial.1,N_initial.2,Sigma.1.2",
                     "# Adaptation terminated", "# Step size = 0.0123456789012345",
                     "# Diagonal elements of inverse mass matrix:", "# 0.1, 0.3333333333333333, 2.5e-07, 12",
                     "#  Elapsed Time: 1.25 seconds (Warm-up)", "#                2.5 seconds (Sampling)",
                     "#                3.75 seconds (Total)"] {
            XCTAssertTrue(text.contains("\n" + line + "\n") || text.hasPrefix(line + "\n"), "missing line: \(line)")
        }
        let file = try StanCSVFile(contentsOf: url)
        XCTAssertEqual(file.columnNames, SamplerDrawStats.columnNames + names)
        XCTAssertEqual(file.drawCount, 200)
        for (j, column) in file.columns.enumerated() {
            for (i, x) in column.enumerated() {
                XCTAssertEqual(x.bitPattern, expected[i][j].bitPattern, "row \(i) column \(j): \(x) vs \(expected[i][j])")
            }
        }
        XCTAssertEqual(file.adaptation, AdaptationInfo(stepSize: 0.0123456789012345, inverseMetric: metric))
        XCTAssertEqual(file.timing, SamplingTiming(warmupSeconds: 1.25, samplingSeconds: 2.5))
        XCTAssertEqual(file.configurationValue("seed"), "4711")
        XCTAssertEqual(file.configurationValue("random.seed"), "4711")
        XCTAssertEqual(file.configurationValue("id"), "2")
        XCTAssertEqual(file.configurationValue("num_samples"), "200")
        XCTAssertEqual(file.configurationValue("num_warmup"), "1000")
        XCTAssertEqual(file.configurationValue("model"), "decay_model")
        XCTAssertEqual(file.configurationValue("method.sample.adapt.delta"), "0.8")
        XCTAssertTrue(file.warmupColumns.allSatisfy(\.isEmpty))
        XCTAssertFalse(file.droppedIncompleteLastLine)
    }

    func testDenseMetricAndSignificantDigits() throws {
        let url = directory.appendingPathComponent("dense.csv")
        var header = StanCSVHeader(modelName: "m")
        header.metric = "dense_e"
        header.numberFormat = .significantDigits(6)
        let writer = try StanCSVWriter(url: url, header: header, parameterNames: ["x", "y"])
        let dense = [[1.5, 0.25], [0.25, 2.0]]
        try writer.writeAdaptation(AdaptationInfo(stepSize: 0.5, inverseMetric: .dense(dense)))
        try writer.writeDraw(SamplerDrawStats(logDensity: -1.23456789, acceptStat: 0.9, stepSize: 0.5, treeDepth: 2,
                                              leapfrogSteps: 3, divergent: false, energy: 2), parameters: [1.0 / 3.0, 12345678])
        try writer.close()
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(text.contains("\n-1.23457,0.9,0.5,2,3,0,2,0.333333,1.23457e+07\n"), text)
        XCTAssertTrue(text.contains("#     sig_figs = 6\n") || text.contains("  sig_figs = 6\n"), text)
        let file = try StanCSVFile(contentsOf: url)
        XCTAssertEqual(file.adaptation?.inverseMetric, .dense(dense))
        XCTAssertEqual(file.column(named: "x"), [0.333333])
    }

    /// Rows written before an interruption are complete lines and read back, even without close().
    func testInterruptedWriterLeavesReadableFile() throws {
        let url = directory.appendingPathComponent("interrupted.csv")
        var writer: StanCSVWriter? = try StanCSVWriter(url: url, header: StanCSVHeader(modelName: "m"), parameterNames: ["theta"])
        try writer!.writeAdaptation(AdaptationInfo(stepSize: 0.8, inverseMetric: .diagonal([1.1])))
        for k in 0..<7 {
            try writer!.writeDraw(SamplerDrawStats(logDensity: Double(-k), acceptStat: 0.5, stepSize: 0.8, treeDepth: 1,
                                                   leapfrogSteps: 1, divergent: false, energy: 1), parameters: [Double(k) + 0.5])
        }
        let file = try StanCSVFile(contentsOf: url)  // writer still open: nothing closed or flushed explicitly
        XCTAssertEqual(file.drawCount, 7)
        XCTAssertEqual(file.column(named: "theta"), (0..<7).map { Double($0) + 0.5 })
        XCTAssertNil(file.timing)
        withExtendedLifetime(writer) {}
        writer = nil
    }

    /// With buffering, the file holds only the flushed rows, all complete; close() writes the rest.
    func testBufferedWriterFlushesWholeRows() throws {
        let url = directory.appendingPathComponent("buffered.csv")
        let writer = try StanCSVWriter(url: url, header: StanCSVHeader(modelName: "m"), parameterNames: ["a"], flushEvery: 4)
        for k in 0..<10 { try writer.writeRow([Double](repeating: Double(k), count: 8)) }
        XCTAssertEqual(try StanCSVFile(contentsOf: url).drawCount, 8)
        try writer.close()
        XCTAssertEqual(try StanCSVFile(contentsOf: url).drawCount, 10)
        XCTAssertThrowsError(try writer.writeRow([1]))
    }

    func testWrongRowLength() throws {
        let url = directory.appendingPathComponent("short.csv")
        let writer = try StanCSVWriter(url: url, header: StanCSVHeader(modelName: "m"), parameterNames: ["a", "b"])
        XCTAssertThrowsError(try writer.writeDraw(SamplerDrawStats(logDensity: 0, acceptStat: 0, stepSize: 1, treeDepth: 0,
                                                                   leapfrogSteps: 0, divergent: false, energy: 0), parameters: [1])) { error in
            XCTAssertEqual("\(error)", "short.csv: draw row has 8 values but the header has 9 columns")
        }
    }

    /// A file in CmdStan's exact layout (2.33, save_warmup = 1, diag_e), written by hand.
    func testReadsCmdStanOutput() throws {
        let text = """
        # stan_version_major = 2
        # stan_version_minor = 33
        # stan_version_patch = 1
        # model = bernoulli_model
        # start_datetime = 2024-01-10 12:00:00 UTC
        # method = sample (Default)
        #   sample
        #     num_samples = 3
        #     num_warmup = 2
        #     save_warmup = 1
        #     thin = 1 (Default)
        #     adapt
        #       engaged = 1 (Default)
        #       gamma = 0.05 (Default)
        #       delta = 0.8 (Default)
        #     algorithm = hmc (Default)
        #       hmc
        #         engine = nuts (Default)
        #           nuts
        #             max_depth = 10 (Default)
        #         metric = diag_e (Default)
        # id = 1 (Default)
        # data
        #   file = bernoulli.data.json
        # init = 2 (Default)
        # random
        #   seed = 1234
        # output
        #   file = output.csv (Default)
        lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,theta
        -7.1,0.5,2,1,1,0,7.5,0.1
        -6.9,1,0.9,2,3,0,7.0,0.2
        # Adaptation terminated
        # Step size = 0.932037
        # Diagonal elements of inverse mass matrix:
        # 0.502951
        -6.78,0.94,0.932037,1,3,0,6.89,0.25
        -6.75,1,0.932037,2,3,0,6.77,0.27
        -7.01,0.85,0.932037,1,3,0,7.3,0.16
        # \r
        #  Elapsed Time: 0.005 seconds (Warm-up)
        #                0.013 seconds (Sampling)
        #                0.018 seconds (Total)
        # 

        """
        let file = try StanCSVFile(text: text, fileName: "output.csv")
        XCTAssertEqual(file.columnNames.last, "theta")
        XCTAssertEqual(file.column(named: "theta"), [0.25, 0.27, 0.16])
        XCTAssertEqual(file.warmupColumns[7], [0.1, 0.2])
        XCTAssertEqual(file.column(named: "lp__"), [-6.78, -6.75, -7.01])
        XCTAssertEqual(file.adaptation, AdaptationInfo(stepSize: 0.932037, inverseMetric: .diagonal([0.502951])))
        XCTAssertEqual(file.timing, SamplingTiming(warmupSeconds: 0.005, samplingSeconds: 0.013))
        XCTAssertEqual(file.configurationValue("data.file"), "bernoulli.data.json")
        XCTAssertEqual(file.configurationValue("output.file"), "output.csv")
        XCTAssertEqual(file.configurationValue("metric"), "diag_e")
        XCTAssertEqual(file.configurationValue("stan_version_minor"), "33")
    }

    func testTruncatedLastLineIsDroppedAndBadLinesReported() throws {
        let header = "lp__,theta\n"
        let truncated = try StanCSVFile(text: header + "-1,0.5\n-2,0.", fileName: "t.csv")
        XCTAssertEqual(truncated.column(named: "theta"), [0.5, 0.0], "'0.' is a complete number")
        let cut = try StanCSVFile(text: header + "-1,0.5\n-2", fileName: "t.csv")
        XCTAssertEqual(cut.drawCount, 1)
        XCTAssertTrue(cut.droppedIncompleteLastLine)
        XCTAssertThrowsError(try StanCSVFile(text: "# c\n" + header + "-1,0.5\n-2\n-3,1\n", fileName: "t.csv")) { error in
            XCTAssertEqual("\(error)", "t.csv:4: expected 2 values, found 1")
        }
        XCTAssertThrowsError(try StanCSVFile(text: header + "-1,abc\n", fileName: "t.csv")) { error in
            XCTAssertEqual("\(error)", "t.csv:2: cannot parse 'abc' as a number (column 'theta')")
        }
        XCTAssertThrowsError(try StanCSVFile(text: "# only comments\n", fileName: "t.csv")) { error in
            XCTAssertEqual("\(error)", "t.csv:2: no column header line found")
        }
    }

    /// CmdStan-style decimal text in CSV rows converts exactly as `Double(String)` does.
    func testReaderNumberParsingMatchesStandardLibrary() throws {
        let texts = DataSetTests.randomDecimalStrings(count: 6000).map { Bool.random() ? "-" + $0 : $0 }
            + ["nan", "inf", "-inf", "1e-05", ".5", "5.", "+2E+3", " 7 "]
        try assertReadAsStandardLibraryParses(texts)
    }

    /// Reads `texts` as the fields of a two-column CSV and checks each value bit for bit against `Double(String)`.
    private func assertReadAsStandardLibraryParses(_ texts: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let rows = stride(from: 0, to: texts.count - 1, by: 2).map { texts[$0] + "," + texts[$0 + 1] }
        let csv = try StanCSVFile(text: "a,b\n" + rows.joined(separator: "\n") + "\n")
        for (k, text) in texts.prefix(2 * rows.count).enumerated() {
            let value = csv.columns[k % 2][k / 2]
            let expected = try XCTUnwrap(Double(text.trimmingCharacters(in: .whitespaces)), text, file: file, line: line)
            XCTAssertEqual(value.bitPattern, expected.bitPattern, "\(text): \(value) vs \(expected)", file: file, line: line)
        }
    }

    /// Shortest round-trip and fixed-width renderings of doubles of every magnitude (what Strata, CmdStan and
    /// numpy write) read back bit for bit: the one-pass field reader, eight digits at a time, Clinger's fast
    /// path and the 128-bit path all agree with `Double(String)`.
    func testReaderReadsPrintedDoublesExactly() throws {
        var generator = SystemRandomNumberGenerator()
        var texts: [String] = []
        for _ in 0..<4000 {
            let x = Double(sign: Bool.random(using: &generator) ? .minus : .plus,
                           exponent: Int.random(in: -80...80, using: &generator),
                           significand: Double.random(in: 1..<2, using: &generator))
            texts += ["\(x)", String(format: "%.17g", x), String(format: "%.6g", x), String(format: "%.12f", x)]
        }
        texts += ["12345678", "123456789", "0.12345678", "1234567890123456789", "0.1234567890123456789",
                  "  -1.5 ", "+.5e+3", "5.", "000000000000000000001.5", "9007199254740993", "1e22", "1e23", "-0"]
        try assertReadAsStandardLibraryParses(texts)
    }

    /// A file read in chunks of any size (lines cut anywhere, a line longer than a chunk) reads as the whole
    /// text does: configuration, adaptation, draws, timing, a BOM, CRLF line ends, an incomplete last line.
    func testChunkedReadingEqualsWholeText() throws {
        let wide = (1...300).map { "x.\($0)" }.joined(separator: ",")
        var text = "\u{FEFF}# model = m\r\n# method = sample (Default)\n#   sample\n#     num_samples = 3\nlp__," + wide + "\n"
        text += "# Adaptation terminated\n# Step size = 0.5\n# Diagonal elements of inverse mass matrix:\n# 1, 2\n"
        for r in 0..<3 { text += "\(-r)," + (1...300).map { "\(Double($0) / 7 + Double(r))" }.joined(separator: ",") + "\r\n" }
        text += "\n# Elapsed Time: 1.5 seconds (Warm-up)\n#   2.5 seconds (Sampling)\n-9,1.5"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chunked-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let whole = try StanCSVFile(text: text, fileName: url.lastPathComponent)
        XCTAssertEqual(whole.drawCount, 3)
        XCTAssertTrue(whole.droppedIncompleteLastLine)
        XCTAssertEqual(whole.configurationValue("num_samples"), "3")
        for chunk in [1, 2, 7, 64, 1000, 4096, 1 << 25] {
            let read = try StanCSVFile(contentsOf: url, chunkBytes: chunk)
            XCTAssertEqual(read.columnNames, whole.columnNames, "chunk \(chunk)")
            XCTAssertEqual(read.columns, whole.columns, "chunk \(chunk)")
            XCTAssertEqual(read.configuration.map { "\($0.key)=\($0.value)" }, whole.configuration.map { "\($0.key)=\($0.value)" })
            XCTAssertEqual(read.adaptation, whole.adaptation, "chunk \(chunk)")
            XCTAssertEqual(read.timing, whole.timing, "chunk \(chunk)")
            XCTAssertEqual(read.droppedIncompleteLastLine, whole.droppedIncompleteLastLine, "chunk \(chunk)")
        }
    }

    /// A field that only starts like a number is an error naming the field and its column.
    func testFieldsThatAreNotNumbersAreNamed() {
        for field in ["1e", "1e+", "1.2.3", "--1", "1 2", "12345678901234567890123x", "", "1,5"] {
            let text = "a,b\n0.5," + field + "\n"
            XCTAssertThrowsError(try StanCSVFile(text: text, fileName: "t.csv"), field) { error in
                let expected = field == "1,5" ? "t.csv:2: expected 2 values, found 3"
                    : "t.csv:2: cannot parse '\(field)' as a number (column 'b')"
                XCTAssertEqual("\(error)", expected)
            }
        }
    }

    /// Without an adaptation block (adapt engaged = 0), saved warmup rows are split off by the
    /// num_warmup / thin settings in the header.
    func testSavedWarmupWithoutAdaptation() throws {
        let text = """
        # method = sample (Default)
        #   sample
        #     num_samples = 2
        #     num_warmup = 3
        #     save_warmup = 1
        #     thin = 2
        lp__,x
        1,10
        2,20
        3,30
        4,40

        """
        let file = try StanCSVFile(text: text)
        XCTAssertEqual(file.warmupColumns[1], [10, 20])
        XCTAssertEqual(file.column(named: "x"), [30, 40])
        XCTAssertNil(file.adaptation)
    }

    func testColumnNamesFollowStanOrder() {
        XCTAssertEqual(StanColumnNames.names(for: "alpha", shape: []), ["alpha"])
        XCTAssertEqual(StanColumnNames.names(for: "N_initial", shape: [3]), ["N_initial.1", "N_initial.2", "N_initial.3"])
        XCTAssertEqual(StanColumnNames.names(for: "m", shape: [2, 3]), ["m.1.1", "m.2.1", "m.1.2", "m.2.2", "m.1.3", "m.2.3"])
        XCTAssertEqual(StanColumnNames.names(for: "z", shape: [2, 0]), [])
        XCTAssertEqual(StanColumnNames.names(for: [("mu", []), ("theta", [2])]), ["mu", "theta.1", "theta.2"])
    }

    func testNumberFormat() {
        let full = CSVNumberFormat.fullPrecision
        XCTAssertEqual(full.format(3), "3")
        XCTAssertEqual(full.format(-0.0), "-0")
        XCTAssertEqual(full.format(0.1), "0.1")
        XCTAssertEqual(full.format(1e-5), "1e-05")
        XCTAssertEqual(full.format(.nan), "nan")
        XCTAssertEqual(full.format(-.infinity), "-inf")
        XCTAssertEqual(CSVNumberFormat.significantDigits(3).format(3.14159), "3.14")
    }
}
