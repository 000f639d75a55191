import ArgumentParser
import Winograd
import WinogradAnalysis
import WinogradEmitter
import WinogradRuntime

// The libraries' closed sets, typed options of the tool. The libraries do not
// depend on ArgumentParser, so the conformances live here. (Not
// `@retroactive`: the types are declared in this package.)

extension Backend: ArgumentValue {}
extension InstructionSet: ArgumentValue {}
extension FilterStorage: ArgumentValue {}
extension TensorLayout: ArgumentValue {}
extension ImageScaling: ArgumentValue {}
extension NamedFilter: ArgumentValue {}
extension Language: ArgumentValue {}
extension Precision: ArgumentValue {}
extension FractionPlacement: ArgumentValue {}
extension TransformFormat: ArgumentValue {}
extension NumberFormat: ArgumentValue {}
extension EvaluationMode: ArgumentValue {}
extension Distribution: ArgumentValue {}
