/// The languages kernels are emitted in: one simplified program, spelled
/// per language (``KernelSyntax``) inside the language's frames
/// (`templates/<language>/`).
public enum Language: String, CaseIterable, Sendable {
    case c
    case swift
    /// CUDA C++: `__device__` functions and `__global__` batch kernels.
    case cuda
    /// OpenCL C: functions and `__kernel` batch kernels.
    case opencl
    /// GLSL 4.50 compute shaders for Vulkan (SPIR-V through glslang).
    case glsl
    /// WGSL, the WebGPU shading language.
    case wgsl

    /// The languages of the committed kernels unless a catalogue line says
    /// otherwise, and of the kernel registry: the CPU languages.
    public static let host: [Language] = [.c, .swift]

    /// "C", "OpenCL C", for messages and help.
    public var name: String {
        switch self {
        case .c: "C"
        case .swift: "Swift"
        case .cuda: "CUDA"
        case .opencl: "OpenCL C"
        case .glsl: "GLSL"
        case .wgsl: "WGSL"
        }
    }

    /// The element types the language has: GLSL's doubles need an
    /// extension and a device feature, and WGSL has none.
    public var precisions: [Precision] {
        switch self {
        case .c, .swift, .cuda, .opencl: [.float, .double]
        case .glsl, .wgsl: [.float]
        }
    }

    /// Whether the language's files hold device functions and batch kernels
    /// for a GPU (``GPUKernelFiles``).
    public var isGPU: Bool {
        switch self {
        case .c, .swift: false
        case .cuda, .opencl, .glsl, .wgsl: true
        }
    }
}
