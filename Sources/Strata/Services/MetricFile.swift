// Reads and writes inverse metrics as CmdStan's metric JSON ({"inv_metric": ...}), plus a low-rank extension.
import Foundation
import StrataLinearAlgebra
import StrataSamplers

/// CmdStan's metric file: `{"inv_metric": [d values]}` (diagonal) or `{"inv_metric": [[d values] x d]}`
/// (dense). A low-rank metric is written as the diagonal of its full inverse metric (so CmdStan can use the
/// file as a diagonal metric) plus
/// `"low_rank": {"scale": [d], "eigenvalues": [k], "eigenvectors": [[d] x k]}`, meaning
/// `M⁻¹ = diag(scale) (I + Σ_j (eigenvalues_j - 1) u_j u_jᵀ) diag(scale)` with `u_j` = `eigenvectors[j]`.
public enum MetricFile {
    /// The JSON text of `metric`.
    public static func json(_ metric: InverseMetric) throws -> Data {
        var object: [String: Any]
        switch metric {
        case let .unit(d): object = ["inv_metric": [Double](repeating: 1, count: d)]
        case let .diagonal(v): object = ["inv_metric": v]
        case let .dense(m): object = ["inv_metric": (0..<m.rows).map { i in (0..<m.columns).map { m[i, $0] } }]
        case let .lowRank(f):
            object = ["inv_metric": f.inverseMetricDiagonal,
                      "low_rank": ["scale": f.scale, "eigenvalues": f.values,
                                   "eigenvectors": (0..<f.rank).map { j in (0..<f.dimension).map { f.vectors[$0, j] } }]]
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// Writes `metric` to `path`.
    /// - Throws: ``ModelLoadError`` naming the file when it cannot be written.
    public static func write(_ metric: InverseMetric, to path: String) throws {
        do { try json(metric).write(to: URL(fileURLWithPath: path)) } catch {
            throw ModelLoadError("\(path): cannot write the metric: \(error.localizedDescription)")
        }
    }

    /// Reads the starting inverse metric for `kind` from `path`, for a model with `dimension` parameters.
    /// - Throws: ``ModelLoadError`` naming the file and the key at fault.
    public static func read(path: String, kind: MetricKind, dimension: Int) throws -> InverseMetric {
        let name = (path as NSString).lastPathComponent
        func fail(_ m: String) -> ModelLoadError { ModelLoadError("\(name): \(m)") }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot read the file") }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw fail("not a JSON object (expected {\"inv_metric\": ...})")
        }
        guard let raw = object["inv_metric"] else { throw fail("no \"inv_metric\" entry") }
        func vector(_ value: Any?, _ key: String, count: Int) throws -> [Double] {
            guard let v = value as? [Any], let numbers = v.map({ ($0 as? NSNumber)?.doubleValue }) as? [Double] else {
                throw fail("\"\(key)\" must be an array of numbers")
            }
            guard numbers.count == count else {
                throw fail("\"\(key)\" has \(numbers.count) values, expected \(count) (the model has \(dimension) unconstrained parameters)")
            }
            return numbers
        }
        func positive(_ v: [Double], _ key: String) throws -> [Double] {
            if let i = v.firstIndex(where: { !($0.isFinite && $0 > 0) }) { throw fail("\"\(key)\"[\(i)] = \(v[i]) is not positive") }
            return v
        }
        let isMatrix = (raw as? [Any])?.first is [Any]
        switch kind {
        case .unit:
            throw fail("--metric-file does not apply to the unit metric")
        case .diagonal:
            if isMatrix { throw fail("\"inv_metric\" is a matrix; use --metric dense, or give the diagonal") }
            return .diagonal(try positive(try vector(raw, "inv_metric", count: dimension), "inv_metric"))
        case .dense:
            guard isMatrix else {
                let v = try positive(try vector(raw, "inv_metric", count: dimension), "inv_metric")
                var m = Matrix(rows: dimension, columns: dimension)
                for i in 0..<dimension { m[i, i] = v[i] }
                return .dense(m)
            }
            let rows = raw as! [Any]
            guard rows.count == dimension else { throw fail("\"inv_metric\" has \(rows.count) rows, expected \(dimension)") }
            let values = try rows.enumerated().map { try vector($1, "inv_metric[\($0)]", count: dimension) }
            return .dense(Matrix(rowsOf: values))
        case .lowRank:
            guard let low = object["low_rank"] as? [String: Any] else {
                if isMatrix { throw fail("\"inv_metric\" is a matrix; the low-rank metric starts from a diagonal or a \"low_rank\" entry") }
                return .diagonal(try positive(try vector(raw, "inv_metric", count: dimension), "inv_metric"))
            }
            let scale = try positive(try vector(low["scale"], "low_rank.scale", count: dimension), "low_rank.scale")
            guard let vs = low["eigenvalues"] as? [Any] else { throw fail("\"low_rank.eigenvalues\" must be an array") }
            let values = try positive(try vector(vs, "low_rank.eigenvalues", count: vs.count), "low_rank.eigenvalues")
            guard let us = low["eigenvectors"] as? [Any], us.count == values.count else {
                throw fail("\"low_rank.eigenvectors\" must hold one vector per eigenvalue (\(values.count))")
            }
            let columns = try us.enumerated().map { try vector($1, "low_rank.eigenvectors[\($0)]", count: dimension) }
            var u = Matrix(rows: dimension, columns: values.count)
            for (j, c) in columns.enumerated() { for i in 0..<dimension { u[i, j] = c[i] } }
            return .lowRank(LowRankFactors(scale: scale, values: values, vectors: u))
        }
    }
}
