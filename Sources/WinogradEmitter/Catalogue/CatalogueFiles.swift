import Winograd

/// A file of the committed set: its path relative to Generated/ and its
/// contents.
public struct GeneratedFile: Hashable, Sendable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

extension KernelCatalogue {
    /// The folders of Generated/, relative to it.
    public enum Folder {
        public static let c = "C"
        public static let cHeaders = "C/include"
        public static let swift = "Swift"
        public static let lanes = "Lanes"
        public static let registry = "Registry"
        /// GPU/cuda, GPU/opencl, GPU/glsl, GPU/wgsl.
        public static func gpu(_ language: Language) -> String { "GPU/" + language.rawValue }
    }

    /// Every file of the committed set, paths relative to Generated/: C
    /// sources in C/, their headers in C/include/, Swift in Swift/, the
    /// 16-lane kernels and their registry in Lanes/, the registry of the
    /// C and Swift kernels in Registry/, and the GPU kernels in GPU/<language>/.
    public func files(frames: FrameSet = .builtIn) throws -> [GeneratedFile] {
        var files: [GeneratedFile] = []
        // One simplified program per tile and dims, shared by its precisions and languages.
        var kernelSets: [CatalogueTile: [Int: (NestedTransform, KernelSet)]] = [:]
        func kernelSet(_ tile: CatalogueTile, dims: Int) throws -> (NestedTransform, KernelSet) {
            if let known = kernelSets[tile]?[dims] { return known }
            let nested = try tile.transform(dims: dims)
            let set = (nested, KernelSet(nested, fusedMultiplyAdd: false))
            kernelSets[tile, default: [:]][dims] = set
            return set
        }
        func transform(_ tile: CatalogueTile, dims: Int) throws -> NestedTransform {
            try kernelSet(tile, dims: dims).0
        }
        for kernel in kernels + gpuKernels {
            let set = try kernelSet(kernel.tile, dims: kernel.dims).1
            let options = EmitOptions(
                language: kernel.language, precision: kernel.precision, prefix: kernel.prefix,
                command: try command(kernel, set.tile))
            for file in try KernelFiles.emit(
                set, options: options,
                frames: frames)
            {
                let folder =
                    kernel.language.isGPU
                    ? Folder.gpu(kernel.language)
                    : kernel.language == .swift
                        ? Folder.swift
                        : file.name.hasSuffix(".h") ? Folder.cHeaders : Folder.c
                files.append(GeneratedFile(path: folder + "/" + file.name, contents: file.contents))
            }
        }
        var lanes: [LanesRegistry.Entry] = []
        for tile in lanesTiles {
            let kernel = CommittedKernel(tile: tile, dims: 2, precision: .float, language: .c)
            let kernelTile = try tile.kernelTile(dims: 2)
            // Lanes use the FMA program: c·a + b in one expression, which compilers fuse where the CPU can.
            let options = EmitOptions(
                language: .c, precision: .float, prefix: kernel.prefix,
                command: try command(kernel, kernelTile) + " --lanes")
            let file = try KernelFiles.emitLanes(
                KernelSet(kernelTile, fusedMultiplyAdd: true), options: options,
                frames: frames)
            files.append(GeneratedFile(path: Folder.lanes + "/" + file.name, contents: file.contents))
            lanes.append(LanesRegistry.Entry(prefix: kernel.prefix, header: file.name, tile: kernelTile))
        }
        files.append(
            GeneratedFile(
                path: Folder.lanes + "/" + LanesRegistry.fileName,
                contents: LanesRegistry.header(lanes, command: Self.command)))
        let registered = try kernels.filter { !$0.language.isGPU }.map {
            KernelRegistry.Entry(kernel: $0, transform: try transform($0.tile, dims: $0.dims))
        }
        files.append(
            GeneratedFile(
                path: Folder.registry + "/" + KernelRegistry.fileName,
                contents: KernelRegistry.source(registered, command: Self.command)))
        return files
    }

    /// The command that writes the committed set.
    public static let command = "winograd emit --all"

    private func command(_ kernel: CommittedKernel, _ tile: KernelTile) throws -> String {
        KernelNaming.command(
            tile, points: try kernel.tile.pointLists(dims: kernel.dims), moduli: kernel.tile.moduliList,
            fractionsIn: .g,
            language: kernel.language, precision: kernel.precision, prefix: kernel.prefix, fma: false)
    }
}
