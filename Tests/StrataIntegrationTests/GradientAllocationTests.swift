// No heap allocation per log density or gradient on a representative set of the shared programs and posteriors,
// counted by the malloc interposer linked into the test binary (CStrataAllocationCounter; counts are exact).
import CStrataAllocationCounter
import XCTest
import Strata
import StrataTestSupport

final class GradientAllocationTests: XCTestCase {
    private var kept: UnsafeMutableRawPointer?
    /// (program, data) under ../shared: scalar, vectorised, indexed, looped, simplex and ordered programs.
    private let programs = [
        ("models/eight_schools_noncentered.stan", "data/eight_schools.json"),
        ("models/decay.stan", "data/decay_days_1000.json"),
        ("models/decay_seed.stan", "data/decay_days_1000.json"),
        ("models/decay_t0_unknown.stan", "data/decay_t0u_days_1000.json"),
        ("models/radon_noncentered.stan", "data/radon_85.json"),
        ("posteriordb/hmm_example-hmm_example/model.stan", "posteriordb/hmm_example-hmm_example/data.json"),
        ("posteriordb/arK-arK/model.stan", "posteriordb/arK-arK/data.json"),
        ("posteriordb/gp_pois_regr-gp_pois_regr/model.stan", "posteriordb/gp_pois_regr-gp_pois_regr/data.json"),
        ("posteriordb/radon_mn-radon_variable_intercept_slope_noncentered/model.stan",
         "posteriordb/radon_mn-radon_variable_intercept_slope_noncentered/data.json"),
    ]

    /// Allocations over `calls` calls after a warm-up call: the fewest of three rounds (another thread of the
    /// test process may allocate meanwhile; the evaluator's own count is the same every round).
    private func allocations(calls: Int = 5, _ body: () throws -> Void) rethrows -> Int {
        try body()
        var fewest = Int.max
        for _ in 0..<3 {
            let before = strata_malloc_count()
            for _ in 0..<calls { try body() }
            fewest = min(fewest, strata_malloc_count() - before)
        }
        return fewest
    }

    func testTheCounterSeesSwiftAndCAllocations() {
        XCTAssertGreaterThanOrEqual(allocations { _ = [Double](repeating: 1, count: 100 + Int(strata_malloc_count() % 2)) }, 5)
        // Each block escapes into a property before it is freed, so that the compiler cannot drop the pair.
        func escape(_ p: UnsafeMutableRawPointer?) { kept = p; XCTAssertNotNil(kept); free(kept) }
        XCTAssertEqual(allocations { escape(calloc(8, 8)); escape(realloc(nil, 64)) }, 10)
        XCTAssertEqual(allocations {
            var p: UnsafeMutableRawPointer?
            XCTAssertEqual(posix_memalign(&p, 64, 256), 0)
            escape(p)
        }, 5)
    }

    func testSharedProgramsDoNotAllocatePerGradient() throws {
        for (program, data) in programs {
            let model = try StanModel.compile(path: SharedFiles.url(program).path,
                                              data: try DataSet(contentsOf: SharedFiles.url(data))).model
            let evaluator = model.makeEvaluator()
            var rng = ChainRNG(seed: 3, chain: 0)
            let x = (0..<model.dimension).map { _ in rng.uniform(-1, 1) }
            var gradient = [Double](repeating: 0, count: x.count)
            XCTAssertTrue(try evaluator.logDensityAndGradient(at: x, gradient: &gradient).isFinite, program)
            XCTAssertEqual(try allocations { _ = try evaluator.logDensity(at: x) }, 0, "\(program): log density")
            XCTAssertEqual(try allocations { _ = try evaluator.logDensityAndGradient(at: x, gradient: &gradient) }, 0,
                           "\(program): gradient")
        }
    }

