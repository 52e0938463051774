"""The generated package's version and changelog, bumped by API changes.

The package folder keeps a snapshot of its API surface and version (``api-surface.json``; its
types in the structured form of :mod:`.typecodec`, which reads back into the IR's types, so the
comparison is the one ``clientgen changes`` makes). A generation compares the new surface with it: no change keeps the version, the snapshot and
``CHANGELOG.md`` exactly as they are; a change bumps the version (major for a breaking change,
minor for additions, patch otherwise) and adds a changelog entry listing the changes. Everything
comes from committed files, so a clean clone regenerates the same bytes and ``check`` agrees.
``[tool.clientgen] version`` is the first version, and a floor: raise it to release a chosen one.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import ir
from ..render.package import environment
from . import surface
from .changes import Change, Level, Runtime, compare, compare_runtime, level_of

SNAPSHOT = "api-surface.json"
CHANGELOG = "CHANGELOG.md"
_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


class HistoryError(Exception):
    """The committed version history cannot be read; the message says how to restore it."""


@dataclass(frozen=True)
class History:
    """What the package folder says about the last generation."""

    version: str
    surface: surface.Surface
    changelog: str  # "" when the folder has none
    runtime: Runtime | None = None  # None: a snapshot from before clientgen recorded it


@dataclass(frozen=True)
class Release:
    version: str
    previous: str | None  # None for a package's first generation
    changes: list[Change] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # the snapshot and the changelog

    @property
    def level(self) -> Level:
        return level_of(self.changes)

    @property
    def bumped(self) -> bool:
        return self.previous is not None and self.version != self.previous


def parse_version(version: str, where: str) -> tuple[int, int, int]:
    match = _SEMVER.match(version)
    if match is None:
        raise HistoryError(f"{where}: version {version!r} is not a semantic version MAJOR.MINOR.PATCH, such as 0.1.0")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def bump(version: str, level: Level) -> str:
    major, minor, patch = parse_version(version, SNAPSHOT)
    if level is Level.MAJOR:
        return f"{major + 1}.0.0"
    if level is Level.MINOR:
        return f"{major}.{minor + 1}.0"
    if level is Level.PATCH:
        return f"{major}.{minor}.{patch + 1}"
    return version


def read_history(output: Path) -> History | None:
    """The history kept in ``output``, or ``None`` when it has none (a first generation)."""
    path = output / SNAPSHOT
    if not path.is_file():
        return None
    restore = f"restore it from git (git checkout -- {path}), or delete it to start the version history again"
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("version"), str):
            raise surface.SurfaceError("expected an object with a version and providers")
        parse_version(data["version"], str(path))
        api = surface.from_jsonable(data.get("providers"), _format(data.get("format", 1)))
        runtime = _runtime(data.get("runtime"))
    except (OSError, UnicodeDecodeError, ValueError, surface.SurfaceError, HistoryError) as exc:
        raise HistoryError(f"{path}: not a readable API snapshot ({exc}); {restore}") from None
    changelog = output / CHANGELOG
    text = changelog.read_text(encoding="utf-8") if changelog.is_file() else ""
    return History(data["version"], api, text, runtime)


def runtime_of(files: dict[str, str], exports: tuple[str, ...]) -> Runtime:
    """The runtime a package ships, from its files (by name; the package's own name left out, so
    that it is the same in every package) and the names the package exports."""
    digest = hashlib.sha256()
    for name, text in sorted((Path(path).name, text) for path, text in files.items()):
        digest.update(f"{name}\0{text}\0".encode())
    return Runtime(digest.hexdigest(), tuple(sorted(exports)))


def _runtime(data: Any) -> Runtime | None:
    if data is None:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("digest"), str) or not isinstance(data.get("exports"), list):
        raise surface.SurfaceError("runtime: expected an object with a digest and exports")
    if not all(isinstance(name, str) for name in data["exports"]):
        raise surface.SurfaceError("runtime/exports: expected names")
    return Runtime(data["digest"], tuple(data["exports"]))


def _format(form: Any) -> int:
    """The snapshot's format: 1 (no "format"; types as annotation text) or :data:`surface.FORMAT`."""
    if form not in (1, surface.FORMAT) or isinstance(form, bool):
        newer = isinstance(form, int) and form > surface.FORMAT
        why = "written by a newer clientgen; upgrade clientgen" if newer else "expected 1 or 2"
        raise surface.SurfaceError(f"format {form!r}: {why} (this one reads formats 1 and {surface.FORMAT})")
    return int(form)


def release(apis: list[ir.Api], configured: str, distribution: str, history: History | None, http: str, runtime: Runtime) -> Release:
    """The version, changes and history files of a generation of ``apis`` for the HTTP library
    ``http``, with ``runtime`` (:func:`runtime_of`)."""
    new = surface.of_apis(apis, http)
    parse_version(configured, "[tool.clientgen] version")
    if history is None:
        entry = _entry(configured, [], first=sorted(new))
        return Release(configured, None, [], _files(new, runtime, configured, _changelog(distribution, entry, "")))
    changes = compare(history.surface, new) + compare_runtime(history.runtime, runtime)
    version = bump(history.version, level_of(changes))
    if parse_version(configured, "") > parse_version(version, ""):
        version = configured
    if version == history.version:
        changelog = history.changelog or _changelog(distribution, _entry(version, [], started=True), "")
        return Release(version, history.version, changes, _files(new, runtime, version, changelog))
    entry = _entry(version, changes, configured=version == configured and not changes)
    return Release(version, history.version, changes, _files(new, runtime, version, _changelog(distribution, entry, history.changelog)))


def _files(api: surface.Surface, runtime: Runtime, version: str, changelog: str) -> dict[str, str]:
    snapshot = {
        "version": version,
        "format": surface.FORMAT,
        "runtime": {"digest": runtime.digest, "exports": list(runtime.exports)},
        "providers": surface.to_jsonable(api),
    }
    return {SNAPSHOT: surface.dumps(snapshot), CHANGELOG: changelog}


@dataclass(frozen=True)
class _Entry:
    version: str
    level: Level
    providers: dict[str, list[Change]]
    first: list[str]  # the providers of a first version
    started: bool  # the changelog was missing and starts again here
    configured: bool  # set by [tool.clientgen] version, with no API change


def _entry(version: str, changes: list[Change], *, first: list[str] | None = None, started: bool = False, configured: bool = False) -> _Entry:
    providers: dict[str, list[Change]] = {}
    for change in changes:
        providers.setdefault(change.provider, []).append(change)
    return _Entry(version, level_of(changes), providers, first or [], started, configured)


def _changelog(distribution: str, entry: _Entry, previous: str) -> str:
    """The changelog: its introduction, the new entry, then every earlier entry as it was."""
    earlier = previous[previous.index("\n## ") + 1 :] if "\n## " in previous else ""
    text = environment().get_template("CHANGELOG.md.jinja").render(distribution=distribution, entry=entry)
    return text + ("\n" + earlier if earlier else "")
