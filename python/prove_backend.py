"""The keras set-up's proof that a backend works: import Keras on it and train one step.

Run with KERAS_BACKEND set (tensorflow, jax or torch) by `tfjs-repro setup keras`, once per
backend, in the new environment. Prints one JSON line {"backend", "loss"} and exits 0, or fails
with the import's or the step's error as its last line of stderr (the set-up shows it).
"""

import json
import os

import numpy as np

import keras

model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(2, activation="tanh"), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
x = np.linspace(0, 1, 4, dtype="float32").reshape(4, 1)
loss = model.train_on_batch(x, np.sin(x).reshape(4, 1))
print(json.dumps({"backend": os.environ["KERAS_BACKEND"], "loss": float(np.asarray(loss).reshape(-1)[0])}))
