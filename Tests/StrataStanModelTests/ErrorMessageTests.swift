// Bad inputs give exact, located messages: missing data, wrong sizes, bound violations, unsupported features.
import StrataOutput
import StrataStanModel
import StrataTestSupport
import XCTest

final class ErrorMessageTests: XCTestCase {
    func message(_ source: String, json: String, file: String = "model.stan", dataFile: String = "data.json") -> String {
        do {
            _ = try StanModel.compile(source: source, fileName: file, data: try DataSet(json: json, fileName: dataFile))
            return "no error"
        } catch { return "\(error)" }
    }

    static let decayLike = """
    data {
      int<lower=1> N;
      vector<lower=0>[N] sigma;
      vector[N] y;
    }
    parameters {
      real mu;
    }
    model {
      y ~ normal(mu, sigma);
    }
    """

    func testMissingDataVariable() {
        XCTAssertEqual(message(Self.decayLike, json: #"{"N": 2, "sigma": [1, 2]}"#),
                       "data.json: variable 'y' not found")
    }

    func testWrongSize() {
        XCTAssertEqual(message(Self.decayLike, json: #"{"N": 2, "sigma": [1, 2, 3], "y": [0, 1]}"#),
                       "data.json: variable 'sigma': expected 2 elements, found 3")
    }

    func testDeclaredBoundViolated() throws {
        var json = try String(contentsOf: SharedFiles.url("data/decay_days.json"), encoding: .utf8)
        let data = try DataSet(contentsOf: SharedFiles.url("data/decay_days.json"))
        let sigma = try data.realArray("sigma_N_measured")
        // Replace the third sigma with -0.1.
        let original = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        var edited = original
        var s = sigma; s[2] = -0.1
        edited["sigma_N_measured"] = s
        json = String(data: try JSONSerialization.data(withJSONObject: edited), encoding: .utf8)!
        let bad = try DataSet(json: json, fileName: "decay_days.json")
        XCTAssertThrowsError(try StanModel.compile(path: SharedFiles.url("models/decay.stan").path, data: bad)) {
            XCTAssertEqual("\($0)", "decay_days.json: variable 'sigma_N_measured[3]' is -0.1, but must be >= 0 (declared lower=0)")
        }
    }

    func testIntegerExpectedForIntData() {
        XCTAssertEqual(message(Self.decayLike, json: #"{"N": 2.5, "sigma": [1, 2], "y": [0, 1]}"#),
                       "data.json: variable 'N': expected integer values, found real value 2.5")
    }

    func testUnsupportedFunctionIsLocated() {
        let source = """
        parameters {
          real x;
        }
        model {
          vector[2] w = csr_extract_w([[x, 0], [0, x]]);
          target += w[1];
        }
        """
        XCTAssertEqual(message(source, json: "{}"), """
        model.stan:5:17: error: unsupported feature: csr_extract_w of a parameter-dependent matrix (its size depends on the values)
           5 |   vector[2] w = csr_extract_w([[x, 0], [0, x]]);
             |                 ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
           hint: this Stan feature is valid but not implemented by Strata
        """)
    }

    func testUnsupportedGeneratedQuantitiesAreReported() {
        let source = """
        functions {
          int depth(int n) { if (n == 0) return 0; return 1 + depth(n - 1); }
        }
        parameters {
          real x;
        }
        model {
          x ~ normal(0, 1);
        }
        generated quantities {
          int d = depth(100);
        }
        """
        XCTAssertEqual(message(source, json: "{}"), """
        model.stan:2:55: error: unsupported feature: recursion deeper than 64 calls of 'depth' in generated quantities (skip that block with --no-generated-quantities, or includeGeneratedQuantities: false in Swift)
           2 |   int depth(int n) { if (n == 0) return 0; return 1 + depth(n - 1); }
             |                                                       ^~~~~~~~~~~~
           hint: this Stan feature is valid but not implemented by Strata
        """)
    }

    func testIndexOutOfRangeIsLocated() {
        let source = """
        data {
          int N;
          vector[N] y;
        }
        parameters {
          real mu;
        }
        model {
          y[N + 1] ~ normal(mu, 1);
        }
        """
        XCTAssertEqual(message(source, json: #"{"N": 2, "y": [1, 2]}"#), """
        model.stan:9:5: error: index 3 out of range [1, 2] for 'y'
           9 |   y[N + 1] ~ normal(mu, 1);
             |     ^~~~~
        """)
    }

    func testFrontEndErrorsAreRendered() {
        let source = """
        parameters {
          real mu;
        }
        model {
          mu ~ normal(0, sigmaa);
        }
        """
        XCTAssertTrue(message(source, json: "{}").hasPrefix("model.stan:5:18: error: undeclared identifier 'sigmaa'"))
    }

    func testTruncationOfAFamilyWithoutCDFIsRejected() {
        let source = """
        data {
          int n;
        }
        model {
          n ~ poisson_log(1) T[0, ];
        }
        """
        XCTAssertTrue(message(source, json: #"{"n": 2}"#).hasPrefix("model.stan:5:3: error: truncation T[,] requires a univariate distribution"),
                      message(source, json: #"{"n": 2}"#))
    }
}
