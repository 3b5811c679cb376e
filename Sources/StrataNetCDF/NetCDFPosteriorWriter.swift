// Streams NUTS draws into an ArviZ InferenceData netCDF-4 file (groups posterior and sample_stats).
import CNetCDF
import Foundation

/// One NUTS transition's sampler statistics, as ArviZ names them in `sample_stats`.
public struct NetCDFDrawStats: Sendable {
    public var logDensity: Double, acceptStat: Double, stepSize: Double
    public var treeDepth: Int, leapfrogSteps: Int, divergent: Bool, energy: Double

    /// Creates statistics.
    public init(logDensity: Double, acceptStat: Double, stepSize: Double, treeDepth: Int, leapfrogSteps: Int,
                divergent: Bool, energy: Double) {
        self.logDensity = logDensity; self.acceptStat = acceptStat; self.stepSize = stepSize
        self.treeDepth = treeDepth; self.leapfrogSteps = leapfrogSteps; self.divergent = divergent; self.energy = energy
    }
}

/// Writes an ArviZ-compatible InferenceData file as draws arrive, so memory stays O(parameters).
///
/// Layout (netCDF-4/HDF5, what `arviz.from_netcdf` reads): groups `posterior` and `sample_stats`, each with
/// dimensions `chain` and `draw` and coordinate variables of the same names (run-wide 0-based chain ids, so
/// files of chains split over processes can be concatenated); in `posterior`, one variable per Stan variable
/// with its shape as dimensions `<name>_dim_0`, ... (ArviZ's default names), stored row-major; in
/// `sample_stats`, `lp`, `acceptance_rate`, `step_size`, `tree_depth`, `n_steps`, `diverging` (bool) and
/// `energy`. Draws not written (an interrupted run) read as NaN. Calls into the library are serialised
/// (HDF5 is not thread-safe), so chains may write from their own threads.
public final class NetCDFPosteriorWriter: @unchecked Sendable {
    /// The file.
    public let url: URL
    /// The Stan variables of the `posterior` group.
    public let layouts: [StanVariableLayout]
    private var ncid: Int32 = -1
    private var posterior: Int32 = 0
    private var stats: Int32 = 0
    private var variableIDs: [Int32] = []
    private var statIDs: [Int32] = []
    private var buffer: [Double] = []
    /// Serialises every call into the netCDF/HDF5 libraries in this process.
    static let library = NSLock()

    /// `sample_stats` variable names, in the order of ``NetCDFDrawStats``'s fields.
    public static let statNames = ["lp", "acceptance_rate", "step_size", "tree_depth", "n_steps", "diverging", "energy"]

    /// Creates (or replaces) the file and defines its groups, dimensions and variables.
    /// - Parameters:
    ///   - chainIDs: run-wide 0-based ids of the chains this file holds (the `chain` coordinate).
    ///   - draws: kept draws per chain.
    ///   - outputNames: CmdStan-style output names (`theta.1`, ...).
    ///   - attributes: global attributes (e.g. the run identity hashes).
    /// - Throws: ``NetCDFError`` naming the call that failed.
    public init(url: URL, chainIDs: [Int], draws: Int, outputNames: [String], attributes: [(String, String)]) throws {
        self.url = url
        layouts = StanVariableLayout.layouts(of: outputNames)
        Self.library.lock(); defer { Self.library.unlock() }
        let path = url.path
        try NetCDFError.check(nc_create(path, NC_NETCDF4 | NC_CLOBBER, &ncid), "cannot create the file", path: path)
        do {
            for (key, value) in [("inference_library", "strata"), ("created_at", ISO8601DateFormatter().string(from: Date()))]
                + attributes {
                try putText(ncid, NC_GLOBAL, key, value)
            }
            try NetCDFError.check(nc_def_grp(ncid, "posterior", &posterior), "cannot create group posterior", path: path)
            try NetCDFError.check(nc_def_grp(ncid, "sample_stats", &stats), "cannot create group sample_stats", path: path)
            let chainDimP = try defineChainDraw(posterior, chains: chainIDs, draws: draws)
            let chainDimS = try defineChainDraw(stats, chains: chainIDs, draws: draws)
            for layout in layouts {
                var dims = chainDimP
                for (k, n) in layout.shape.enumerated() {
                    var dim: Int32 = 0
                    try NetCDFError.check(nc_def_dim(posterior, "\(layout.name)_dim_\(k)", n, &dim),
                                          "cannot define dimension \(layout.name)_dim_\(k)", path: path)
                    dims.append(dim)
                }
                // A chunk holds whole draws: one draw of a large variable, or many draws of small ones.
                let drawsPerChunk = max(1, min(draws, 8192 / max(1, layout.count)))
                variableIDs.append(try defineVariable(posterior, layout.name, NC_DOUBLE, dims,
                                                      chunk: [1, drawsPerChunk] + layout.shape))
            }
            let statTypes = [NC_DOUBLE, NC_DOUBLE, NC_DOUBLE, NC_INT64, NC_INT64, NC_BYTE, NC_DOUBLE]
            for (name, type) in zip(Self.statNames, statTypes) {
                statIDs.append(try defineVariable(stats, name, type, chainDimS, chunk: [1, max(1, min(draws, 1024))]))
            }
            try putText(stats, statIDs[5], "dtype", "bool")
            try NetCDFError.check(nc_enddef(ncid), "cannot finish the definitions", path: path)
            try writeCoordinates(posterior, chains: chainIDs, draws: draws)
            try writeCoordinates(stats, chains: chainIDs, draws: draws)
        } catch {
            nc_close(ncid); ncid = -1
            throw error
        }
    }

