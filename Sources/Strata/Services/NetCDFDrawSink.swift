// Bridges a chain's draws to the shared ArviZ netCDF file of a run (one sink per chain, one file per run).
import Foundation
import StrataNetCDF
import StrataSamplers

/// Sends one chain's kept sampling draws to a ``NetCDFPosteriorWriter`` as they are made.
public final class NetCDFDrawSink: DrawSink {
    /// The run's file.
    public let writer: NetCDFPosteriorWriter
    /// The chain's position in the file.
    public let position: Int
    /// The first error hit while writing (writes stop after it).
    public private(set) var error: Error?
    private var draws = 0

    /// A sink writing chain `position` of `writer`.
    public init(writer: NetCDFPosteriorWriter, position: Int) { self.writer = writer; self.position = position }

    public func record(chain: Int, iteration: Int, isWarmup: Bool, outputs: [Double], info: TransitionInfo) {
        guard error == nil, !isWarmup else { return }
        let stats = NetCDFDrawStats(logDensity: info.logDensity, acceptStat: info.acceptStat, stepSize: info.stepSize,
                                    treeDepth: info.treeDepth, leapfrogSteps: info.leapfrogCount,
                                    divergent: info.isDivergent, energy: info.energy)
        do { try writer.write(chain: position, draw: draws, outputs: outputs, stats: stats) } catch { self.error = error }
        draws += 1
    }
}
