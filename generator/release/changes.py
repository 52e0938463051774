"""What changed between two API surfaces, and whether each change breaks code that uses the
generated clients.

Breaking: anything removed (an operation, parameter, field, model, enum value, server,
credential), a new required parameter or field, a parameter or field that became required, a
field that became optional (readers now get ``None``), a model that no longer extends one it did,
and a changed type, except a parameter that now accepts more or a return type that now promises
less. Not breaking: anything added optional, new enum values (enums are open: unknown values are
kept), wider parameter types, a new base class, deprecations and a changed HTTP call behind the
same method. An operation that became paged or streamed (or stopped being) breaks: its result
is iterated instead of used. Another HTTP library (``[tool.clientgen] http``) breaks code that passes its own
client or reads the raw response.

Types are compared one way, whether both surfaces were made from specs (``clientgen changes``) or
the old one was read from the package's snapshot (``clientgen generate``): by the IR's subtyping
rules (:mod:`generator.ir.subtyping`), in the model hierarchy of the new surface (the classes user
code holds after upgrading). Only a type an earlier clientgen's snapshot kept as text and that
could not be read back (:mod:`.legacy`) is compared by its text, and a change of it is listed as not
breaking, saying so.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from .. import ir
from ..ir.names import ClassName
from ..ir.subtyping import accepted, assignable
from .legacy import Spelled
from .surface import OperationSurface, ProviderSurface, Slot, Surface, TypeOf, spelled

Kind = Literal["added", "removed", "changed"]
ALL_CLIENTS = "all clients"  # the "provider" of a change to the package as a whole (no provider key has a space)


@dataclass(frozen=True)
class Change:
    provider: str
    kind: Kind
    subject: str  # "field Run.labels", "parameter limit of list_runs"
    detail: str = ""  # "optional", "str -> int"
    breaking: bool = False

    @property
    def text(self) -> str:
        if self.kind == "changed":
            return f"{self.subject}: {self.detail}"
        return f"{self.kind} {self.subject}" + (f" ({self.detail})" if self.detail else "")

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "subject": self.subject, "detail": self.detail, "breaking": self.breaking, "text": self.text}


class Level(enum.IntEnum):
    """How much a set of changes matters; also the semantic-version part it bumps."""

    NONE = 0
    PATCH = 1  # API changes that neither break nor add
    MINOR = 2  # additions
    MAJOR = 3  # breaking changes

    @property
    def reason(self) -> str:
        return {Level.NONE: "no API changes", Level.PATCH: "compatible changes", Level.MINOR: "additions", Level.MAJOR: "breaking changes"}[self]


def level_of(changes: Iterable[Change]) -> Level:
    level = Level.NONE
    for change in changes:
        level = max(level, Level.MAJOR if change.breaking else Level.MINOR if change.kind == "added" else Level.PATCH)
    return level


# --- comparing -----------------------------------------------------------------------------------


def compare(old: Surface, new: Surface) -> list[Change]:
    changes: list[Change] = []
    for key in sorted(old.keys() | new.keys()):
        if key not in new:
            changes.append(Change(key, "removed", f"provider {key}", "its module and client are gone", True))
        elif key not in old:
            changes.append(Change(key, "added", f"provider {key}", f"client {new[key].client}"))
        else:
            changes.extend(_provider(key, old[key], new[key]))
    return changes


@dataclass(frozen=True)
class Runtime:
    """What every client of the package shares: clientgen's runtime (a digest of its files) and
    the names the package exports from it (``RawResponse``, ``Stream``, the errors)."""

    digest: str
    exports: tuple[str, ...]


def compare_runtime(old: Runtime | None, new: Runtime) -> list[Change]:
    """An export removed breaks code that imports it; one added is an addition; other changes to
    the runtime's files change behaviour behind the same names (a patch). A snapshot that did not
    record the runtime (before clientgen did) cannot say it is the same: that is a change too."""
    if old is None:
        return [Change(ALL_CLIENTS, "changed", "runtime", "not recorded before; clientgen's runtime may have changed")]
    out = [Change(ALL_CLIENTS, "removed", f"export {name}", breaking=True) for name in sorted(set(old.exports) - set(new.exports))]
    out += [Change(ALL_CLIENTS, "added", f"export {name}") for name in sorted(set(new.exports) - set(old.exports))]
    if old.digest != new.digest:
        out.append(Change(ALL_CLIENTS, "changed", "runtime", "clientgen's runtime changed behind the same names"))
    return out


def _provider(key: str, old: ProviderSurface, new: ProviderSurface) -> list[Change]:
    out = _Changes(key, new.ancestors)
    if old.client != new.client:
        out.changed(f"client {old.client}", f"renamed to {new.client}", breaking=True)
    if old.http_client_type != new.http_client_type:
        out.changed(f"client {new.client}", _library_change(old.http_client_type, new.http_client_type), breaking=True)
    out.members("server", dict.fromkeys(old.servers, ""), dict.fromkeys(new.servers, ""))
    out.members("credential argument", dict.fromkeys(old.credentials, ""), dict.fromkeys(new.credentials, ""))
    out.members("operation", old.operations, new.operations, _operation)
    out.members("waiter", old.waiters, new.waiters, _operation)
    out.members("model", old.models, new.models, lambda o, name, a, b: o.slots("field", f"{name}.", "", a, b, field=True))
    if old.bases is not None:  # None: a snapshot that did not keep the hierarchy
        for name in [n for n in new.models if n in old.models]:
            _base(out, name, old.bases.get(name), (new.bases or {}).get(name))
    out.members("enum", old.enums, new.enums, _enum)
    out.members("type alias", old.aliases, new.aliases, _alias)
    return out.items


class _Changes:
    """Collects one provider's changes."""

    def __init__(self, provider: str, ancestors: Callable[[ClassName], set[ClassName]]) -> None:
        self.provider = provider
        self.ancestors = ancestors  # the new surface's model hierarchy
        self.items: list[Change] = []

    def add(self, kind: Kind, subject: str, detail: str = "", *, breaking: bool) -> None:
        self.items.append(Change(self.provider, kind, subject, detail, breaking))

    def changed(self, subject: str, detail: str, *, breaking: bool) -> None:
        self.add("changed", subject, detail, breaking=breaking)

    def members(
        self,
        what: str,
        old: dict[str, Any],
        new: dict[str, Any],
        inner: Callable[[_Changes, str, Any, Any], None] | None = None,
    ) -> None:
        for name in [n for n in old if n not in new]:
            self.add("removed", f"{what} {name}", breaking=True)
        for name in [n for n in new if n not in old]:
            self.add("added", f"{what} {name}", breaking=False)
        if inner is not None:
            for name in [n for n in new if n in old]:
                inner(self, name, old[name], new[name])

    def slots(self, what: str, prefix: str, suffix: str, old: dict[str, Slot], new: dict[str, Slot], *, field: bool) -> None:
        """Parameters of an operation (``field=False``) or fields of a model."""
        for name in [n for n in old if n not in new]:
            self.add("removed", f"{what} {prefix}{name}{suffix}", breaking=True)
        for name in [n for n in new if n not in old]:
            required = new[name].required
            self.add("added", f"{what} {prefix}{name}{suffix}", "required" if required else "optional", breaking=required)
        for name in [n for n in new if n in old]:
            before, after, subject = old[name], new[name], f"{what} {prefix}{name}{suffix}"
            retyped = self.retyped(before.type, after.type, "field" if field else "parameter")
            if retyped is not None:
                old_text, new_text = spelled(before.type, parameter=not field), spelled(after.type, parameter=not field)
                self.changed(subject, f"type {old_text} -> {new_text}{retyped.note}", breaking=retyped.breaking)
            if before.required != after.required:
                became = "required" if after.required else "optional"
                # a new requirement breaks callers; a field that may now be absent breaks readers
                self.changed(subject, f"now {became}", breaking=after.required or field)
            if after.deprecated and not before.deprecated:
                self.changed(subject, "now deprecated", breaking=False)

    def retyped(self, before: TypeOf, after: TypeOf, role: Role) -> Retyped | None:
        """None when ``before`` and ``after`` are the same type; else how the change matters to
        code that uses the type in ``role``."""
        old, new = _known(before), _known(after)
        if isinstance(before, Spelled) or isinstance(after, Spelled):  # as an earlier clientgen compared
            parameter = role == "parameter"
            if spelled(before, parameter=parameter) == spelled(after, parameter=parameter):
                return None
        if old is not None and old == new:
            return None
        if old is None or new is None:
            return Retyped(False, UNJUDGED)
        if role == "parameter":
            return Retyped(not accepts(accepted(new), accepted(old), self.ancestors))
        if role == "result":
            return Retyped(not accepts(old, new, self.ancestors))
        return Retyped(True)  # a field is read and written; an alias is both


