"""tfjs-repro's Keras child: one run of the seed experiment in Keras 3, in a fresh Python process.

The parent (src/runtimes/keras/spawn-keras-run.ts) starts it with KERAS_BACKEND set (tensorflow, jax or
torch) and speaks tfjs-repro's protocol with it: one ``run`` message as a JSON line on stdin;
``ready``, ``epoch`` …, then one ``result`` or ``error`` as JSON lines on file descriptor 3.
Never on stdout, which TensorFlow, JAX and absl fill with banners. Float32 values travel as
their bit patterns (8 hex digits), so NaN, ±Infinity and -0 survive.

The model is the one in src/scenario/stateful-lstm.ts: stacked stateful LSTMs with Keras 2's
hard sigmoid (Keras 3's ``hard_sigmoid`` is relu6(x + 3) / 6, another function), glorot-uniform
kernels, orthogonal recurrent kernels, unit forget bias, Dense(1); mse; shuffle=False; Keras
2.0.4's Adadelta hyper-parameters (rho 0.95, epsilon 1e-8) or plain SGD.
"""

import hashlib
import json
import math
import os
import platform
import struct
import sys
import time

# The protocol's one definition is src/run/protocol.ts; protocol.json beside this file is its copy
# as data (a unit test on the Node side holds the two equal). Every message sent is checked against it.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "protocol.json"), encoding="utf-8") as _file:
    PROTOCOL = json.load(_file)
PROTOCOL_MARKER = PROTOCOL["marker"]
PROTOCOL_VERSION = PROTOCOL["version"]
ADADELTA_RHO = 0.95
ADADELTA_EPSILON = 1e-8
DIGEST_HEX_DIGITS = 16
SUPPORTED_OPTIMIZERS = ("adadelta", "sgd")
RECORDED_ENV_PREFIXES = ("TF_", "OMP_", "KMP_", "MKL_", "XLA_")
RECORDED_ENV_NAMES = ("KERAS_BACKEND", "PYTHONHASHSEED")


class UsageError(Exception):
    """A request this child cannot run; reported with code ``usage``."""


def float32_hex(value):
    """The bit pattern of a value rounded to float32, as 8 lower-case hex digits."""
    return "%08x" % struct.unpack("<I", struct.pack("<f", float(value)))[0]


def hex_float32(bits):
    return struct.unpack("<f", struct.pack("<I", int(bits, 16)))[0]


def loss_point(value):
    bits = float32_hex(value)
    as_float32 = hex_float32(bits)
    return {"loss": as_float32 if math.isfinite(as_float32) else None, "lossBits": bits}


def digest_weights(arrays):
    """SHA-256 over every weight's float32 little-endian bytes, in model order (as the Node side)."""
    import numpy as np

    sha = hashlib.sha256()
    for array in arrays:
        sha.update(np.ascontiguousarray(array, dtype="<f4").tobytes())
    return sha.hexdigest()[:DIGEST_HEX_DIGITS]


def weights_to_named(model):
    named = []
    for layer in model.layers:
        for variable, short in zip(layer.weights, weight_short_names(layer)):
            values = variable.numpy().astype("<f4")
            named.append(
                {
                    "name": "%s/%s" % (layer.name, short),
                    "shape": list(values.shape),
                    "bits": ["%08x" % b for b in values.reshape(-1).view("<u4").tolist()],
                }
            )
    return named


def weight_short_names(layer):
    count = len(layer.weights)
    if count == 3:
        return ("kernel", "recurrent_kernel", "bias")
    return ("kernel", "bias")[:count]


def set_named_weights(model, given):
    import numpy as np

    by_name = {w["name"]: w for w in given}
    values, problems = [], []
    for layer in model.layers:
        for variable, short in zip(layer.weights, weight_short_names(layer)):
            name = "%s/%s" % (layer.name, short)
            shape = list(variable.shape)
            w = by_name.get(name)
            if w is None or list(w["shape"]) != shape:
                problems.append("%s [%s]: %s" % (name, "x".join(map(str, shape)), "missing" if w is None else "given [%s]" % "x".join(map(str, w["shape"]))))
                continue
            bits = np.array([int(b, 16) for b in w["bits"]], dtype="<u4")
            values.append(bits.view("<f4").reshape(shape))
    if problems:
        raise UsageError("initialWeights do not fit the model: " + "; ".join(problems))
    model.set_weights(values)


def torch_stateful_lstm_workaround(backend):
    """Keras 3.15.1 on torch: a stateful LSTM with a custom activation goes through
    keras/src/backend/torch/rnn.py's ``_fallback_lstm``, which reads the state variable without a
    copy; the state update then modifies in place a tensor that backward needs ("one of the
    variables needed for gradient computation has been modified by an inplace operation").
    ``use_cudnn=False`` takes the generic RNN loop, which copies the states first (the fix of
    https://github.com/keras-team/keras/issues/20875). The same hole on the cuDNN path:
    https://github.com/keras-team/keras/issues/23462. Canary: python/tests/test_keras_child.py
    (test_torch_fallback_lstm_still_breaks) fails once Keras no longer needs this."""
    return {"use_cudnn": False} if backend == "torch" else {}


