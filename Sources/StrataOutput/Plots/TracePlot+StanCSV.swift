// Convenience: trace plots straight from Stan CSV files, one file per chain.

extension TracePlot {
    /// Trace plots of the named columns of several chains' CSV files (one file per chain).
    /// - Parameters:
    ///   - variables: column names to plot, e.g. `["alpha", "N_initial.1"]`.
    ///   - chains: the chains' files, read with ``StanCSVFile/init(contentsOf:)``.
    ///   - options: layout settings.
    /// - Returns: an SVG document.
    /// - Throws: ``StanCSVError/malformed(file:line:message:)`` naming the first file that lacks
    ///   a requested column.
    public static func svg(variables: [String], chains: [StanCSVFile], options: Options = Options()) throws -> String {
        let panels = try variables.map { name -> (name: String, chains: [[Double]]) in
            let draws = try chains.map { file -> [Double] in
                guard let column = file.column(named: name) else {
                    throw StanCSVError.malformed(file: file.fileName, line: 1, message: "no column named '\(name)'")
                }
                return column
            }
            return (name, draws)
        }
        return svg(variables: panels, options: options)
    }
}
