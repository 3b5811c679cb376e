// Reads back a file written by NetCDFPosteriorWriter in blocks of elements (for summaries with bounded memory).
import CNetCDF
import Foundation

/// Reads the `posterior` and `sample_stats` groups of an ArviZ InferenceData netCDF file.
public final class NetCDFPosteriorReader {
    /// A posterior variable: name, shape (after `chain`, `draw`) and netCDF id.
    public struct Variable: Sendable {
        public let name: String
        public let shape: [Int]
        let id: Int32
        /// Number of elements per draw.
        public var count: Int { shape.reduce(1, *) }
    }

    /// The file.
    public let url: URL
    /// Chains and draws per chain.
    public private(set) var chains = 0, draws = 0
    /// The posterior variables in file order.
    public private(set) var variables: [Variable] = []
    /// Run-wide 0-based ids of the file's chains (the `chain` coordinate).
    public private(set) var chainIDs: [Int] = []
    /// The file's global text attributes (model, seed, run identity hashes, ...).
    public private(set) var attributes: [String: String] = [:]
    private var ncid: Int32 = -1
    private var posterior: Int32 = 0, stats: Int32 = 0

    /// Opens the file.
    /// - Throws: ``NetCDFError`` when it is missing or has no `posterior`/`sample_stats` groups.
    public init(url: URL) throws {
        self.url = url
        let path = url.path
        NetCDFPosteriorWriter.library.lock(); defer { NetCDFPosteriorWriter.library.unlock() }
        try NetCDFError.check(nc_open(path, NC_NOWRITE, &ncid), "cannot open", path: path)
        var c = 0, d = 0
        var ids: [Int] = [], texts: [String: String] = [:]
        do {
            texts = try Self.textAttributes(ncid, path: path)
            try NetCDFError.check(nc_inq_grp_ncid(ncid, "posterior", &posterior), "no posterior group", path: path)
            try NetCDFError.check(nc_inq_grp_ncid(ncid, "sample_stats", &stats), "no sample_stats group", path: path)
            var dim: Int32 = 0
            try NetCDFError.check(nc_inq_dimid(posterior, "chain", &dim), "no chain dimension", path: path)
            try NetCDFError.check(nc_inq_dimlen(posterior, dim, &c), "no chain dimension", path: path)
            try NetCDFError.check(nc_inq_dimid(posterior, "draw", &dim), "no draw dimension", path: path)
            try NetCDFError.check(nc_inq_dimlen(posterior, dim, &d), "no draw dimension", path: path)
            var coordinate: Int32 = 0
            var chainValues = [Int64](repeating: 0, count: c)
            try NetCDFError.check(nc_inq_varid(posterior, "chain", &coordinate), "no chain coordinate", path: path)
            if c > 0 {
                try NetCDFError.check(nc_get_var_longlong(posterior, coordinate, &chainValues), "cannot read the chain coordinate", path: path)
            }
            ids = chainValues.map { Int($0) }
            var n: Int32 = 0
            try NetCDFError.check(nc_inq_varids(posterior, &n, nil), "cannot list variables", path: path)
            var varIDs = [Int32](repeating: 0, count: Int(n))
            try NetCDFError.check(nc_inq_varids(posterior, &n, &varIDs), "cannot list variables", path: path)
            for id in varIDs {
                var name = [CChar](repeating: 0, count: Int(NC_MAX_NAME) + 1)
                var rank: Int32 = 0
                try NetCDFError.check(nc_inq_varname(posterior, id, &name), "cannot read a variable name", path: path)
                try NetCDFError.check(nc_inq_varndims(posterior, id, &rank), "cannot read a variable's rank", path: path)
                var dims = [Int32](repeating: 0, count: Int(rank))
                try NetCDFError.check(nc_inq_vardimid(posterior, id, &dims), "cannot read a variable's dimensions", path: path)
                let label = String(cString: name)
                guard rank >= 2, label != "chain", label != "draw" else { continue }
                let shape = try dims.dropFirst(2).map { dim -> Int in
                    var length = 0
                    try NetCDFError.check(nc_inq_dimlen(posterior, dim, &length), "cannot read a dimension", path: path)
                    return length
                }
                variables.append(Variable(name: label, shape: shape, id: id))
            }
        } catch {
            nc_close(ncid); ncid = -1
            throw error
        }
        chains = c; draws = d; chainIDs = ids; attributes = texts
    }

    /// The text attributes of a group (`NC_GLOBAL` ones for the root).
    private static func textAttributes(_ group: Int32, path: String) throws -> [String: String] {
        var count: Int32 = 0
        try NetCDFError.check(nc_inq_natts(group, &count), "cannot count the attributes", path: path)
        var result: [String: String] = [:]
        for k in 0..<count {
            var name = [CChar](repeating: 0, count: Int(NC_MAX_NAME) + 1)
            var type: nc_type = 0
            var length = 0
            try NetCDFError.check(nc_inq_attname(group, NC_GLOBAL, k, &name), "cannot read an attribute name", path: path)
            try NetCDFError.check(nc_inq_att(group, NC_GLOBAL, name, &type, &length), "cannot read an attribute", path: path)
            guard type == NC_CHAR else { continue }
            var bytes = [CChar](repeating: 0, count: length + 1)
            try NetCDFError.check(nc_get_att_text(group, NC_GLOBAL, name, &bytes), "cannot read an attribute", path: path)
            result[String(cString: name)] = String(cString: bytes)
        }
        return result
    }

    deinit {
        NetCDFPosteriorWriter.library.lock(); defer { NetCDFPosteriorWriter.library.unlock() }
        if ncid >= 0 { nc_close(ncid) }
    }

    /// Elements `rows` (along the first element dimension; the whole scalar when the shape is empty) of a
    /// variable for every chain and draw, as `values[chain][draw][element]` flattened row-major.
    public func read(_ variable: Variable, rows: Range<Int>) throws -> [Double] {
        let rest = variable.shape.dropFirst().reduce(1, *)
        let start = [0, 0] + (variable.shape.isEmpty ? [] : [rows.lowerBound] + [Int](repeating: 0, count: variable.shape.count - 1))
        let count = [chains, draws] + (variable.shape.isEmpty ? [] : [rows.count] + Array(variable.shape.dropFirst()))
        var values = [Double](repeating: .nan, count: chains * draws * (variable.shape.isEmpty ? 1 : rows.count * rest))
        NetCDFPosteriorWriter.library.lock(); defer { NetCDFPosteriorWriter.library.unlock() }
        try NetCDFError.check(nc_get_vara_double(posterior, variable.id, start, count, &values),
                              "cannot read \(variable.name)", path: url.path)
        return values
    }

    /// A `sample_stats` variable as `[chain][draw]` doubles.
    public func stat(_ name: String) throws -> [[Double]] {
        var id: Int32 = 0
        var values = [Double](repeating: .nan, count: chains * draws)
        NetCDFPosteriorWriter.library.lock(); defer { NetCDFPosteriorWriter.library.unlock() }
        try NetCDFError.check(nc_inq_varid(stats, name, &id), "no sample_stats variable \(name)", path: url.path)
        if !values.isEmpty { try NetCDFError.check(nc_get_var_double(stats, id, &values), "cannot read \(name)", path: url.path) }
        return (0..<chains).map { c in Array(values[(c * draws)..<((c + 1) * draws)]) }
    }
}
