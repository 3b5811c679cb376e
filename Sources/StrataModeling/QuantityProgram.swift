// Generated quantities run on plain numbers once per draw (random draws, branches on parameter values).
import StrataAutodiff
import StrataCore

/// Outputs computed after the graph's forward sweep by a program that sees every value as a plain
/// number: the generated quantities of a Stan program that calls `_rng` functions or branches on
/// parameter values (which the static graph cannot express).
public protocol QuantityProgram {
    /// CmdStan names of the values it writes, in order; listed after the graph's outputs.
    var names: [String] { get }
    /// Graph slots whose values (after the forward sweep) it reads: the parameters and transformed parameters.
    var inputs: [Slot] { get }
    /// A runner with its own workspace (one per evaluator; runners are not thread-safe).
    /// - Throws: ``StrataCore/LogDensityError`` when the program cannot be prepared.
    func makeRunner() throws -> any QuantityRunner
}

/// Evaluates a ``QuantityProgram`` for one draw.
public protocol QuantityRunner: AnyObject {
    /// The values named by ``QuantityProgram/names`` for the input values `inputs` (one array per
    /// ``QuantityProgram/inputs`` slot), drawing random numbers from `rng`.
    /// - Throws: ``StrataCore/LogDensityError/invalidModel(_:)`` (fatal) naming the statement.
    func run(inputs: [[Double]], rng: inout ChainRNG) throws -> [Double]
}
