"""The definitions of one API while the builder makes them: the one registry every schema builder
uses (:mod:`generator.builder.schemas`, ``composition``, ``values``).

A class name is reserved first (unique in the API: ``Run``, then ``Run2``); a model that may refer
to itself gets a placeholder - an empty model under its name - while its own fields are built, so
that a reference to it from inside ends there; then it is defined. Its hierarchy (what it extends,
every field it has) is :attr:`Definitions.hierarchy`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from .hierarchy import Hierarchy
from .models import Definition, Model
from .names import ClassName, Namespace


class Definitions(Mapping[ClassName, Definition]):
    def __init__(self) -> None:
        self._names = Namespace()
        self._by_name: dict[ClassName, Definition] = {}
        self._building: set[ClassName] = set()
        self.hierarchy = Hierarchy(self)

    def reserve(self, wanted: ClassName) -> ClassName:
        """A class name no other definition has: ``wanted``, else ``wanted`` with a number."""
        return self._names.claim(wanted)

    def placeholder(self, name: ClassName) -> None:
        """Stand in for the model ``name`` while its fields are built: recursion ends here."""
        self._by_name[name] = Model(name, ())
        self._building.add(name)

    def building(self, name: ClassName) -> bool:
        """Whether ``name`` is a placeholder: its fields are not known yet."""
        return name in self._building

    def define(self, definition: Definition) -> None:
        """Define ``definition`` under its name (in place of its placeholder, or of what a later
        pass over the whole set replaces)."""
        self._by_name[definition.name] = definition
        self._building.discard(definition.name)

    def ordered(self) -> tuple[Definition, ...]:
        """Every definition, by name."""
        return tuple(self._by_name[name] for name in sorted(self._by_name))

    def __getitem__(self, name: ClassName) -> Definition:
        return self._by_name[name]

    def __iter__(self) -> Iterator[ClassName]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)
