// Tuples lowered onto the graph: constrained tuple parameters against separate ones, data, outputs, unpacking, sampling.
import Strata
import StrataCore
import StrataStanModel
import StrataTestSupport
import XCTest

final class TupleLoweringTests: XCTestCase {
    private func compile(_ source: String, data: String = "{}") throws -> StanModel {
        try StanModel.compile(source: source, fileName: "tuples.stan", data: try DataSet(json: data))
    }

    private let withTuples = """
        data { int N; tuple(array[N] real, real<lower=0>) obs; }
        parameters {
          tuple(real<lower=0>, vector<lower=-1, upper=2>[3], simplex[3]) p;
          array[2] tuple(real<offset=1, multiplier=2>, real<lower=0>) q;
          real mu;
        }
        model {
          p.1 ~ gamma(2, 1);
          p.2 ~ normal(mu, p.1);
          p.3 ~ dirichlet([1, 2, 3]');
          q[1].1 ~ normal(mu, q[1].2);
          q[2].1 ~ normal(mu, q[2].2);
          q[1].2 ~ exponential(1);
          q[2].2 ~ exponential(obs.2);
          obs.1 ~ normal(mu, p.1);
        }
        """

    private let separate = """
        data { int N; array[N] real y; real<lower=0> rate; }
        parameters {
          real<lower=0> a; vector<lower=-1, upper=2>[3] b; simplex[3] c;
          array[2] real<offset=1, multiplier=2> q1; array[2] real<lower=0> q2;
          real mu;
        }
        model {
          a ~ gamma(2, 1);
          b ~ normal(mu, a);
          c ~ dirichlet([1, 2, 3]');
          q1[1] ~ normal(mu, q2[1]);
          q1[2] ~ normal(mu, q2[2]);
          q2[1] ~ exponential(1);
          q2[2] ~ exponential(rate);
          y ~ normal(mu, a);
        }
        """

    private let tupleData = #"{"N": 3, "obs": {"1": [0.5, 1.5, -0.25], "2": 1.5}}"#
    private let separateData = #"{"N": 3, "y": [0.5, 1.5, -0.25], "rate": 1.5}"#

    /// The log density (with and without Jacobian) and its gradient match the same model written with separate
    /// parameters exactly; the gradient matches finite differences.
    func testConstrainedTupleParametersMatchSeparateParameters() throws {
        let tuple = try compile(withTuples, data: tupleData), plain = try compile(separate, data: separateData)
        XCTAssertEqual(tuple.model.dimension, plain.model.dimension)
        for seed: UInt64 in 1...4 {
            let x = StanTestSupport.randomPoint(tuple.model.dimension, seed: seed)
            let (lpT, gT) = try StanTestSupport.valueAndGradient(tuple.model, at: x)
            let (lpP, gP) = try StanTestSupport.valueAndGradient(plain.model, at: x)
            XCTAssertEqual(lpT, lpP)
            XCTAssertEqual(gT, gP)
            let noJacobianT = try tuple.model.withJacobian(false).makeEvaluator().logDensity(at: x)
            let noJacobianP = try plain.model.withJacobian(false).makeEvaluator().logDensity(at: x)
            XCTAssertEqual(noJacobianT, noJacobianP, accuracy: 1e-12 * max(1, abs(noJacobianP)))
        }
        try StanTestSupport.checkGradient(tuple.model, seed: 5, "tuple parameters")
    }

    /// CmdStan's column names: `x:1`, `x:2.3`, arrays of tuples `q.1:2`, complex `z:1.real`.
    func testOutputColumnNames() throws {
        let stan = try compile(withTuples + """

            generated quantities {
              tuple(complex, array[2] tuple(int, vector[2])) g = (to_complex(1, 2), {(1, [1, 2]'), (2, [3, 4]')});
            }
            """, data: tupleData)
        XCTAssertEqual(stan.model.outputNames, [
            "p:1", "p:2.1", "p:2.2", "p:2.3", "p:3.1", "p:3.2", "p:3.3",
            "q.1:1", "q.1:2", "q.2:1", "q.2:2", "mu",
            "g:1.real", "g:1.imag", "g:2.1:1", "g:2.1:2.1", "g:2.1:2.2", "g:2.2:1", "g:2.2:2.1", "g:2.2:2.2",
        ])
        var outputs: [Double] = []
        try stan.model.makeEvaluator().writeOutputs(at: StanTestSupport.randomPoint(stan.model.dimension, seed: 1),
                                                    into: &outputs)
        XCTAssertEqual(Array(outputs.suffix(8)), [1, 2, 1, 1, 2, 2, 3, 4])
    }