Role = Literal["parameter", "result", "field", "alias"]
UNJUDGED = " (not judged: an earlier clientgen's api-surface.json keeps this type as text only; listed as not breaking)"


@dataclass(frozen=True)
class Retyped:
    """How a changed type matters: whether it breaks code that uses it, and a note for the change
    (:data:`UNJUDGED` where it could not be judged)."""

    breaking: bool
    note: str = ""


def _known(t: TypeOf) -> ir.TypeRef | None:
    """The IR type of ``t``, None where only its text is known."""
    return t.type if isinstance(t, Spelled) else t


def _base(out: _Changes, name: str, old: str | None, new: str | None) -> None:
    """A model's base class: a new one adds; one that is gone (and not still an ancestor) breaks."""
    if old == new:
        return
    if old is None:
        out.changed(f"model {name}", f"now extends {new}", breaking=False)
    elif new is None:
        out.changed(f"model {name}", f"no longer extends {old}", breaking=True)
    else:
        still = old in out.ancestors(str.__new__(ClassName, name))
        out.changed(f"model {name}", f"extends {new} (was {old})", breaking=not still)


def _operation(out: _Changes, name: str, old: OperationSurface, new: OperationSurface) -> None:
    subject = f"operation {name}"
    if old.call != new.call:
        out.changed(subject, f"calls {new.call} (was {old.call})", breaking=False)
    if old.shape != new.shape:  # a page or a stream is no subtype of the result it replaced
        became = "now streamed: " if new.shape == "stream" else "no longer streamed: " if old.shape == "stream" else ""
        out.changed(subject, f"{became}returns {new.spelled_returns()} (was {old.spelled_returns()})", breaking=True)
    else:
        retyped = out.retyped(old.returns, new.returns, "result")
        if retyped is None and old.item is not None and new.item is not None:
            retyped = out.retyped(old.item, new.item, "result")
        if retyped is not None:
            out.changed(subject, f"returns {new.spelled_returns()} (was {old.spelled_returns()}){retyped.note}", breaking=retyped.breaking)
    if new.deprecated and not old.deprecated:
        out.changed(subject, "now deprecated", breaking=False)
    out.slots("parameter", "", f" of {name}", old.parameters, new.parameters, field=False)


