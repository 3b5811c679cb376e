// Signatures of the library functions that return tuples (eigendecompose_sym, qr_thin, csr_extract).

extension BuiltinFunctions {
    /// Tuple-returning functions: argument types and the tuple returned.
    static let tupleSignatures: [String: (arguments: [StanType], returns: StanType)] = [
        "eigendecompose_sym": ([.matrix], StanType(.tuple([.matrix, .vector]))),
        "qr_thin": ([.matrix], StanType(.tuple([.matrix, .matrix]))),
        "csr_extract": ([.matrix], StanType(.tuple([.vector, .array(.int), .array(.int)]))),
    ]

    /// Adds the tuple-returning functions to a signature table.
    static func addTupleFunctions(to table: inout [String: [FunctionSignature]]) {
        for (name, signature) in tupleSignatures {
            table[name, default: []].append(FunctionSignature(signature.arguments.map { .type($0) }, .fixed(signature.returns)))
        }
    }
}
