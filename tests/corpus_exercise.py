"""Run in a subprocess by test_corpus.py: import every provider module of a generated package and
build every validator it will use, so a broken model or decoder fails here, not at a user's call.

usage: python corpus_exercise.py PACKAGE KEY...   (with the package's folder on PYTHONPATH)
"""

from __future__ import annotations

import importlib
import sys

import pydantic


def exercise(package: str, key: str) -> None:
    models = importlib.import_module(f"{package}.{key}.models")
    client = importlib.import_module(f"{package}.{key}.client")
    for value in vars(models).values():
        if isinstance(value, type) and issubclass(value, pydantic.BaseModel) and value.__module__ == models.__name__:
            value.model_rebuild(force=True)
            value.model_json_schema()
    for value in vars(client).values():
        if type(value).__name__ == "Endpoint":
            for decoder in [value.result, *value.errors.values()]:
                pydantic.TypeAdapter(decoder.type)


def main(package: str, keys: list[str]) -> int:
    failures = 0
    for key in keys:
        try:
            exercise(package, key)
        except Exception as exc:  # report every provider, then fail
            failures += 1
            print(f"{key}: {type(exc).__name__}: {exc}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