    /// Arrays of tuples in JSON become one array per component; malformed tuples are named.
    func testJSONTupleData() throws {
        let data = try DataSet(json: #"{"a": [{"1": 1, "2": [1.5, 2.5]}, {"1": 2, "2": [3.5, 4.5]}], "b": {"1": {"1": 7, "2": 8}, "2": 9.5}}"#)
        XCTAssertEqual(data.names, ["a.1", "a.2", "b.1.1", "b.1.2", "b.2"])
        XCTAssertEqual(try data.intArray("a.1"), [1, 2])
        XCTAssertEqual(try data.realArray("a.2", shape: [2, 2]), [1.5, 2.5, 3.5, 4.5])
        XCTAssertEqual(try data.real("b.2"), 9.5)
        XCTAssertThrowsError(try DataSet(json: #"{"b": {"1": 1, "3": 2}}"#)) { error in
            XCTAssertTrue("\(error)".contains("variable 'b': tuple keys must be \"1\", \"2\""), "\(error)")
        }
        XCTAssertThrowsError(try DataSet(json: #"{"a": [{"1": 1, "2": [1]}, {"1": 2, "2": [3, 4]}]}"#)) { error in
            XCTAssertTrue("\(error)".contains("variable 'a': 'a.2' has shape [2] in element 2"), "\(error)")
        }
        let source = "data { array[2] tuple(int, vector[2]) a; tuple(real, real) t; } parameters { real x; } model { x ~ normal(a[2].2[1] + t.2, 1); }"
        XCTAssertThrowsError(try compile(source, data: #"{"a": [{"1": 1, "2": [1, 2]}, {"1": 2, "2": [3, 4]}], "t": 1.5}"#)) { error in
            XCTAssertTrue("\(error)".contains("variable 't' is a tuple"), "\(error)")
        }
        XCTAssertThrowsError(try compile(source, data: #"{"a": [{"1": 1, "2": [1, 2]}, {"1": 2, "2": [3, 4]}], "t": {"1": 1}}"#)) { error in
            XCTAssertTrue("\(error)".contains("variable 't': tuple component '2' is missing"), "\(error)")
        }
        let stan = try compile(source, data: #"{"a": [{"1": 1, "2": [1, 2]}, {"1": 2, "2": [3, 4]}], "t": {"1": 1, "2": 0.5}}"#)
        let lp = try stan.model.withJacobian(false).makeEvaluator().logDensity(at: [3.5])
        XCTAssertEqual(lp, 0, accuracy: 1e-15)  // x = a[2].2[1] + t.2: the normal's kernel is exp(0)
    }

    /// Unpacking evaluates the right side first; components, nested tuples, functions returning tuples.
    func testUnpackingAndTupleFunctions() throws {
        let stan = try compile("""
            functions {
              tuple(real, array[] int) split(real x) { return (x / 2, {1, 2}); }
            }
            parameters { real x; }
            model { x ~ normal(0, 1); }
            generated quantities {
              int a = 3; int b = 4;
              (a, b) = (b, a);
              real h; array[2] int ks;
              (h, ks) = split(x);
              tuple(real, tuple(int, real)) t = (1, (2, 3));
              (t.2.2, (t.2.1, t.1)) = (t.1, t.2);
              matrix[2, 2] Q; matrix[2, 2] R;
              (Q, R) = qr_thin([[3, 1], [4, 2]]);
              real eig = eigendecompose_sym([[2, 1], [1, 2]]).2[2];
            }
            """)
        var outputs: [Double] = []
        try stan.model.makeEvaluator().writeOutputs(at: [1.5], into: &outputs)
        XCTAssertEqual(stan.model.outputNames.prefix(6), ["x", "a", "b", "h", "ks.1", "ks.2"])
        XCTAssertEqual(Array(outputs[1..<6]), [4, 3, 0.75, 1, 2])
        XCTAssertEqual(Array(outputs[6..<9]), [3, 2, 1])  // t:1, t:2:1, t:2:2
        XCTAssertEqual(outputs[9], 0.6, accuracy: 1e-14)  // Q[1, 1] (column-major first)
        XCTAssertEqual(outputs.last!, 3, accuracy: 1e-14)
    }

    /// NUTS draws of the tuple model are bit-identical to those of the same model with separate parameters.
    func testSampledDrawsAreBitIdenticalToSeparateParameters() throws {
        let tuple = try compile(withTuples, data: tupleData), plain = try compile(separate, data: separateData)
        var config = SamplerConfiguration()
        config.chains = 1; config.warmup = 100; config.samples = 100; config.seed = 11
        let a = try MultiChainRunner(configuration: config).run(model: tuple.model)[0]
        let b = try MultiChainRunner(configuration: config).run(model: plain.model)[0]
        XCTAssertEqual(a.draws.count, b.draws.count)
        // The same columns under CmdStan's tuple names (arrays of tuples list element by element).
        let renamed = ["p:1": "a", "q.1:1": "q1.1", "q.1:2": "q2.1", "q.2:1": "q1.2", "q.2:2": "q2.2"]
        let columns = a.outputNames.map { name -> Int in
            let plainName = renamed[name] ?? name.replacingOccurrences(of: "p:2", with: "b").replacingOccurrences(of: "p:3", with: "c")
            return b.outputNames.firstIndex(of: plainName) ?? -1
        }
        XCTAssertFalse(columns.contains(-1), "\(a.outputNames) vs \(b.outputNames)")
        let width = a.outputNames.count
        for i in 0..<a.drawCount {
            for (j, k) in columns.enumerated() where k >= 0 {
                XCTAssertEqual(a.draws[i * width + j], b.draws[i * width + k], "draw \(i), \(a.outputNames[j])")
            }
        }
    }
}
