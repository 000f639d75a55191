"""onnxruntime-training's training step for one 3x3 conv layer; run by training.py.

Runs in its own virtual environment (Benchmarks/peers/.venv-ort-training, made by
run.sh --train): the onnxruntime-training wheel provides an `onnxruntime` module of
its own, so it cannot share .venv with the onnxruntime package.

The step graph: ORT's gradient builder (GradientGraphBuilder, training builds only) is
given Conv(X, W) with the loss sum(Y * dY), so that dL/dY = dY, and asked for the
gradients of X and W. It emits one com.microsoft ConvGrad node, ConvGrad(dY, X, W) ->
(dX, dW); the step graph is that node next to the Conv node, with dY a graph input.
One InferenceSession.run computes Y, dX and dW; the filters are an input, so a step
with new filters feeds the next of the two sets.

    python ort_training_step.py DIR --padding P --threads T [--budget S --runs N] [--results]

DIR holds x.npy, w0.npy, w1.npy and dy.npy. Prints one JSON line: the step's median
and times (ms), or with --results, writes y.npy, dx.npy and dw.npy for w1 into DIR.
"""

import argparse
import json
import os
import statistics
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper
from onnxruntime.capi._pybind_state import GradientGraphBuilder

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peers import R, S, time_calls  # noqa: E402  (numpy and the standard library only)


def step_model(x_shape, w_shape, dy_shape, p):
    """Conv and the ConvGrad node ORT's gradient builder makes for it, as one graph."""
    f = TensorProto.FLOAT
    conv = helper.make_node("Conv", ["X", "W"], ["Y"], kernel_shape=[R, S], pads=[p] * 4,
                            strides=[1, 1], dilations=[1, 1], group=1)
    inputs = [helper.make_tensor_value_info("X", f, x_shape),
              helper.make_tensor_value_info("W", f, w_shape),
              helper.make_tensor_value_info("dY", f, dy_shape)]
    loss_graph = helper.make_graph(
        [conv, helper.make_node("Mul", ["Y", "dY"], ["P"]),
         helper.make_node("ReduceSum", ["P"], ["L"], keepdims=0)],
        "loss", inputs, [helper.make_tensor_value_info("L", f, [])])
    loss_model = helper.make_model(loss_graph, opset_imports=[helper.make_opsetid("", 17)])
    loss_model.ir_version = 8
    builder = GradientGraphBuilder(loss_model.SerializeToString(), {"L"}, {"X", "W"}, "L")
    builder.build()
    grads = onnx.load_from_string(builder.get_model())
    grad_nodes = [n for n in grads.graph.node if n.op_type == "ConvGrad"]
    if len(grad_nodes) != 1:
        raise RuntimeError("the gradient builder made no single ConvGrad node: "
                           + ", ".join(n.op_type for n in grads.graph.node))
    node = grad_nodes[0]  # ConvGrad(dL/dY, X, W) -> (dL/dX, dL/dW)
    names = {"X": "X", "W": "W", "X_grad": "dX", "W_grad": "dW"}
    node.input[0] = "dY"
    node.input[1:] = [names[i] for i in node.input[1:]]
    node.output[:] = [names[o] for o in node.output]
    graph = helper.make_graph([conv, node], "step", inputs,
                              [helper.make_tensor_value_info(o, f, None) for o in ("Y", "dX", "dW")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17),
                                                    helper.make_opsetid("com.microsoft", 1)])
    model.ir_version = 8
    return model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--padding", type=int, required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--budget", type=float, default=0.4)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--results", action="store_true")
    a = ap.parse_args()

    x, w0, w1, dy = (np.load(os.path.join(a.dir, f"{n}.npy")) for n in ("x", "w0", "w1", "dy"))
    model = step_model(list(x.shape), list(w0.shape), list(dy.shape), a.padding)
    so = ort.SessionOptions()
    so.intra_op_num_threads = a.threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    sess = ort.InferenceSession(model.SerializeToString(), so, providers=["CPUExecutionProvider"])
    weights = [w0, w1]
    state = {"step": 0}

    def step():  # new filters (the other set), forward, dX and dW
        w = weights[state["step"] % 2]
        state["step"] += 1
        return sess.run(["Y", "dX", "dW"], {"X": x, "W": w, "dY": dy})

    if a.results:
        state["step"] = 1  # a step on the filters of odd steps, w1, as for the other rows
        y, dx, dw = step()
        for name, arr in (("y", y), ("dx", dx), ("dw", dw)):
            np.save(os.path.join(a.dir, f"{name}.npy"), arr)
        print(json.dumps({"version": ort.__version__,
                          "nodes": [n.op_type for n in model.graph.node]}))
        return
    times = time_calls(step, a.budget, 3, a.runs)
    print(json.dumps({"step_ms": statistics.median(times), "runs": len(times),
                      "version": ort.__version__}))


if __name__ == "__main__":
    main()
