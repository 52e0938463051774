"""A request body given as keyword arguments: the method passes what it was given, by wire name,
and :func:`keyword_body` makes the body model of it, or raises before anything is sent.

Arguments left at :data:`NOT_GIVEN` stay out of the body; ``None`` given to a nullable property is
sent as ``null``. Nested values may be models or plain dicts: a dict is checked key by key
against the model it stands for (a key the model does not name is an error, unless the model
declares typed additional properties), then validated with the body, so a typo fails here and
not at the server. ``extra_body`` adds keys the spec does not name, as given.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any, TypeVar, Union

from pydantic import BaseModel

from ._types import NOT_GIVEN

M = TypeVar("M", bound=BaseModel)


def keyword_body(
    model: type[M],
    values: Mapping[str, Any],
    extra_body: Mapping[str, Any] | None = None,
    *,
    optional: bool = False,
) -> M | None:
    """The body ``model`` made of the ``values`` given (by wire name) and ``extra_body``; None
    when the body is optional and nothing was given."""
    given = {key: value for key, value in values.items() if value is not NOT_GIVEN}
    if optional and not given and not extra_body:
        return None
    for key, value in given.items():  # keys first: a typo says so, not "field required"
        _check(_field_models(model).get(key, ()), value, f"{model.__name__}.{key}")
    return model.model_validate({**given, **(extra_body or {})})


def _check(targets: tuple[type[BaseModel], ...], value: Any, where: str) -> None:
    """Every dict in ``value`` names only keys of the one model it stands for."""
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _check(targets, item, f"{where}[{index}]")
        return
    if not isinstance(value, Mapping) or len(targets) != 1:
        return
    model = targets[0]
    fields = _field_models(model)
    open_keys = "__pydantic_extra__" in getattr(model, "__annotations__", {})
    for key, item in value.items():
        if key not in fields and not open_keys:
            known = ", ".join(sorted(k for k in fields if k in _wire_names(model)))
            raise ValueError(
                f"{where}: unknown key {key!r} for {model.__name__} (its keys: {known}); nothing was sent"
            )
        _check(fields.get(key, ()), item, f"{where}.{key}")


@cache
def _wire_names(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(info.alias or name for name, info in model.model_fields.items())


@cache
def _field_models(model: type[BaseModel]) -> dict[str, tuple[type[BaseModel], ...]]:
    """The models each field's value may be, by wire name and by Python name."""
    result: dict[str, tuple[type[BaseModel], ...]] = {}
    for name, info in model.model_fields.items():
        found = tuple(dict.fromkeys(_models_in(info.annotation)))
        result[name] = result[info.alias or name] = found
    return result


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType, list, tuple, typing.Annotated) or origin is None:
        return [m for argument in typing.get_args(annotation) for m in _models_in(argument)]
    return []
