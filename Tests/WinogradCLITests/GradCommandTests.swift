import Foundation
import TestSupport
import Testing

@Suite("transpose and grad commands")
struct GradCommandTests {
    @Test(arguments: [["conv", "--transpose"], ["grad", "--wrt", "input"], ["grad", "--wrt", "filter"]])
    func checkedAgainstFloat64(_ operation: [String]) throws {
        for backend in ["generated", "generic", "direct", "im2col"] {
            let result = try WinogradCLI.run(
                operation + [
                    "--n", "2", "--c", "3", "--k", "5", "--h", "10", "--w", "13", "--padding", "1",
                    "--backend", backend, "--check", "--json",
                ])
            #expect(result.succeeded, "\(result)")
            let object = try jsonObject(result.stdout)
            let error = try #require(object["max_abs_error"] as? Double, "\(result)")
            #expect(error < 1e-4, "\(operation) \(backend): \(error)")
            // Plan, first call, steady median and update(filters:) timed apart.
            for key in ["plan_ms", "first_ms", "time_ms", "update_ms"] {
                #expect((object[key] as? Double).map { $0 > 0 } == true, "\(key): \(result)")
            }
            #expect(object["repeat"] as? Int == 1, "\(result)")
        }
    }

    /// The worked example through files: input 0…34 (5×7), kernel 1…9,
    /// padding 1, dL/dY all ones.
    @Test func classicNumbersFromFiles() throws {
        guard Tools.hasNumPy, let python3 = Tools.python3 else { return }
        try withTemporaryDirectory { directory in
            let script = """
                import numpy as np
                np.save('x.npy', np.arange(35, dtype=np.float32).reshape(1, 1, 5, 7))
                np.save('w.npy', np.arange(1, 10, dtype=np.float32).reshape(1, 1, 3, 3))
                np.save('dy.npy', np.ones((1, 1, 5, 7), dtype=np.float32))
                """
            let made = try WinogradCLI.runProgram(python3, ["-c", script], currentDirectory: directory)
            try #require(made.succeeded, "\(made)")
            let path = { (name: String) in directory.appendingPathComponent(name).path }
            let filter = try WinogradCLI.run([
                "grad", "--wrt", "filter", "--input", path("x.npy"), "--filters", path("w.npy"),
                "--output-gradient", path("dy.npy"), "--padding", "1", "--output", path("dw.npy"),
            ])
            #expect(filter.succeeded, "\(filter)")
            let input = try WinogradCLI.run([
                "grad", "--wrt", "input", "--input", path("x.npy"), "--filters", path("w.npy"),
                "--output-gradient", path("dy.npy"), "--padding", "1", "--output", path("dx.npy"),
            ])
            #expect(input.succeeded, "\(input)")
            let read = try WinogradCLI.runProgram(
                python3,
                [
                    "-c",
                    "import numpy as np; print(np.rint(np.load('dw.npy')).astype(int).ravel().tolist()); "
                        + "print(np.rint(np.load('dx.npy')).astype(int).ravel()[:14].tolist())",
                ],
                currentDirectory: directory)
            #expect(
                read.stdoutLines == [
                    "[312, 378, 336, 495, 595, 525, 480, 574, 504]",
                    "[12, 21, 21, 21, 21, 21, 16, 27, 45, 45, 45, 45, 45, 33]",
                ], "\(read)")
        }
    }

    @Test func badArguments() throws {
        expectCleanError(try WinogradCLI.run(["grad", "--n", "1"]), mentioning: ["--wrt"])
        expectCleanError(
            try WinogradCLI.run(["grad", "--wrt", "bias", "--n", "1"]),
            mentioning: ["'bias'", "--wrt", "'input' and 'filter'"])
    }

    /// Layers whose input and filters fit 1 MiB but whose run does not:
    /// refused at once, in one line that names the part the operation adds
    /// and --max-memory.
    @Test(
        "a transposed convolution or gradient needing more memory than allowed is refused before it allocates",
        arguments: [
            (["conv", "--transpose", "--backend", "generated"], "flipped and transformed filters"),
            (["conv", "--transpose", "--backend", "im2col"], "workspace"),
            (["conv", "--transpose", "--backend", "direct", "--check"], "float64 check"),
            (["grad", "--wrt", "input", "--backend", "generated"], "gradient plan"),
            (["grad", "--wrt", "input", "--backend", "auto"], "workspace"),
            (["grad", "--wrt", "filter", "--backend", "generated"], "gradient plan"),
            (["grad", "--wrt", "filter", "--backend", "im2col"], "workspace"),
            (["grad", "--wrt", "filter", "--backend", "direct-f64"], "workspace"),
            (["grad", "--wrt", "input", "--backend", "direct", "--check"], "float64 check"),
        ])
    func memoryLimit(_ operation: [String], part: String) throws {
        let layer = ["--c", "64", "--k", "64", "--h", "56", "--w", "56", "--padding", "1", "--max-memory", "1M"]
        let result = try WinogradCLI.run(operation + layer, timeout: 20)
        expectCleanError(result, mentioning: ["this run needs", "output", part, "--max-memory"])
        #expect(result.stdout.isEmpty, "\(result)")
    }
}