    deinit { try? close() }

    /// Writes draw `draw` of the file's chain number `chain` (0-based position in `chainIDs`).
    /// - Throws: ``NetCDFError``.
    public func write(chain: Int, draw: Int, outputs: [Double], stats s: NetCDFDrawStats) throws {
        Self.library.lock(); defer { Self.library.unlock() }
        guard ncid >= 0 else { throw NetCDFError(path: url.path, message: "the file is closed") }
        for (layout, id) in zip(layouts, variableIDs) {
            if buffer.count < layout.count { buffer = [Double](repeating: 0, count: layout.count) }
            for (k, column) in layout.columns.enumerated() { buffer[k] = outputs[column] }
            let start = [chain, draw] + [Int](repeating: 0, count: layout.shape.count)
            let count = [1, 1] + layout.shape
            try NetCDFError.check(nc_put_vara_double(posterior, id, start, count, buffer),
                                  "cannot write \(layout.name)", path: url.path)
        }
        let start = [chain, draw], one = [1, 1]
        for (i, value) in [s.logDensity, s.acceptStat, s.stepSize, s.energy].enumerated() {
            var v = value
            try NetCDFError.check(nc_put_vara_double(stats, statIDs[i == 3 ? 6 : i], start, one, &v),
                                  "cannot write sample_stats", path: url.path)
        }
        var depth = Int64(s.treeDepth), steps = Int64(s.leapfrogSteps)
        var divergent: Int8 = s.divergent ? 1 : 0
        try NetCDFError.check(nc_put_vara_longlong(stats, statIDs[3], start, one, &depth), "cannot write tree_depth", path: url.path)
        try NetCDFError.check(nc_put_vara_longlong(stats, statIDs[4], start, one, &steps), "cannot write n_steps", path: url.path)
        try NetCDFError.check(nc_put_vara_schar(stats, statIDs[5], start, one, &divergent), "cannot write diverging", path: url.path)
    }

    /// Flushes and closes the file (further writes throw).
    public func close() throws {
        Self.library.lock(); defer { Self.library.unlock() }
        guard ncid >= 0 else { return }
        let status = nc_close(ncid)
        ncid = -1
        try NetCDFError.check(status, "cannot close the file", path: url.path)
    }

    private func defineChainDraw(_ group: Int32, chains: [Int], draws: Int) throws -> [Int32] {
        var chain: Int32 = 0, draw: Int32 = 0, v: Int32 = 0
        try NetCDFError.check(nc_def_dim(group, "chain", chains.count, &chain), "cannot define dimension chain", path: url.path)
        try NetCDFError.check(nc_def_dim(group, "draw", draws, &draw), "cannot define dimension draw", path: url.path)
        try NetCDFError.check(nc_def_var(group, "chain", NC_INT64, 1, [chain], &v), "cannot define chain", path: url.path)
        try NetCDFError.check(nc_def_var(group, "draw", NC_INT64, 1, [draw], &v), "cannot define draw", path: url.path)
        return [chain, draw]
    }

    private func writeCoordinates(_ group: Int32, chains: [Int], draws: Int) throws {
        var id: Int32 = 0
        try NetCDFError.check(nc_inq_varid(group, "chain", &id), "no chain variable", path: url.path)
        let c = chains.map(Int64.init)
        if !c.isEmpty { try NetCDFError.check(nc_put_var_longlong(group, id, c), "cannot write chain", path: url.path) }
        try NetCDFError.check(nc_inq_varid(group, "draw", &id), "no draw variable", path: url.path)
        let d = (0..<draws).map(Int64.init)
        if !d.isEmpty { try NetCDFError.check(nc_put_var_longlong(group, id, d), "cannot write draw", path: url.path) }
    }

    private func defineVariable(_ group: Int32, _ name: String, _ type: Int32, _ dims: [Int32], chunk: [Int]) throws -> Int32 {
        var id: Int32 = 0
        try NetCDFError.check(nc_def_var(group, name, type, Int32(dims.count), dims, &id), "cannot define \(name)", path: url.path)
        if chunk.allSatisfy({ $0 > 0 }) {
            try NetCDFError.check(nc_def_var_chunking(group, id, NC_CHUNKED, chunk), "cannot chunk \(name)", path: url.path)
        }
        if type == NC_DOUBLE {
            var nan = Double.nan
            try NetCDFError.check(nc_def_var_fill(group, id, 0, &nan), "cannot set the fill value of \(name)", path: url.path)
        }
        return id
    }

    private func putText(_ group: Int32, _ variable: Int32, _ name: String, _ value: String) throws {
        let bytes = Array(value.utf8)
        try NetCDFError.check(nc_put_att_text(group, variable, name, bytes.count, bytes.map { CChar(bitPattern: $0) }),
                              "cannot write attribute \(name)", path: url.path)
    }
}
