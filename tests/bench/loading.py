"""bench/ is a folder of scripts, not a package: its modules are loaded from their files."""

import importlib.util
from pathlib import Path

BENCH = Path(__file__).parents[2] / "bench"


def bench_module(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
