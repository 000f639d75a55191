import Synchronization

/// Runs `body` with the value `cache` holds when `fits` accepts it, else
/// with a new one from `make`, and leaves the one used in the cache
/// afterwards. The value is taken out while in use, so a concurrent call
/// finds the cache empty and makes its own instead of sharing scratch memory.
func withCached<T: Sendable, R, E: Error>(
    _ cache: borrowing Mutex<T?>, fits: (T) -> Bool, make: () throws(E) -> T,
    _ body: (T) throws(E) -> R
) throws(E) -> R {
    let cached = cache.withLock { value in
        defer { value = nil }
        return value
    }
    let item: T
    if let cached, fits(cached) { item = cached } else { item = try make() }
    defer { cache.withLock { $0 = item } }
    return try body(item)
}
