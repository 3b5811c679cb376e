// Swift operators and math functions on Expr, so models read like the maths (and like Stan).

public func + (a: Expr, b: Expr) -> Expr { a.graph.apply(.add, a, b) }
public func - (a: Expr, b: Expr) -> Expr { a.graph.apply(.subtract, a, b) }
/// Elementwise product (Stan's `.*`; for a scalar operand, ordinary scaling).
public func * (a: Expr, b: Expr) -> Expr { a.graph.apply(.multiply, a, b) }
/// Elementwise quotient (Stan's `./`).
public func / (a: Expr, b: Expr) -> Expr { a.graph.apply(.divide, a, b) }
public prefix func - (a: Expr) -> Expr { a.graph.apply(.negate, a) }

public func + (a: Expr, b: Double) -> Expr { a + a.graph.constant(b) }
public func + (a: Double, b: Expr) -> Expr { b.graph.constant(a) + b }
public func - (a: Expr, b: Double) -> Expr { a - a.graph.constant(b) }
public func - (a: Double, b: Expr) -> Expr { b.graph.constant(a) - b }
public func * (a: Expr, b: Double) -> Expr { a * a.graph.constant(b) }
public func * (a: Double, b: Expr) -> Expr { b.graph.constant(a) * b }
public func / (a: Expr, b: Double) -> Expr { a / a.graph.constant(b) }
public func / (a: Double, b: Expr) -> Expr { b.graph.constant(a) / b }

/// Elementwise a^b.
public func pow(_ a: Expr, _ b: Expr) -> Expr { a.graph.apply(.power, a, b) }
/// Elementwise a^b.
public func pow(_ a: Expr, _ b: Double) -> Expr {
    if b == 2 { return a.graph.apply(.square, a) }
    return pow(a, a.graph.constant(b))
}

public func exp(_ x: Expr) -> Expr { x.graph.apply(.exp, x) }
public func log(_ x: Expr) -> Expr { x.graph.apply(.log, x) }
public func log1p(_ x: Expr) -> Expr { x.graph.apply(.log1p, x) }
public func expm1(_ x: Expr) -> Expr { x.graph.apply(.expm1, x) }
public func sqrt(_ x: Expr) -> Expr { x.graph.apply(.sqrt, x) }
public func square(_ x: Expr) -> Expr { x.graph.apply(.square, x) }
public func abs(_ x: Expr) -> Expr { x.graph.apply(.abs, x) }
public func tanh(_ x: Expr) -> Expr { x.graph.apply(.tanh, x) }
public func sin(_ x: Expr) -> Expr { x.graph.apply(.sin, x) }
public func cos(_ x: Expr) -> Expr { x.graph.apply(.cos, x) }
public func lgamma(_ x: Expr) -> Expr { x.graph.apply(.lgamma, x) }
/// The logistic function (Stan's `inv_logit`).
public func invLogit(_ x: Expr) -> Expr { x.graph.apply(.invLogit, x) }
/// log(1 + e^x).
public func log1pExp(_ x: Expr) -> Expr { x.graph.apply(.log1pExp, x) }
/// Σ x.
public func sum(_ x: Expr) -> Expr { x.graph.sum(x) }
/// a · b.
public func dot(_ a: Expr, _ b: Expr) -> Expr { a.graph.dot(a, b) }
