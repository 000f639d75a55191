import Winograd

/// The point sets the precision study knows by name; they live in the
/// Winograd module (``Winograd/NamedPointSet``), shared with the emitter's
/// catalogue of committed kernels and the runtime.
public typealias NamedPointSet = Winograd.NamedPointSet
