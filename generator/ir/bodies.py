"""A request body taken as keyword arguments: an operation whose body is an object schema (JSON,
form or multipart) takes the body model's properties as keyword-only arguments after its
parameters, when its provider is laid out as resources (``resources``; see
:mod:`generator.builder.keywords`)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Field
from .names import ClassName, Identifier

EXTRA_BODY = "extra_body"  # the keyword argument that adds keys the spec does not name
CLASH_SUFFIX = "_body"  # a property whose name a parameter or a reserved name holds: ``name_body``


@dataclass(frozen=True)
class BodyArgument:
    """One property of the body as a keyword argument."""

    name: Identifier  # the argument; the field's own name unless that clashed
    field: Field  # the body model's field: wire name, type, nullability, description
    required: bool  # the property is required and so is the body

    @property
    def renamed(self) -> bool:
        """Whether the argument is not the property's own name (``fields_``, a model field, is ``fields`` here)."""
        return self.name != Identifier(self.field.name)


@dataclass(frozen=True)
class KeywordBody:
    """The body model an operation's keyword arguments build, and the arguments."""

    model: ClassName
    arguments: tuple[BodyArgument, ...]
    optional: bool = False  # the body is not required: no argument given sends no body
