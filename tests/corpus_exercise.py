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
    for name in dir(models):  # a large provider's models load on first use: dir() names them all
        value = getattr(models, name)
        if isinstance(value, type) and issubclass(value, pydantic.BaseModel) and declared_in(value, models.__name__):
            value.model_rebuild(force=True)
            value.model_json_schema()
    for value in vars(client).values():
        if type(value).__name__ == "Endpoint":
            for decoder in [value.result, *value.errors.values()]:
                pydantic.TypeAdapter(decoder.type)


def declared_in(cls: type, models: str) -> bool:
    """Whether ``cls`` is the provider's: declared in its models module, or in its models package."""
    return cls.__module__ == models or cls.__module__.startswith(models + ".")


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
