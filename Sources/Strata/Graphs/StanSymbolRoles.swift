// Classifies the variables of a Stan program for graph drawing: data, parameters, size integers, locals.
import StrataStanFrontEnd

/// What a name in a Stan program stands for, as far as the graphical model is concerned.
enum StanGraphRole: Equatable {
    /// Data or transformed data that can be drawn (a fixed dot, or a shaded circle when observed).
    case data
    /// A parameter (open circle).
    case parameter
    /// A transformed parameter (open circle, with arrows from what defines it).
    case transformedParameter
    /// A data / transformed-data integer scalar used as a size or loop bound: labels plates, not drawn.
    case size
}

/// The block-level variables of a program with their roles and declarations.
struct StanSymbolRoles {
    /// Role of every block-level variable of data, transformed data, parameters and transformed parameters.
    private(set) var roles: [String: StanGraphRole] = [:]
    /// Declarations of those variables.
    private(set) var declarations: [String: VarDecl] = [:]
    /// The drawable variables in program order (data, transformed data, parameters, transformed parameters).
    private(set) var order: [String] = []

    init(program: Program) {
        let sizeNames = Self.sizeNames(in: program)
        let blocks: [(BlockKind, StanGraphRole)] = [
            (.data, .data), (.transformedData, .data), (.parameters, .parameter),
            (.transformedParameters, .transformedParameter),
        ]
        for (block, role) in blocks {
            for decl in program.declarations(in: block) {
                declarations[decl.name] = decl
                let isIntScalar = decl.type.arrayDims.isEmpty && decl.type.base == .int
                if role == .data && isIntScalar && sizeNames.contains(decl.name) {
                    roles[decl.name] = .size
                } else {
                    roles[decl.name] = role
                    order.append(decl.name)
                }
            }
        }
    }

    /// Role of `name`, or `nil` for locals, loop variables and anything not declared at block level.
    func role(of name: String) -> StanGraphRole? { roles[name] }

    /// `true` for data and transformed data that may be drawn.
    func isData(_ name: String) -> Bool { roles[name] == .data }

    /// Names referenced by any declared size (array dimensions, vector/matrix sizes) or `for` loop bound, in
    /// every block: the candidates for size integers.
    static func sizeNames(in program: Program) -> Set<String> {
        var names: Set<String> = []
        func addSizes(_ type: DeclType) {
            for e in type.arrayDims + type.base.sizes { names.formUnion(e.referencedVariables) }
        }
        for block in [BlockKind.data, .parameters] {
            for decl in program.declarations(in: block) { addSizes(decl.type) }
        }
        for block in [BlockKind.transformedData, .transformedParameters, .model, .generatedQuantities] {
            for stmt in program.statements(in: block) {
                stmt.forEachStatement { s in
                    switch s.kind {
                    case .declaration(let d): addSizes(d.type)
                    case .forRange(_, let lo, let hi, _):
                        names.formUnion(lo.referencedVariables)
                        names.formUnion(hi.referencedVariables)
                    default: break
                    }
                }
            }
        }
        return names
    }
}
