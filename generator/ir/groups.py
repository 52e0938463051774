"""Resources: a provider's operations grouped into classes reached from the client
(``client.files.list(...)``); see :mod:`generator.builder.resources` for where groups come from."""

from __future__ import annotations

from dataclasses import dataclass

from .names import ClassName, Identifier
from .operations import Operation

# Builtins a resource's method may be named after (``client.files.list``): its module spells the
# types ``builtins.list[...]``, which a method of that name would otherwise shadow in its class.
SHADOWABLE = ("list", "dict")


@dataclass(frozen=True)
class GroupMethod:
    name: Identifier  # the method's name in its group (``list``)
    operation: Operation  # whose ``name`` stays the flat, provider-wide one (its endpoint constant)


@dataclass(frozen=True)
class Group:
    attribute: Identifier  # ``client.<attribute>``, or ``<parent>.<attribute>``
    wire_name: str  # the tag or group name it came from
    path: tuple[str, ...]  # attributes from the client: ("beta", "threads")
    class_name: ClassName  # ``BetaThreads``; ``Async`` + it, ``+ WithRawResponse``
    methods: tuple[GroupMethod, ...]
    children: tuple[Group, ...] = ()
    module: str = ""  # its module under ``resources/``: ``beta_threads`` (unique in the provider)

    def walk(self) -> tuple[Group, ...]:
        """This group and every group below it."""
        return (self, *(g for child in self.children for g in child.walk()))

    @property
    def async_class_name(self) -> ClassName:
        return ClassName("Async" + self.class_name)