def keras2_hard_sigmoid(x):
    """Keras 2's (and tfjs's) hard sigmoid: clip(0.2·x + 0.5, 0, 1)."""
    from keras import ops

    return ops.clip(0.2 * x + 0.5, 0.0, 1.0)


def build_model(scenario, workaround=True):
    import keras

    extra = torch_stateful_lstm_workaround(keras.backend.backend()) if workaround else {}

    batch, units, layers = scenario["batchSize"], scenario["units"], scenario["layers"]
    inputs = keras.Input(batch_shape=(batch, 1, 1))
    outputs = inputs
    for index in range(1, layers + 1):
        outputs = keras.layers.LSTM(
            units,
            name="lstm_%d" % index,
            stateful=True,
            return_sequences=index < layers,
            activation="tanh",
            recurrent_activation=keras2_hard_sigmoid,
            kernel_initializer="glorot_uniform",
            recurrent_initializer="orthogonal",
            bias_initializer="zeros",
            unit_forget_bias=True,
            **extra,
        )(outputs)
    outputs = keras.layers.Dense(1, name="dense", activation="linear", kernel_initializer="glorot_uniform", bias_initializer="zeros")(outputs)
    model = keras.Model(inputs, outputs)
    model.compile(loss="mse", optimizer=make_optimizer(scenario))
    return model


def make_optimizer(scenario):
    import keras

    name, rate = scenario["optimizer"], float(scenario["learningRate"])
    if name == "adadelta":
        return keras.optimizers.Adadelta(learning_rate=rate, rho=ADADELTA_RHO, epsilon=ADADELTA_EPSILON)
    if name == "sgd":
        return keras.optimizers.SGD(learning_rate=rate)
    raise UsageError("optimizer %r: the keras runtime runs %s" % (name, " and ".join(SUPPORTED_OPTIMIZERS)))


def set_random_seed(seed):
    """keras.utils.set_random_seed: Python's, NumPy's, Keras's and the backend's generators. On jax
    and torch it would also import TensorFlow (installed beside them) only to seed TensorFlow's
    generator, which no op of those backends draws from: 2.3–2.5 s of every run. There Keras is told
    TensorFlow is absent, as in an environment without it; the goldens of jax and torch (made
    before this) reproduce bit for bit."""
    import keras

    if keras.backend.backend() != "tensorflow":
        from keras.src.utils import module_utils

        module_utils.tensorflow._available = False
    keras.utils.set_random_seed(seed)


def reset_states(model):
    for layer in model.layers:
        if getattr(layer, "stateful", False):
            layer.reset_state()


def check_request(request):
    scenario = request.get("scenario", {})
    if scenario.get("scenario") != "stateful-lstm-sine":
        raise UsageError("scenario %r: the keras runtime runs the seed experiment, stateful-lstm-sine, only" % scenario.get("scenario"))
    if scenario.get("optimizer") not in SUPPORTED_OPTIMIZERS:
        raise UsageError("optimizer %r: the keras runtime runs %s" % (scenario.get("optimizer"), " and ".join(SUPPORTED_OPTIMIZERS)))
    if request.get("case") not in ("loop", "single") or request.get("reset") not in ("none", "epoch"):
        raise UsageError("case %r / reset %r: expected loop or single / none or epoch" % (request.get("case"), request.get("reset")))


