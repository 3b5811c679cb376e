// Tags every recorded graph operation with the Stan statement (and `profile` block) it was lowered from.
import StrataAutodiff
import StrataStanFrontEnd

/// The Stan source a group of graph operations came from: one statement (innermost) or one
/// parameter declaration, inside the innermost enclosing `profile` block if any.
public struct StatementSource: Sendable, Equatable {
    /// 1-based line and column where the statement starts, and the line where it ends.
    public let line: Int, column: Int, endLine: Int
    /// Byte offsets of the statement in the source (start inclusive, end exclusive).
    public let startOffset: Int, endOffset: Int
    /// The program block, as Stan spells it (`model`, `parameters`, `transformed parameters`, ...).
    public let block: String
    /// Index into ``StanModel/profileNames`` of the innermost enclosing `profile` block.
    public let profile: Int?

    /// Whether this statement computes the log density: the model and transformed parameters blocks
    /// (not a parameter's constraining transform, not a generated quantity).
    public var isModelStatement: Bool { block == "model" || block == "transformed parameters" }
}

/// Collects ``StatementSource``s while lowering and hands out the graph tag of each.
final class SourceTagging {
    private(set) var sources: [StatementSource] = []
    private var tags: [Key: Int32] = [:]
    /// `profile` block names and the index of each one's enclosing block.
    private(set) var profileNames: [String] = []
    private(set) var profileParents: [Int?] = []
    private var currentProfile: Int?

    private struct Key: Hashable { let offset: Int, end: Int, profile: Int? }

    /// The tag for operations recorded while lowering `range` of `block`.
    func tag(_ range: SourceRange, _ block: BlockKind) -> Int32 {
        let key = Key(offset: range.start.offset, end: range.end.offset, profile: currentProfile)
        if let t = tags[key] { return t }
        let t = Int32(sources.count)
        sources.append(StatementSource(line: range.start.line, column: range.start.column, endLine: range.end.line,
                                       startOffset: range.start.offset, endOffset: range.end.offset,
                                       block: block.title, profile: currentProfile))
        tags[key] = t
        return t
    }

    /// Runs `body` inside the `profile` block `name` (same-named blocks share one section, as in Stan).
    func inProfile<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let saved = currentProfile
        if let k = profileNames.indices.first(where: { profileNames[$0] == name && profileParents[$0] == saved }) {
            currentProfile = k
        } else {
            profileNames.append(name)
            profileParents.append(saved)
            currentProfile = profileNames.count - 1
        }
        defer { currentProfile = saved }
        return try body()
    }

    /// For each operation tag of `graph`, the innermost profile section (-1 for none).
    func profileOfOperations(_ graph: Graph) -> [Int32] {
        graph.operationTags.map { t in t >= 0 ? Int32(sources[Int(t)].profile ?? -1) : -1 }
    }
}

extension Lowerer {
    /// Lowers `s` with the graph's source tag set to it (restored afterwards).
    func tagged<T>(_ range: SourceRange, _ body: () throws -> T) rethrows -> T {
        let saved = graph.sourceTag
        graph.sourceTag = tagging.tag(range, block)
        defer { graph.sourceTag = saved }
        return try body()
    }
}
