"""A request body taken as keyword arguments (:class:`~generator.ir.KeywordBody`): each argument's
annotation, the call that makes the body, and the provider's ``params.py``, the request-side
``TypedDict`` of every model a keyword argument may be given as a dict (openai-python's
``*Params``), so that mypy checks a dict's keys and values. The runtime checks them again
(``_runtime/_bodies.py``) before anything is sent.

A nested model is annotated ``models.Parent | params.ParentParams``; ``params.py`` is imported by
``client.py`` for type checkers only, and costs nothing at run time.
"""

from __future__ import annotations

import keyword
from typing import Any

from .. import ir
from ..ir.bodies import EXTRA_BODY
from ..ir.names import ClassName
from .python import Annotator, Import, code_literal, import_block
from .used import Used

PARAMS_SUFFIX = "Params"
TYPE_CHECKING = Import("typing", "TYPE_CHECKING")
TYPED_DICT = Import("typing", "TypedDict")
REQUIRED = Import("typing_extensions", "Required")  # typing's needs Python 3.11


class ParamsAnnotator(Annotator):
    """Annotations that accept a model or its ``TypedDict``; records the models so named."""

    def __init__(self, prefix: str, params_prefix: str) -> None:
        super().__init__(prefix, for_parameter=True)
        self.params_prefix = params_prefix
        self.params: set[ClassName] = set()
        self._table[ir.ModelType] = self._model

    def _model(self, t: Any) -> str:
        self.params.add(t.name)
        return f"{self._qualify(t.name)} | {self.params_prefix}{t.name}{PARAMS_SUFFIX}"


def _annotator(module: Used) -> ParamsAnnotator:
    """The module's params annotator, made on first use; its imports join the module's."""
    found = getattr(module, "_params_annotator", None)
    if found is None:
        found = ParamsAnnotator(module.annotate.prefix, "params.")
        module._params_annotator = found  # type: ignore[attr-defined]
    return found


def params_used(module: Used) -> set[ClassName]:
    """The models whose ``TypedDict`` the module's annotations named."""
    found: ParamsAnnotator | None = getattr(module, "_params_annotator", None)
    return found.params if found else set()


def merge_imports(module: Used) -> None:
    """Record in ``module`` what its params annotations imported (before its import block is laid out)."""
    found: ParamsAnnotator | None = getattr(module, "_params_annotator", None)
    if found is None:
        return
    module.imports |= found.imports
    module.runtime |= found.runtime
    module.parameter.qualified = module.parameter.qualified or found.qualified


def argument_annotation(argument: ir.BodyArgument, module: Used) -> str:
    if argument.required:
        return _annotator(module)(argument.field.type)
    t = argument.field.type
    if isinstance(t, ir.NullableType):  # None last: ``str | NotGiven | None``
        return f"{_annotator(module)(t.inner)} | {module.use('NotGiven')} | None"
    return f"{_annotator(module)(t)} | {module.use('NotGiven')}"


def body_value(operation: ir.Operation, module: Used) -> str:
    """What the method passes as ``body``: its body argument, or the body its keywords make."""
    assert operation.body is not None
    keyword = operation.keyword_body
    if keyword is None:
        return str(operation.body.name)
    model = module.annotate(ir.ModelType(keyword.model))
    if not keyword.arguments:
        optional = ", optional=True" if keyword.optional else ""
        return f"{module.use('keyword_body')}({model}, {{}}, {EXTRA_BODY}{optional})"
    # one item a line, with black's magic trailing commas: laid out without black however many there are
    values = "".join(f"        {code_literal(a.field.wire_name)}: {a.name},\n" for a in keyword.arguments)
    optional = "    optional=True,\n" if keyword.optional else ""
    return f"{module.use('keyword_body')}(\n    {model},\n    {{\n{values}    }},\n    {EXTRA_BODY},\n{optional})"


# --- params.py -------------------------------------------------------------------------------------


def params_module(api: ir.Api, wanted: set[ClassName], docstring: str) -> str:
    """The text of ``params.py``: a ``TypedDict`` for each model in ``wanted`` and each model
    their fields name, in the order of the models module."""
    annotator = ParamsAnnotator("models.", "")
    models = {m.name: m for m in api.models}
    todo, done = sorted(wanted), set[ClassName]()
    classes: dict[ClassName, str] = {}
    while todo:
        name = todo.pop()
        if name in done or name not in models:
            continue
        done.add(name)
        classes[name] = _typed_dict(api, models[name], annotator)
        todo.extend(sorted(annotator.params - done))
    annotator.imports |= {TYPED_DICT, REQUIRED}

    order = [m.name for m in api.models if m.name in classes]
    body = "\n\n\n".join(classes[name] for name in order)
    imports = import_block(annotator.imports | {TYPE_CHECKING}, modules=set())
    runtime = f"\nfrom .._runtime import {', '.join(sorted(annotator.runtime))}" if annotator.runtime else ""
    return f"{docstring}\n\nfrom __future__ import annotations\n\n{imports}\n{runtime}\n\nif TYPE_CHECKING:\n    from . import models\n\n\n{body}\n"


def _typed_dict(api: ir.Api, model: ir.Model, annotator: ParamsAnnotator) -> str:
    name = f"{model.name}{PARAMS_SUFFIX}"
    fields = [f for f in api.fields_of(model) if not f.read_only]
    entries = [(f.wire_name, f"Required[{annotator(f.type)}]" if f.required else annotator(f.type)) for f in fields]
    doc = f'    """A dict that stands for models.{model.name} in a request body."""'
    if all(w.isidentifier() and not _reserved(w) for w, _ in entries):
        lines = [f"class {name}(TypedDict, total=False):", doc, ""]  # black's blank line after a class docstring
        lines += [f"    {wire}: {annotation}" for wire, annotation in entries]
        return "\n".join(lines)
    items = "".join(f"{code_literal(wire)}: {code_literal(annotation)}, " for wire, annotation in entries)
    return f"{name} = TypedDict({code_literal(name)}, {{{items}}}, total=False)  # wire names that are not identifiers"


def _reserved(word: str) -> bool:
    return keyword.iskeyword(word)
