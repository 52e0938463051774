"""The base of every generated model, and open enums.

Models keep what the spec does not list: unknown fields are stored and dumped back, and an enum
field accepts values its enum does not name (kept as plain ``str``/``int``), so a provider adding
a field or a status never breaks a deployed client. ``model.model_dump(mode="json",
exclude_unset=True)`` gives back the JSON that was received.
"""

from __future__ import annotations

import enum
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field

E = TypeVar("E", bound=enum.Enum)

OpenEnum = Annotated[E | str, Field(union_mode="left_to_right")]
"""A string enum that also accepts values it does not list (as ``str``)."""

OpenIntEnum = Annotated[E | int, Field(union_mode="left_to_right")]
"""An integer enum that also accepts values it does not list (as ``int``)."""


class ApiModel(BaseModel):
    """Fields by their Python name or their wire name; dumps use the wire names."""

    model_config = ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        protected_namespaces=(),
        regex_engine="python-re",
        use_attribute_docstrings=True,
    )
