"""The model hierarchy, walked in one place: the models a model extends, and every field it has.

A model names its base (``Model.base``); everything that asks what a model inherits - the builder
while it composes ``allOf``, the waiters' field paths, the API surface and the type comparison
(:func:`~.subtyping.assignable` takes :meth:`Hierarchy.ancestors`) - asks a :class:`Hierarchy`.
"""

from __future__ import annotations

from collections.abc import Mapping

from .models import Definition, Field, Model
from .names import ClassName


class Hierarchy:
    """The hierarchy of the definitions in ``definitions`` (read when asked: it may still grow)."""

    def __init__(self, definitions: Mapping[ClassName, Definition]) -> None:
        self._definitions = definitions

    def chain(self, name: ClassName) -> list[Model]:
        """The model ``name`` and the models it extends, nearest first (a cycle ends the chain)."""
        result: list[Model] = []
        current: ClassName | None = name
        while current is not None and all(m.name != current for m in result):
            model = self._definitions.get(current)
            if not isinstance(model, Model):
                break
            result.append(model)
            current = model.base
        return result

    def ancestors(self, name: ClassName) -> set[ClassName]:
        """A model and every model it extends (and a base it names that is not defined)."""
        result: set[ClassName] = set()
        current: ClassName | None = name
        while current is not None and current not in result:
            result.add(current)
            model = self._definitions.get(current)
            current = model.base if isinstance(model, Model) else None
        return result

    def fields(self, name: ClassName) -> tuple[Field, ...]:
        """Every field the model ``name`` has: inherited ones first, then its own (which may
        redeclare them, in the place the inherited one had); () for a name that is not a model."""
        by_wire: dict[str, Field] = {}
        for model in reversed(self.chain(name)):
            by_wire.update({f.wire_name: f for f in model.fields})
        return tuple(by_wire.values())

    def inherits_extra(self, name: ClassName) -> bool:
        """Whether a model that ``name`` extends types its additional properties."""
        return any(m.extra_type is not None for m in self.chain(name)[1:])