def train(request, data, send):
    """Trains as the request says and returns the trajectory's training fields."""
    import keras
    import numpy as np

    scenario = request["scenario"]
    # The seed answer's way to seed Keras: Python's, NumPy's and the backend's generators.
    set_random_seed(scenario["seed"])
    samples, epochs, batch = scenario["samples"], scenario["epochs"], scenario["batchSize"]
    x = np.array(data["x"], dtype="float32").reshape(samples, 1, 1)
    y = np.array(data["y"], dtype="float32").reshape(samples, 1)
    model = build_model(scenario)
    if request.get("initialWeights") is not None:
        set_named_weights(model, request["initialWeights"])
    initial = weights_to_named(model)

    record = {"epochs": [], "batches": [], "weightDigests": []}
    state = {"epoch": 0}
    reset_in_callback = request["reset"] == "epoch" and request["case"] == "single"
    reset_after_fit = request["reset"] == "epoch" and request["case"] == "loop"

    class Recorder(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            state["epoch"] += 1

        def on_train_batch_end(self, batch, logs=None):
            # Keras 3 logs the running mean of the epoch so far, not the batch's own loss.
            record["batches"].append(dict(epoch=state["epoch"], batch=batch + 1, **loss_point((logs or {}).get("loss", float("nan")))))

        def on_epoch_end(self, epoch, logs=None):
            loss = float((logs or {}).get("loss", float("nan")))
            record["epochs"].append(dict(epoch=state["epoch"], numTensors=0, **loss_point(loss)))
            record["weightDigests"].append(digest_weights(self.model.get_weights()))
            send({"type": "epoch", "epoch": state["epoch"], "epochs": epochs, "loss": loss if math.isfinite(loss) else None})
            if reset_in_callback:
                reset_states(self.model)

    fit_args = dict(batch_size=batch, shuffle=False, verbose=0, callbacks=[Recorder()])
    started = time.perf_counter()
    if request["case"] == "loop":
        for _ in range(epochs):
            model.fit(x, y, epochs=1, **fit_args)
            if reset_after_fit:
                reset_states(model)
    else:
        model.fit(x, y, epochs=epochs, **fit_args)
    train_ms = (time.perf_counter() - started) * 1000
    predictions = [float(v) if math.isfinite(v) else None for v in model.predict(x, batch_size=batch, verbose=0).reshape(-1).tolist()]
    return dict(record, initialWeights=initial, predictions=predictions, trainMs=train_ms)


def provenance(backend):
    import keras
    import numpy as np

    packages = {"keras": keras.__version__, "numpy": np.__version__, "python": platform.python_version()}
    if backend == "tensorflow":
        import tensorflow as tf

        packages["tensorflow"] = tf.__version__
    elif backend == "jax":
        import jax
        import jaxlib

        packages["jax"] = jax.__version__
        packages["jaxlib"] = jaxlib.__version__
    elif backend == "torch":
        import torch

        packages["torch"] = torch.__version__
    # The variables that can change the numbers (not KERAS_HOME, a path that differs per checkout).
    env = {k: v for k, v in sorted(os.environ.items()) if k.startswith(RECORDED_ENV_PREFIXES) or k in RECORDED_ENV_NAMES}
    return {
        "runtime": "keras",
        "backend": backend,
        "packages": packages,
        "node": "",
        "python": platform.python_version(),
        "platform": sys.platform,
        "arch": {"x86_64": "x64", "aarch64": "arm64"}.get(platform.machine(), platform.machine()),
        "cpu": cpu_model(),
        "env": env,
        "flags": {},
    }


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def peak_rss_mb():
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def parse_run_message(line):
    try:
        message = json.loads(line)
    except ValueError as error:
        raise UsageError("protocol error: the run message is not JSON (%s)" % error)
    if not isinstance(message, dict) or message.get("marker") != PROTOCOL_MARKER:
        raise UsageError("protocol error: marker: expected %r" % PROTOCOL_MARKER)
    if message.get("version") != PROTOCOL_VERSION:
        raise UsageError("protocol error: version: expected %d, got %r" % (PROTOCOL_VERSION, message.get("version")))
    if message.get("type") != "run":
        raise UsageError("protocol error: type: expected run, got %r" % message.get("type"))
    missing = [field for field in PROTOCOL["parent"]["run"]["required"] if field not in message]
    if missing:
        raise UsageError("protocol error: the run message has no %s" % ", ".join(missing))
    return message


def make_sender(channel):
    """A function that writes one message as a JSON line, after checking it carries its type's fields."""

    def send(payload):
        missing = [field for field in PROTOCOL["child"][payload["type"]] if field not in payload]
        if missing:
            raise AssertionError("protocol: the %s message has no %s" % (payload["type"], ", ".join(missing)))
        channel.write(json.dumps(dict(marker=PROTOCOL_MARKER, version=PROTOCOL_VERSION, **payload), allow_nan=False) + "\n")
        channel.flush()

    return send


def serve(stdin, channel, started):
    send = make_sender(channel)

    try:
        message = parse_run_message(stdin.readline())
        request = message["request"]
        check_request(request)
        backend = os.environ.get("KERAS_BACKEND", "")
        if request.get("backend") != backend:
            raise UsageError("backend %r: this child was started with KERAS_BACKEND=%r" % (request.get("backend"), backend))
        import keras  # noqa: F401  (loads the backend: the start-up the parent reports)

        startup_ms = (time.perf_counter() - started) * 1000
        send({"type": "ready", "startupMs": startup_ms})
        training = train(request, message["data"], send)
        trajectory = {
            "format": PROTOCOL["trajectory"]["format"],
            "version": PROTOCOL["trajectory"]["version"],
            "request": request,
            "epochs": training["epochs"],
            "batches": training["batches"],
            "weightDigests": training["weightDigests"],
            "initialWeights": training["initialWeights"],
            "predictions": training["predictions"],
            "provenance": provenance(backend),
            "timings": {
                "startupMs": startup_ms,
                "trainMs": training["trainMs"],
                "msPerEpoch": training["trainMs"] / request["scenario"]["epochs"],
                "peakRssMb": peak_rss_mb(),
            },
        }
        send({"type": "result", "trajectory": trajectory})
        return 0
    except Exception as error:  # every failure becomes an error message; the traceback goes to stderr
        import traceback

        traceback.print_exc(file=sys.stderr)
        code = "usage" if isinstance(error, UsageError) else "internal"
        send({"type": "error", "code": code, "message": "%s: %s" % (type(error).__name__, error) if code == "internal" else str(error)})
        return 1


def main():
    started = time.perf_counter()
    try:
        channel = os.fdopen(3, "w", encoding="utf-8")
    except OSError:
        sys.stderr.write("tfjs-repro keras child: start it through tfjs-repro (it needs the message pipe on fd 3).\n")
        return 2
    with channel:
        return serve(sys.stdin, channel, started)


if __name__ == "__main__":
    sys.exit(main())
