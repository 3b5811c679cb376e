// Tests of loading, describing and freeing models through the C entry points, and of versioning.
import Foundation
import StrataCAPI
import StrataTestSupport
import XCTest

final class CAPIModelTests: XCTestCase {
    func testLoadsEightSchoolsAndNamesItsOutputs() throws {
        let model = CAPI.load()
        defer { strata_model_free(model) }
        let sizes = CAPI.sizes(model)
        XCTAssertEqual(sizes.dimension, 10)
        XCTAssertEqual(sizes.outputs, 18)
        var names: [String] = []
        for j in 0..<sizes.outputs {
            var name: UnsafePointer<CChar>?
            XCTAssertEqual(strata_model_output_name(model, Int64(j), &name), 0)
            names.append(String(cString: try XCTUnwrap(name)))
        }
        XCTAssertEqual(Array(names.prefix(3)), ["mu", "tau", "theta_tilde.1"])
        XCTAssertEqual(names.last, "theta.8")
    }

    func testBadLoadArgumentsGiveCodesAndMessagesNamingTheArgument() throws {
        var handle: OpaquePointer? = OpaquePointer(bitPattern: 0x1)
        XCTAssertEqual(strata_model_load(nil, CAPI.eightSchoolsData, &handle), 1)
        XCTAssertNil(handle, "out is cleared on failure")
        XCTAssertTrue(CAPI.lastError.contains("'model' is NULL"), CAPI.lastError)

        XCTAssertEqual(strata_model_load("builtin:eight_schools_noncentered", CAPI.eightSchoolsData, nil), 1)
        XCTAssertTrue(CAPI.lastError.contains("'out'"), CAPI.lastError)

        XCTAssertEqual(strata_model_load("builtin:eight_schools_noncentered", "/nonexistent/data.json", &handle), 2)
        XCTAssertTrue(CAPI.lastError.contains("/nonexistent/data.json"), CAPI.lastError)

        XCTAssertEqual(strata_model_load("builtin:eight_schools_noncentered", nil, &handle), 2)
        XCTAssertTrue(CAPI.lastError.contains("needs"), CAPI.lastError)

        XCTAssertEqual(strata_model_load("builtin:no_such_model", CAPI.eightSchoolsData, &handle), 2)
        XCTAssertTrue(CAPI.lastError.contains("no_such_model"), CAPI.lastError)

        XCTAssertEqual(strata_model_load("/nonexistent/model.stan", nil, &handle), 2)
        XCTAssertTrue(CAPI.lastError.contains("/nonexistent/model.stan"), CAPI.lastError)
        XCTAssertNil(handle)
    }

    func testMalformedAndIncompleteDataAreLoadErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-capi-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases = [("garbage.json", "{ not json", "garbage.json"),
                     ("missing.json", #"{"J": 8, "y": [1, 2, 3, 4, 5, 6, 7, 8]}"#, "sigma"),
                     ("short.json", #"{"J": 8, "y": [1, 2], "sigma": [1, 2]}"#, "y")]
        for (file, text, mentioned) in cases {
            let url = folder.appendingPathComponent(file)
            try text.write(to: url, atomically: true, encoding: .utf8)
            var handle: OpaquePointer?
            XCTAssertEqual(strata_model_load("builtin:eight_schools_noncentered", url.path, &handle), 2, file)
            XCTAssertNil(handle)
            XCTAssertTrue(CAPI.lastError.contains(mentioned), "\(file): \(CAPI.lastError)")
        }
    }

    func testFreedAndNullHandlesAreErrorsNotCrashes() throws {
        let before = strataLiveModelCount()
        let model = CAPI.load()
        XCTAssertEqual(strataLiveModelCount(), before + 1)
        strata_model_free(model)
        XCTAssertEqual(strataLiveModelCount(), before)
        var n: Int64 = 0
        XCTAssertEqual(strata_model_dimension(model, &n), 1)
        XCTAssertTrue(CAPI.lastError.contains("not a live strata_model"), CAPI.lastError)
        strata_model_free(model)
        XCTAssertTrue(CAPI.lastError.contains("strata_model_free"), CAPI.lastError)
        strata_model_free(nil)
        XCTAssertEqual(strata_model_output_count(nil, &n), 1)
        XCTAssertTrue(CAPI.lastError.contains("'model' is NULL"), CAPI.lastError)
    }

    func testOutputNameChecksIndexAndOut() throws {
        let model = CAPI.load()
        defer { strata_model_free(model) }
        var name: UnsafePointer<CChar>?
        XCTAssertEqual(strata_model_output_name(model, 18, &name), 1)
        XCTAssertTrue(CAPI.lastError.contains("'index' is 18"), CAPI.lastError)
        XCTAssertEqual(strata_model_output_name(model, -1, &name), 1)
        XCTAssertEqual(strata_model_output_name(model, 0, nil), 1)
        XCTAssertEqual(strata_model_dimension(model, nil), 1)
        XCTAssertTrue(CAPI.lastError.contains("'out' is NULL"), CAPI.lastError)
    }

    func testErrorMessagesAreThreadLocal() throws {
        var n: Int64 = 0
        XCTAssertEqual(strata_model_dimension(nil, &n), 1)
        let mine = CAPI.lastError
        let done = DispatchSemaphore(value: 0)
        final class Box: @unchecked Sendable { var message = "" }
        let other = Box()
        let worker = Thread {
            _ = strata_model_output_name(nil, 0, nil)
            other.message = CAPI.lastError
            done.signal()
        }
        worker.start()
        done.wait()
        XCTAssertTrue(other.message.contains("strata_model_output_name"), other.message)
        XCTAssertEqual(CAPI.lastError, mine, "another thread's failure must not replace this thread's message")
    }

    func testVersionsMatchTheHeader() throws {
        let header = try String(contentsOf: SharedFiles.projectRoot.appendingPathComponent("CSupport/include/strata.h"),
                                encoding: .utf8)
        XCTAssertTrue(header.contains("#define STRATA_API_VERSION \(strata_api_version())\n"))
        let version = String(cString: try XCTUnwrap(strata_version()))
        XCTAssertEqual(version.split(separator: ".").count, 3, version)
        for status in StrataStatus.allCases {
            XCTAssertTrue(header.range(of: #"STRATA_\w+ = \#(status.rawValue)\b"#, options: .regularExpression) != nil,
                          "status \(status) = \(status.rawValue) is declared in strata.h")
        }
    }
}
