// strata profile / profile blocks: statement attribution, profile.csv round trip, draws unchanged by profile blocks.
import Foundation
import XCTest
import Strata
import StrataTestSupport

final class ProfilingTests: XCTestCase {
    /// Two statements doing the same work on 3000 and 1000 elements, plus a parameter transform.
    private let synthetic = """
    data {
      int N;
      vector[3 * N] y;
      vector[N] z;
    }
    parameters {
      real mu;
      real<lower=0> sigma;
    }
    model {
      y ~ normal(mu, sigma);
      z ~ normal(mu, sigma);
      mu ~ normal(0, 10);
    }
    """

    private func syntheticData(n: Int) throws -> DataSet {
        let y = (0..<(3 * n)).map { sin(Double($0)) }, z = (0..<n).map { cos(Double($0)) }
        let json = "{\"N\": \(n), \"y\": [\(y.map { "\($0)" }.joined(separator: ","))], \"z\": [\(z.map { "\($0)" }.joined(separator: ","))]}"
        return try DataSet(json: json)
    }

    func testProfilerAttributesWorkToStatementsInProportionToTheirSize() throws {
        let stan = try StanModel.compile(source: synthetic, fileName: "synthetic.stan", data: try syntheticData(n: 1000))
        let profile = try StatementProfiler.run(stan, source: synthetic, file: "synthetic.stan", at: [0.3, -0.2], evaluations: 3)
        let y = try XCTUnwrap(profile.rows.first { $0.line == 11 }), z = try XCTUnwrap(profile.rows.first { $0.line == 12 })
        XCTAssertEqual(y.location, "synthetic.stan:11")
        XCTAssertEqual(y.block, "model")
        XCTAssertEqual(y.text, "y ~ normal(mu, sigma);")
        // Same operations, three times the elements: the attribution must see exactly that.
        XCTAssertEqual(y.nodes, z.nodes)
        XCTAssertGreaterThan(y.nodes, 0)
        XCTAssertEqual(Double(y.elements - y.nodes) / Double(z.elements - z.nodes), 3, accuracy: 0.01)
        XCTAssertNotNil(profile.rows.first { $0.line == 8 && $0.block == "parameters" }, "sigma's transform is attributed")
        XCTAssertEqual(profile.rows.map(\.share).reduce(0, +), 1, accuracy: 1e-9)
        XCTAssertEqual(profile.evaluations, 3)
        // Every operation of the graph is tagged with a statement or declaration.
        XCTAssertEqual(stan.model.graph.operationTags.count, stan.model.graph.operations.count)
        let untagged = profile.rows.first { $0.line == 0 }?.nodes ?? 0
        XCTAssertLessThanOrEqual(untagged, 2, "only the final target sums are outside statements")
    }

    func testTaggingRecordsStatementsInsideVectorisedLoops() throws {
        let stan = try StanModel.compile(path: SharedFiles.url("models/decay_seed.stan").path,
                                         data: try DataSet(contentsOf: SharedFiles.url("data/decay_days.json")))
        let lines = Set(stan.model.graph.operationTags.filter { $0 >= 0 }.map { stan.sources[Int($0)].line })
        XCTAssertTrue(lines.contains(21), "the ~ statement in the loop body (line 21) owns operations: \(lines.sorted())")
    }

    func testProfileCSVRoundTrips() throws {
        let records = [
            ProfileRecord(name: "likelihood", threadID: 0, totalTime: 0.125, forwardTime: 0.1, reverseTime: 0.025,
                          chainStack: 3000, noChainStack: 0, autodiffCalls: 1000, noAutodiffCalls: 12),
            ProfileRecord(name: "prior, \"weak\"", threadID: 1, totalTime: 1e-5, forwardTime: 6e-6, reverseTime: 4e-6,
                          chainStack: 2, noChainStack: 0, autodiffCalls: 1, noAutodiffCalls: 0),
        ]
        let text = ProfileCSV.text(records)
        XCTAssertTrue(text.hasPrefix("name,thread_id,total_time,forward_time,reverse_time,chain_stack,no_chain_stack,autodiff_calls,no_autodiff_calls\n"))
        XCTAssertEqual(try ProfileCSV.parse(text), records)
        XCTAssertThrowsError(try ProfileCSV.parse("name,thread\nx,1\n"))
        XCTAssertThrowsError(try ProfileCSV.parse(ProfileCSV.header + "\nx,1,a,0,0,0,0,0,0\n")) { error in
            XCTAssertTrue("\(error)".contains(":2"), "\(error)")
        }
    }

