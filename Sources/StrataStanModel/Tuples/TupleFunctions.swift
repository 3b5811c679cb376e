// Library functions returning tuples, composed from the functions that compute each component.
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    /// The components of each tuple-returning library function, as the functions that compute them.
    static let tupleFunctionComponents: [String: [String]] = [
        "eigendecompose_sym": ["eigenvectors_sym", "eigenvalues_sym"],
        "qr_thin": ["qr_thin_Q", "qr_thin_R"],
        "qr": ["qr_Q", "qr_R"],
        "eigendecompose": ["eigenvectors", "eigenvalues"],
        "svd": ["svd_U", "singular_values", "svd_V"],
        "complex_schur_decompose": ["complex_schur_decompose_u", "complex_schur_decompose_t"],
        "csr_extract": ["csr_extract_w", "csr_extract_v", "csr_extract_u"],
    ]

    /// `name(args)` for a library function returning a tuple: each component computed by its own function (the
    /// arguments are lowered once).
    func tupleFunction(_ name: String, _ argExprs: [SExpr], type: StanType, _ range: SourceRange) throws -> Lowered {
        guard let parts = Self.tupleFunctionComponents[name], let types = type.distributedComponents,
              types.count == parts.count else {
            throw LoweringError.unsupported("function '\(name)'", range)
        }
        let args = try argExprs.map(lower)
        return .tuple(try zip(parts, types).map { part, t in .value(try builtin(part, args, type: t, range)) }, type: type)
    }
}
