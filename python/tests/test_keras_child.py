"""Tests of the Keras child's own parts; run by `npm test` (spec/e2e/keras.test.ts) with the
Keras environment's Python: `.venv-keras/bin/python -m unittest discover -s python/tests`."""

import io
import json
import math
import importlib.util
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import keras_child  # noqa: E402


class Float32Bits(unittest.TestCase):
    def test_bit_patterns_round_trip_and_keep_specials(self):
        self.assertEqual(keras_child.float32_hex(1.0), "3f800000")
        self.assertEqual(keras_child.float32_hex(-0.0), "80000000")
        self.assertEqual(keras_child.float32_hex(float("inf")), "7f800000")
        self.assertTrue(math.isnan(keras_child.hex_float32(keras_child.float32_hex(float("nan")))))
        self.assertEqual(keras_child.loss_point(float("nan"))["loss"], None)
        # 0.1 is not a float32: its point is the nearest float32, not the float64 decimal.
        self.assertEqual(keras_child.loss_point(0.1), {"loss": 0.10000000149011612, "lossBits": "3dcccccd"})

    def test_weight_digest_is_sha256_of_float32_bytes_in_order(self):
        # The same value the Node side computes (spec/e2e/keras.test.ts checks both agree).
        self.assertEqual(keras_child.digest_weights([[1.0, 2.0], [3.0]]), "8e628779e6a74ee0")
        self.assertNotEqual(keras_child.digest_weights([[3.0], [1.0, 2.0]]), keras_child.digest_weights([[1.0, 2.0], [3.0]]))


class Protocol(unittest.TestCase):
    def run_message(self, line):
        channel = io.StringIO()
        code = keras_child.serve(io.StringIO(line), channel, 0.0)
        return code, [json.loads(l) for l in channel.getvalue().splitlines()]

    def test_a_bad_envelope_is_an_error_message_not_a_crash(self):
        code, messages = self.run_message('{"marker": "tfjs-repro", "version": 2, "type": "run"}\n')
        self.assertEqual(code, 1)
        self.assertEqual([m["type"] for m in messages], ["error"])
        self.assertEqual(messages[0]["code"], "usage")
        self.assertIn("version: expected 1, got 2", messages[0]["message"])
        code, messages = self.run_message("not json\n")
        self.assertIn("not JSON", messages[0]["message"])

    def test_only_the_seed_scenario_and_its_optimizers(self):
        request = {"scenario": {"scenario": "blobs-dropout-classifier", "optimizer": "adam"}, "case": "loop", "reset": "none", "backend": "jax"}
        code, messages = self.run_message(json.dumps({"marker": "tfjs-repro", "version": 1, "type": "run", "request": request}) + "\n")
        self.assertEqual(messages[-1]["code"], "usage")
        self.assertIn("stateful-lstm-sine, only", messages[-1]["message"])

    def test_messages_follow_the_shared_definition(self):
        # protocol.json is src/run/protocol.ts's PROTOCOL (spec/unit/run/protocol-json.test.ts).
        self.assertEqual(keras_child.PROTOCOL["child"]["epoch"], ["epoch", "epochs", "loss"])
        send = keras_child.make_sender(io.StringIO())
        with self.assertRaisesRegex(AssertionError, "the epoch message has no epochs, loss"):
            send({"type": "epoch", "epoch": 1})
        code, messages = self.run_message('{"marker": "tfjs-repro", "version": 1, "type": "run"}\n')
        self.assertEqual((code, messages[-1]["code"]), (1, "usage"))
        self.assertIn("the run message has no request", messages[-1]["message"])

    def test_every_message_carries_the_envelope(self):
        code, messages = self.run_message("{}\n")
        self.assertEqual({(m["marker"], m["version"]) for m in messages}, {("tfjs-repro", 1)})


class UpstreamCanary(unittest.TestCase):
    """keras_child.torch_stateful_lstm_workaround: Keras 3.15.1 on torch cannot train a stateful
    LSTM with a custom activation through its fallback LSTM. This canary fails once Keras can:
    then the workaround (use_cudnn=False on torch) can go."""

    @unittest.skipUnless(importlib.util.find_spec("torch"), "keras/torch not available: `tfjs-repro setup keras` found no CPU build of PyTorch")
    def test_torch_fallback_lstm_still_breaks(self):
        script = (
            "import numpy as np, keras_child\n"
            "scenario = dict(batchSize=4, units=3, layers=2, optimizer='sgd', learningRate=0.01)\n"
            "model = keras_child.build_model(scenario, workaround=False)\n"
            "x = np.ones((8, 1, 1), 'float32'); y = np.ones((8, 1), 'float32')\n"
            "try:\n"
            "    model.fit(x, y, epochs=1, batch_size=4, shuffle=False, verbose=0)\n"
            "    print('trains')\n"
            "except RuntimeError as error:\n"
            "    print('breaks' if 'modified by an inplace operation' in str(error) else 'other: %s' % error)\n"
        )
        env = dict(os.environ, KERAS_BACKEND="torch", PYTHONPATH=os.path.dirname(HERE))
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
        self.assertEqual(
            out.stdout.strip(),
            "breaks",
            "Keras on torch now trains a stateful LSTM without the workaround: remove torch_stateful_lstm_workaround (python/keras_child.py)\n" + out.stderr[-2000:],
        )


if __name__ == "__main__":
    unittest.main()
