"""Constraint values the generated models can hold.

pydantic-core keeps a length or count in 64 bits and a bound as a finite float: ``maxLength:
1e40`` written as a whole number makes a model whose import fails (``OverflowError: int too big
to convert``), and an infinite bound refuses every value or none. Such a value costs only its
constraint - the schema is read without it - with a located warning; every package imports.
"""

from __future__ import annotations

import math
import sys
from typing import Any

from ..errors import Diagnostics
from ..load.resolve import Node

LONGEST = 2**63 - 1  # a length or count, as the runtime holds it (64-bit signed)
LENGTHS = ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties")
BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
HINT = "leave the keyword out if it means no limit; otherwise write the limit the API really has"


def held(node: Node, diagnostics: Diagnostics) -> dict[str, Any]:
    """The schema at ``node`` without the constraint values the runtime cannot hold; a warning for each."""
    schema: dict[str, Any] = node.value if isinstance(node.value, dict) else {}
    dropped = {key: why for key in (*LENGTHS, *BOUNDS) if key in schema and (why := _beyond(key, schema[key]))}
    for key, why in dropped.items():
        diagnostics.warning(
            f"{key} {_shown(schema[key])} is {why}; the client does not check it", node.location.child(key), HINT
        )
    return {k: v for k, v in schema.items() if k not in dropped} if dropped else schema


def _beyond(key: str, value: Any) -> str:
    """Why the runtime cannot hold ``value`` as ``key``; empty when it can (or when it is not a
    number: what the builder does not read, it does not check)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    if key in LENGTHS:
        if not isinstance(value, int):
            return ""
        if value > LONGEST:
            return "more than a length or count the client can check (at most 2^63 - 1)"
        return "less than 0, which no length or count is" if value < 0 else ""
    if isinstance(value, int) and abs(value) > sys.float_info.max:
        return "beyond the range of a float, which the client checks it as"
    if not math.isfinite(value):
        return "not a finite number"
    return "0 or less (a multipleOf must be more than 0)" if key == "multipleOf" and value <= 0 else ""


def _shown(value: int | float) -> str:
    """The value as written; a whole number of more than 50 digits by its length."""
    text = repr(value)
    return f"(a {len(text.lstrip('-'))}-digit number)" if isinstance(value, int) and len(text) > 50 else text
