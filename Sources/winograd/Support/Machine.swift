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

    /// This process's resident memory (Linux's VmRSS) and its peak since
    /// the start or the last ``resetPeakMemory()`` (VmHWM), in bytes; nil
    /// where /proc/self/status does not tell.
    static var residentMemory: (current: Int, peak: Int)? {
        #if os(Linux)
            guard let bytes = try? InputFile.readBytes("/proc/self/status", limit: 1 << 20, expected: "status")
            else { return nil }
            var current: Int?
            var peak: Int?
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard fields.count >= 2, let kibibytes = Int(fields[1]) else { continue }
                if fields[0] == "VmRSS:" { current = kibibytes * 1024 }
                if fields[0] == "VmHWM:" { peak = kibibytes * 1024 }
            }
            if let current, let peak { return (current, peak) }
        #endif
        return nil
    }

    /// Starts a new peak at the current resident size (Linux: "5" written
    /// to /proc/self/clear_refs), so the peak measures what follows.
    static func resetPeakMemory() {
        #if os(Linux)
            let file = open("/proc/self/clear_refs", O_WRONLY)
            guard file >= 0 else { return }
            _ = write(file, "5", 1)
            close(file)
        #endif
    }
}
