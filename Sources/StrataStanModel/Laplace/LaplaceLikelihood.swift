// The log likelihood an embedded Laplace approximation reads: its value and the derivatives the mode and gradient need.

/// log p(y | θ, η) as a function of the latent vector θ (n elements) and its differentiable arguments η (q elements).
///
/// Every method is evaluated at a latent point θ; gradients are over (θ, η), n + q entries. Only the diagonal blocks
/// of `blockSize` of the Hessian in θ are read (Stan's `hessian_block_size`): the likelihood is assumed to couple
/// latent elements only within a block.
protocol LaplaceLikelihood {
    var latentCount: Int { get }
    var argumentCount: Int { get }
    /// f(θ, η).
    func value(_ theta: [Double]) throws -> Double
    /// [∂f/∂θ, ∂f/∂η].
    func gradient(_ theta: [Double]) throws -> [Double]
    /// W = −∂²f/∂θ² on its diagonal blocks (zero elsewhere), dense row-major n×n.
    func negativeHessian(_ theta: [Double], blockSize: Int) throws -> [Double]
    /// ∇ over (θ, η) of ½ Σ over blocks of tr(C_b ∂²f/∂θ²_b), for a symmetric n×n `c` read on its diagonal blocks.
    func halfTraceGradient(_ theta: [Double], _ c: [Double], blockSize: Int) throws -> [Double]
    /// ∇ over (θ, η) of rᵀ ∂f/∂θ.
    func directionalGradient(_ theta: [Double], _ r: [Double]) throws -> [Double]
}
