"""Replays a tfjs-repro export bundle (`tfjs-repro export --out run.json`) in Keras 3 and prints
each epoch's loss beside tfjs's: the same model, initial weights, data and optimizer, built by the
Keras child's own code (python/keras_child.py). Run it with the Keras environment's Python:

    KERAS_BACKEND=tensorflow .venv-keras/bin/python python/replay_bundle.py run.json [--json]
"""

import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import keras_child  # noqa: E402


def float32s(bits):
    """Bundle values are authoritative as bits: 8 hex digits, big-endian IEEE-754."""
    return [struct.unpack(">f", bytes.fromhex(h))[0] for h in bits]


def replay(bundle):
    import keras
    import numpy as np

    request, scenario = bundle["request"], bundle["request"]["scenario"]
    if bundle["optimizer"]["name"] not in keras_child.SUPPORTED_OPTIMIZERS:
        raise keras_child.UsageError(
            "optimizer %r has no Keras optimizer with the same formula (its formula: %s)" % (bundle["optimizer"]["name"], bundle["optimizer"]["formula"])
        )
    x = np.array(float32s(bundle["data"]["x"]["bits"]), dtype="float32").reshape(bundle["data"]["x"]["shape"])
    y = np.array(float32s(bundle["data"]["y"]["bits"]), dtype="float32").reshape(bundle["data"]["y"]["shape"])
    model = keras_child.build_model(scenario)
    keras_child.set_named_weights(model, bundle["initialWeights"])
    rows = []
    for epoch in range(scenario["epochs"]):
        history = model.fit(x, y, epochs=1, batch_size=scenario["batchSize"], shuffle=False, verbose=0)
        if request["reset"] == "epoch":
            keras_child.reset_states(model)
        rows.append({"epoch": epoch + 1, "keras": float(history.history["loss"][0]), "tfjs": bundle["trajectory"]["epochs"][epoch]["loss"]})
    return {"backend": keras.backend.backend(), "keras": keras.__version__, "epochs": rows}


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as file:
        result = replay(json.load(file))
    if "--json" in argv[2:]:
        print(json.dumps(result))
    else:
        print("epoch  keras (%s on %s)  tfjs" % (result["keras"], result["backend"]))
        for row in result["epochs"]:
            print("%5d  %.9g  %.9g" % (row["epoch"], row["keras"], row["tfjs"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
