// `strata graph`: draw a Stan program's probabilistic graphical model as SVG (and Graphviz DOT).
import ArgumentParser
import Foundation
import Strata

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a Stan program's probabilistic graphical model (SVG, optionally DOT).",
        discussion: """
            Parameters are open circles, observed data shaded circles, fixed data dots; arrows show \
            dependencies and plates group variables repeated over a data size such as N or J.
            """)

    @Argument(help: "A Stan program (.stan).") var model: String
    @Option(help: "SVG file to write (default: the model's name with .svg, in the current folder).") var output: String?
    @Option(help: "Also write the graph in Graphviz DOT format to this file.") var dot: String?

    func run() throws {
        let url = URL(fileURLWithPath: model)
        let source: String
        do {
            source = try String(contentsOf: url, encoding: .utf8)
        } catch {
            FileHandle.standardError.write(Data("\(model): cannot read the file (\(error.localizedDescription))\n".utf8))
            throw ExitCode.failure
        }
        let graph: ModelGraph
        do {
            graph = try ModelGraphBuilder.graph(source: source, fileName: url.lastPathComponent)
        } catch let error as StanProgramError {
            FileHandle.standardError.write(Data((error.rendered + "\n").utf8))
            throw ExitCode.failure
        }
        let svgPath = output ?? url.deletingPathExtension().lastPathComponent + ".svg"
        try graph.svg().write(toFile: svgPath, atomically: true, encoding: .utf8)
        print("Wrote \(svgPath)")
        if let dot {
            let name = url.deletingPathExtension().lastPathComponent
            try graph.dot(name: name).write(toFile: dot, atomically: true, encoding: .utf8)
            print("Wrote \(dot)")
        }
    }
}