def _library_change(old: str, new: str) -> str:
    """What a new HTTP library means for code that uses the client, and what to do about it."""
    was, now = old.partition(".")[0], new.partition(".")[0]
    return (
        f"HTTP library {was} -> {now}: pass an {now}.Client (an {now}.AsyncClient to the async client) as http_client; "
        f"RawResponse.http_response and the errors' .request/.response are {now} objects; the package depends on {now}, not {was}"
    )


def _enum(out: _Changes, name: str, old: tuple[str | int, ...], new: tuple[str | int, ...]) -> None:
    for value in [v for v in old if v not in new]:
        out.add("removed", f"enum value {value!r} of {name}", breaking=True)
    for value in [v for v in new if v not in old]:
        out.add("added", f"enum value {value!r} of {name}", breaking=False)


def _alias(out: _Changes, name: str, old: TypeOf, new: TypeOf) -> None:
    retyped = out.retyped(old, new, "alias")
    if retyped is not None:
        out.changed(f"type alias {name}", f"{spelled(old)} -> {spelled(new)}{retyped.note}", breaking=retyped.breaking)


def accepts(wider: ir.TypeRef, narrower: ir.TypeRef, ancestors: Callable[[ClassName], set[ClassName]]) -> bool:
    """Whether every value of type ``narrower`` is also one of type ``wider``: a parameter that
    was ``narrower`` and is now ``wider`` accepts all it did; a result that was ``wider`` and is now
    ``narrower`` promises no more than it did. ``ancestors`` is the model hierarchy."""
    return assignable(narrower, wider, ancestors)


# --- reporting -------------------------------------------------------------------------------------

EXIT_CODES = {Level.NONE: 0, Level.PATCH: 1, Level.MINOR: 1, Level.MAJOR: 2}


def summary(changes: list[Change]) -> str:
    """The changes per provider, breaking ones marked; one line each."""
    lines: list[str] = []
    for provider in sorted({c.provider for c in changes}):
        mine = [c for c in changes if c.provider == provider]
        breaking = sum(c.breaking for c in mine)
        lines.append(f"{provider}: {len(mine)} change{'s' if len(mine) != 1 else ''}, {breaking} breaking")
        lines.extend(f"  {'BREAKING ' if c.breaking else ''}{c.text}" for c in mine)
    return "\n".join(lines)


def as_json(changes: list[Change], old: str, new: str) -> dict[str, Any]:
    level = level_of(changes)
    result = "none" if level is Level.NONE else "breaking" if level is Level.MAJOR else "non-breaking"
    providers: dict[str, list[dict[str, Any]]] = {}
    for change in changes:
        providers.setdefault(change.provider, []).append(change.as_json())
    return {"old": old, "new": new, "result": result, "exit_code": EXIT_CODES[level], "providers": providers}
