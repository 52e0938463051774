"""JSON shapes that Python's types spell differently: numbers that keep their form, and arrays
typed by position.

``Number`` is what a schema's ``number`` reads as. To mypy it is ``float``; at run time a JSON
integer stays an ``int``, so ``3`` received dumps back as ``3``, not ``3.0`` (and a request model
given ``3`` sends ``3``), while ``3.5`` and ``3.0`` stay floats.

``Variadic[tuple[A, B, Unpack[tuple[R, ...]]]]`` is a tuple of an ``A``, a ``B`` and any number
of ``R``: the shape of a 3.1 ``prefixItems`` array that ``items`` continues. pydantic does not
read an unpacked tuple inside a tuple by itself; this marker makes the validator for it.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar, get_args, get_origin

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema
from typing_extensions import Unpack

T = TypeVar("T")


class _KeepsIntegers:
    """Validates a ``float`` as an integer first (strictly: never from ``true`` or ``"3"``), so an
    integer keeps its type; a failure reads as for a float."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.union_schema(
            [core_schema.int_schema(strict=True), handler(source)],
            mode="left_to_right",
            custom_error_type="float_type",
        )

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "number"}


Number = Annotated[float, _KeepsIntegers()]
"""A JSON number: ``float`` to type checkers, an ``int`` when it was given as an integer."""


class _VariadicTuple:
    """The validator of ``tuple[A, Unpack[tuple[R, ...]]]``: the fixed items, then any number of ``R``."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        items: list[CoreSchema] = []
        variadic: int | None = None
        for index, argument in enumerate(get_args(source)):
            if get_origin(argument) is Unpack:
                (unpacked,) = get_args(argument)  # tuple[R, ...]
                argument, variadic = get_args(unpacked)[0], index
            items.append(handler.generate_schema(argument))
        return core_schema.tuple_schema(items, variadic_item_index=variadic)


Variadic = Annotated[T, _VariadicTuple()]
"""``Variadic[tuple[A, Unpack[tuple[R, ...]]]]``: an ``A``, then any number of ``R``."""
