// What automatic marginalisation did to a program, in words a user can act on.
import StrataStanFrontEnd

/// Which parameters were integrated out of the log density (and are drawn exactly from their
/// conditionals after each transition), and which plausible candidates were sampled as usual, with why.
public struct MarginalisationReport: Sendable, Equatable {
    /// One integrated-out parameter.
    public struct IntegratedOut: Sendable, Equatable {
        /// The parameter's name.
        public var parameter: String
        /// `file:line` of its likelihood statement.
        public var location: String
        /// How: the prior used and the conditional it is drawn from.
        public var method: String
    }

    /// A candidate that stays a sampled parameter.
    public struct Kept: Sendable, Equatable {
        /// The parameter's name.
        public var parameter: String
        /// Why it was not integrated out.
        public var reason: String
    }

    /// Parameters integrated out.
    public var integratedOut: [IntegratedOut] = []
    /// Candidates kept, with reasons.
    public var kept: [Kept] = []

    /// Creates an empty report.
    public init() {}

    /// Human-readable lines, one per parameter (empty when nothing was considered).
    public var lines: [String] {
        integratedOut.map { "integrated out: \($0.parameter) (\($0.location)): \($0.method)" }
            + kept.map { "sampled: \($0.parameter): not integrated out because \($0.reason)" }
    }

    static func entry(for plan: MarginalPlan, fileName: String) -> IntegratedOut {
        let line = plan.likelihood.start.line
        switch plan.prior {
        case .flat:
            return IntegratedOut(parameter: plan.parameter, location: "\(fileName):\(line)",
                                 method: "normal likelihood with a mean affine in it and a flat prior on its bounds; drawn exactly from its truncated-normal conditional")
        case .normal(_, _, let prior):
            return IntegratedOut(parameter: plan.parameter, location: "\(fileName):\(line)",
                                 method: "normal likelihood with a mean affine in it and its normal prior (line \(prior.start.line)); drawn exactly from its normal conditional")
        }
    }
}