    private let withProfiles = """
    data { int N; vector[N] y; }
    parameters { real mu; real<lower=0> sigma; }
    model {
      profile("priors") {
        mu ~ normal(0, 10);
        sigma ~ exponential(1);
      }
      profile("likelihood") {
        y ~ normal(mu, sigma);
      }
    }
    generated quantities {
      real shifted;
      profile("derived") { shifted = mu + 1; }
    }
    """

    private func sample(_ source: String, output: URL?) throws -> (SampleOutcome, GraphModel) {
        let data = try DataSet(json: "{\"N\": 5, \"y\": [1.2, 0.4, 2.5, 1.1, 0.9]}")
        let model = try StanModel.compile(source: source, fileName: "profiled.stan", data: data).model
        var config = SamplerConfiguration()
        config.chains = 2; config.warmup = 150; config.samples = 100; config.seed = 7
        let options = output.map { SampleOutputOptions(directory: $0, modelName: "profiled") }
        let outcome = try SampleService.run(model: model, configuration: config, output: options)
        return (outcome, model)
    }

    func testProfileBlocksLeaveDrawsBitIdenticalAndWriteCmdStanProfileCSV() throws {
        let plain = withProfiles.replacingOccurrences(of: "profile(\"priors\") ", with: "")
            .replacingOccurrences(of: "profile(\"likelihood\") ", with: "")
            .replacingOccurrences(of: "profile(\"derived\") ", with: "")
        XCTAssertFalse(plain.contains("profile("))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-profile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (profiled, model) = try sample(withProfiles, output: dir)
        let (reference, plainModel) = try sample(plain, output: nil)
        XCTAssertNil(plainModel.profileSections, "no profile blocks, no timing")
        XCTAssertEqual(profiled.names, reference.names)
        for j in profiled.names.indices {
            XCTAssertEqual(profiled.draws(ofOutput: j), reference.draws(ofOutput: j), "output \(profiled.names[j])")
        }
        let url = try XCTUnwrap(try ProfileReport.write(model: model, directory: dir))
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(text.split(separator: "\n").first.map(String.init), ProfileCSV.header)
        let records = try ProfileCSV.read(url)
        XCTAssertEqual(Set(records.map(\.name)), ["priors", "likelihood", "derived"])
        for r in records {
            XCTAssertEqual(r.totalTime, r.forwardTime + r.reverseTime, accuracy: 1e-12)
            XCTAssertGreaterThan(r.autodiffCalls + r.noAutodiffCalls, 0)
        }
        let likelihood = records.filter { $0.name == "likelihood" }
        XCTAssertGreaterThan(likelihood.map(\.autodiffCalls).reduce(0, +), 2 * 250, "every gradient of both chains counted")
        XCTAssertTrue(likelihood.allSatisfy { $0.forwardTime > 0 && $0.chainStack > 0 })
    }
}

final class ProfilingShareTests: XCTestCase {
    /// Transformed parameters count as model work; a generated quantity and the transform count as outside.
    func testOutsideShareCountsTransformsAndGeneratedQuantitiesOnly() throws {
        let source = """
        data { int N; vector[N] y; }
        parameters { real mu; real<lower=0> sigma; }
        transformed parameters { real shifted = mu + 1; }
        model { y ~ normal(shifted, sigma); }
        generated quantities { real doubled = 2 * mu; }
        """
        let data = try DataSet(json: "{\"N\": 3, \"y\": [1, 2, 3]}")
        let stan = try StanModel.compile(source: source, fileName: "tp.stan", data: data)
        let blocks = Dictionary(grouping: stan.sources, by: \.block).mapValues { $0.map(\.isModelStatement) }
        XCTAssertEqual(blocks["transformed parameters"], [true])
        XCTAssertEqual(blocks["model"], [true])
        XCTAssertEqual(blocks["generated quantities"], [false])
        XCTAssertEqual(Set(blocks["parameters"] ?? []), [false])
        let profile = try StatementProfiler.run(stan, source: source, file: "tp.stan", at: [0.1, 0.2], evaluations: 2)
        let outside = profile.rows.filter { $0.block != "model" && $0.block != "transformed parameters" }.map(\.share).reduce(0, +)
        XCTAssertEqual(profile.outsideModelShare, outside, accuracy: 1e-12)
    }
}
