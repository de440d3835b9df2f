"""Resolves the keras set-up's install plan with pip (without installing) and checks it is whole.

`tfjs-repro setup keras` installs pinned lists with `pip install --no-deps`, so nothing adds a
package the lists forgot: a wheel whose requirements are not in the plan installs, then fails to
import (torch 2.13.0's CUDA build without its NVIDIA packages: `libcudnn.so.9: cannot open`).
This asks pip what it would install from these lists, in the caller's environment (run it with
pip's find-links and config hidden to see a user's machine), and checks that every requirement of
every planned wheel (markers evaluated, no extras) is met inside the plan.

Usage: python check_install_plan.py REQUIREMENTS [REQUIREMENTS ...]
Prints one JSON object: {"resolved", "installs", "unmet", "pipError"}; exit 0 when resolved and whole.
The pip that resolves is this Python's, or the one whose interpreter TFJS_REPRO_PLAN_PIP_PYTHON
names; TFJS_REPRO_PLAN_PIP_ARGS adds options to it (space-separated, e.g. --use-feature=fast-deps).
"""

import json
import os
import re
import subprocess
import sys
import tempfile

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
    from packaging.version import Version
except ImportError:  # a Python without packaging: pip's own copy
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.utils import canonicalize_name
    from pip._vendor.packaging.version import Version


def without_hashes(file):
    """The list without its --hash options: with them pip downloads every wheel (GBs) to check it;
    without them, a pip with fast-deps reads each wheel's metadata alone (HTTP range requests).
    The set-up itself keeps them."""
    with open(file) as source:
        text = re.sub(r"\s--hash=\S+", "", source.read())
    handle, path = tempfile.mkstemp(suffix=".txt")
    with os.fdopen(handle, "w") as target:
        target.write(text)
    return path


def main(files):
    # One pip call per list, as the set-up installs them (a list with hashes turns pip's
    # --require-hashes on for everything in its call).
    plan = {}
    for file in files:
        args = [os.environ.get("TFJS_REPRO_PLAN_PIP_PYTHON", sys.executable), "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-deps", "--only-binary=:all:",
                "--disable-pip-version-check", "--no-input", "--quiet", "--report", "-", *os.environ.get("TFJS_REPRO_PLAN_PIP_ARGS", "").split(), "-r", without_hashes(file)]
        pip = subprocess.run(args, capture_output=True, text=True)
        if pip.returncode != 0:
            error = [line for line in pip.stderr.splitlines() if line.startswith("ERROR")]
            print(json.dumps({"resolved": False, "installs": [], "unmet": [], "pipError": f"{file}: {(error or [pip.stderr.strip()])[-1]}"}))
            return 1
        for item in json.loads(pip.stdout)["install"]:
            plan[canonicalize_name(item["metadata"]["name"])] = item["metadata"]
    unmet = []
    for name, metadata in sorted(plan.items()):
        for text in metadata.get("requires_dist", []):
            requirement = Requirement(text)
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
                continue
            wanted = canonicalize_name(requirement.name)
            have = plan.get(wanted)
            if have is None or not requirement.specifier.contains(Version(have["version"]), prereleases=True):
                unmet.append(f"{name} {metadata['version']} needs {text}; the plan has {have['version'] if have else 'none'}")
    installs = sorted(f"{name}=={metadata['version']}" for name, metadata in plan.items())
    print(json.dumps({"resolved": True, "installs": installs, "unmet": unmet, "pipError": None}))
    return 0 if not unmet else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
