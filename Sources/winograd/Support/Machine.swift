#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Facts about the machine the tool runs on.
enum Machine {
    /// Online processors.
    static var cores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Bytes of memory a new allocation can get without swapping: Linux's
    /// MemAvailable, else the physical memory; nil when neither is known.
    static var availableMemory: Int? {
        #if os(Linux)
            if let bytes = try? InputFile.readBytes("/proc/meminfo", limit: 1 << 20, expected: "/proc/meminfo") {
                let text = String(decoding: bytes, as: UTF8.self)
                for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
                    let fields = line.split(separator: " ")
                    if fields.count >= 2, let kibibytes = Int(fields[1]) { return kibibytes * 1024 }
                }
            }
        #endif
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return nil }
        return Int(pages).multipliedReportingOverflow(by: Int(size)).partialValue
    }
}
