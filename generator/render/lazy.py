"""A large provider's models as a package that loads them on first use (PEP 562).

``models/__init__.py`` maps each name to the module that declares it and imports that module
when the name is first read; type checkers and editors see every name through imports under
``TYPE_CHECKING``. The modules come from :func:`ir.split_modules`."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

import jinja2

from .. import ir
from ..ir.split import split_modules

RenderModels = Callable[[ir.Api, str, str], str]


def render_lazy_models(api: ir.Api, env: jinja2.Environment, render_models: RenderModels) -> dict[str, str]:
    """The files of ``models/``, relative to the provider's folder; ``render_models`` lays out one
    module of definitions, as it lays out a small provider's models.py."""
    roots = {n for op in api.operations for t in _decoded(op) for n in ir.referenced_names(t)}
    modules = split_modules(api.definitions, roots)
    exported = sorted(((m.name, d.name) for m in modules for d in m.definitions), key=lambda x: (_natural(x[0]), _member(x[1])))
    names = sorted((name for _, name in exported), key=_dunder_all)
    init = env.get_template("models_init.py.jinja").render(api=api, exported=exported, names=names)
    files = {"models/__init__.py": init}
    for module in modules:
        siblings = "\n".join(
            f"from .{m} import {', '.join(sorted(names, key=_member))}" for m, names in sorted(module.imports, key=lambda x: _natural(x[0]))
        )
        part = dataclasses.replace(api, definitions=module.definitions)
        files[f"models/{module.name}.py"] = render_models(part, "..._runtime", siblings)
    return files


def _decoded(operation: ir.Operation) -> list[ir.TypeRef]:
    """The types a call decodes: its decoders find them on first use."""
    return [operation.result_type, *(r.type for r in operation.error_responses if r.type)]


# Imports in the order ruff's isort keeps them (its defaults): modules in natural order (``_item2``
# before ``_item10``), names by kind (an all-capitals name is a constant, sorted first), then
# ignoring case, in natural order.


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text.lower()) if part)


def _member(name: str) -> tuple[int, tuple[tuple[int, int | str], ...], str]:
    constant = len(name) > 1 and name.isupper()
    return (0 if constant else 1, _natural(name), name)


def _dunder_all(name: str) -> tuple[int, tuple[tuple[int, int | str], ...]]:
    """``__all__`` in ruff's isort-style order (RUF022): constants, classes, the rest; each in
    natural order, case counting."""
    kind = 0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2
    return (kind, tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", name) if part))
