/// A raw pointer that closures running on other threads may capture; the
/// plans guarantee they touch disjoint elements (or only read).
struct SharedPointer<Pointee>: @unchecked Sendable {
    let mutable: UnsafeMutablePointer<Pointee>
    var pointer: UnsafePointer<Pointee> { UnsafePointer(mutable) }

    init(_ pointer: UnsafePointer<Pointee>) { mutable = UnsafeMutablePointer(mutating: pointer) }
    init(_ pointer: UnsafeMutablePointer<Pointee>) { mutable = pointer }
}