    /// With two threads per chain, the split steps run on the evaluator's own worker team: no allocation per
    /// gradient either (the widget model at 10,000 widgets, which splits its likelihood into blocks), and the
    /// result is the single-thread evaluator's, bit for bit.
    func testTwoThreadsPerChainDoNotAllocatePerGradient() throws {
        let compiled = try StanModel.compile(path: SharedFiles.url("models/decay.stan").path,
                                             data: try DataSet(contentsOf: SharedFiles.url("data/decay_days_10000.json")))
        let threaded = compiled.model.withThreadsPerChain(2).makeEvaluator()
        XCTAssertGreaterThan(compiled.model.withThreadsPerChain(2).makeGraphEvaluator().blockedStepCount, 0, "no step split: the test would not use the team")
        var rng = ChainRNG(seed: 5, chain: 0)
        let x = (0..<compiled.model.dimension).map { _ in rng.uniform(-1, 1) }
        var gradient = [Double](repeating: 0, count: x.count), single = gradient
        let lp = try threaded.logDensityAndGradient(at: x, gradient: &gradient)
        XCTAssertEqual(lp, try compiled.model.withThreadsPerChain(1).makeEvaluator().logDensityAndGradient(at: x, gradient: &single))
        XCTAssertEqual(gradient, single)
        XCTAssertEqual(try allocations(calls: 20) { _ = try threaded.logDensityAndGradient(at: x, gradient: &gradient) }, 0)
        XCTAssertEqual(try allocations(calls: 20) { _ = try threaded.logDensity(at: x) }, 0)
    }

    /// The widget model with N_initial integrated out, its slope computed in the marginal node: no allocation per
    /// gradient or log density with one thread or two (the node's steps split into blocks).
    func testMarginalisedWidgetModelDoesNotAllocatePerGradient() throws {
        let model = try StanModel.compile(path: SharedFiles.url("models/decay.stan").path,
                                          data: try DataSet(contentsOf: SharedFiles.url("data/decay_days_10000.json")),
                                          marginalise: true).model
        for threads in [nil, 2] as [Int?] {
            let graphEvaluator = model.withThreadsPerChain(threads).makeGraphEvaluator()
            XCTAssertEqual(graphEvaluator.fusedInputCount, 1, "the slope is not computed in the node")
            if threads != nil { XCTAssertGreaterThan(graphEvaluator.blockedStepCount, 0, "no step split") }
            let evaluator = model.withThreadsPerChain(threads).makeEvaluator()
            let x = [-3.2]
            var gradient = [0.0]
            XCTAssertTrue(try evaluator.logDensityAndGradient(at: x, gradient: &gradient).isFinite)
            let label = "threads \(String(describing: threads))"
            XCTAssertEqual(try allocations(calls: 20) { _ = try evaluator.logDensityAndGradient(at: x, gradient: &gradient) }, 0, label)
            XCTAssertEqual(try allocations(calls: 20) { _ = try evaluator.logDensity(at: x) }, 0, label)
        }
    }

    /// The quick support check of a transformed parameter's structure lets valid values through without
    /// allocating and still rejects an invalid block, naming it.
    func testStructureChecksStillRejectInvalidValues() throws {
        let source = """
        parameters { real a; }
        transformed parameters {
          array[2] ordered[2] o;
          simplex[2] s = [0.25, 0.75]';
          o[1] = [a, a + 1]';
          o[2] = [0, a]';
        }
        model { a ~ normal(0, 1); }
        """
        let model = try StanModel.compile(source: source, fileName: "checks.stan", data: nil).model
        let evaluator = model.makeEvaluator()
        var gradient = [0.0]
        XCTAssertEqual(try allocations { _ = try evaluator.logDensityAndGradient(at: [0.5], gradient: &gradient) }, 0)
        XCTAssertThrowsError(try evaluator.logDensityAndGradient(at: [-0.5], gradient: &gradient)) { error in
            XCTAssertTrue("\(error)".contains("o[2]") && "\(error)".contains("ordered"), "\(error)")
        }
    }
}
