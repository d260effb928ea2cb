"""Loads benchmarks/text_judgement.py, so the corpus tests score exactly what the benchmark prints."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def load() -> ModuleType:
    """The benchmark module (imported once)."""
    if "text_judgement" in sys.modules:
        return sys.modules["text_judgement"]
    spec = importlib.util.spec_from_file_location("text_judgement", ROOT / "benchmarks" / "text_judgement.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
