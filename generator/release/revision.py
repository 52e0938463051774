"""The specs of another git revision, checked out into a temporary folder for comparison."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import tomllib

from ..config import DEFAULT_HTTP, ConfigError, Settings, http_library
from ..config.pagination import PaginationDeclaration, read_pagination
from ..config.providers import ProviderSettings
from ..config.tables import Table
from ..config.toml_lines import key_lines
from ..errors import Diagnostic, Diagnostics, GenerationError, Location


class RevisionError(Exception):
    """The revision cannot be read; the message says why and what to do."""


def _git(cwd: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120, check=False)
    except FileNotFoundError:
        raise RevisionError("git is not installed; compare two spec files instead: clientgen changes OLD NEW") from None
    if result.returncode != 0:
        raise RevisionError(result.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return result.stdout


def specs_at(revision: str, settings: Settings, into: Path) -> Settings:
    """``settings`` with its specs folder as it was at ``revision``, written below ``into``, and
    its HTTP library as that revision's pyproject.toml set it."""
    try:
        top = Path(_git(settings.root, "rev-parse", "--show-toplevel").decode().strip())
    except RevisionError:
        raise RevisionError(
            f"{settings.root} is not in a git repository, so there is no revision to compare with; "
            "compare two spec files instead: clientgen changes OLD NEW"
        ) from None
    try:
        folder = settings.specs.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        raise RevisionError(f"the specs folder {settings.specs} is outside the git repository {top}") from None
    try:
        commit = _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    except RevisionError:
        raise RevisionError(f"{revision!r} is not a revision of {top} (try HEAD, a branch, a tag or a commit)") from None
    names = _git(top, "ls-tree", "-r", "-z", "--name-only", commit, "--", folder).decode().split("\0")
    for name in filter(None, names):
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_git(top, "cat-file", "blob", f"{commit}:{name}"))
    http = _http_at(top, commit, revision, settings)
    pagination = _pagination_at(top, commit, revision, settings)
    provider_settings = {
        key: dataclasses.replace(settings.provider_settings.get(key, ProviderSettings()), pagination=pagination.get(key, ()))
        for key in set(settings.provider_settings) | set(pagination)
    }
    return dataclasses.replace(settings, root=into, specs=into / folder, http=http, provider_settings=provider_settings)


def _http_at(top: Path, commit: str, revision: str, settings: Settings) -> str:
    """``[tool.clientgen] http`` in the revision's pyproject.toml (the default where it is not
    set); the current setting when the revision has no pyproject.toml there."""
    pyproject = settings.root.resolve() / "pyproject.toml"
    if not pyproject.is_relative_to(top.resolve()):
        return settings.http
    name = pyproject.relative_to(top.resolve()).as_posix()
    try:
        data = _git(top, "cat-file", "blob", f"{commit}:{name}")
    except RevisionError:
        return settings.http
    where = f"{revision}:{name}"
    try:
        section = tomllib.loads(data.decode("utf-8")).get("tool", {}).get("clientgen", {})
        return http_library(section.get("http", DEFAULT_HTTP), f"{where}: [tool.clientgen] http")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, AttributeError) as exc:
        raise RevisionError(f"{where}: not readable TOML ({exc})") from None
    except ConfigError as exc:
        raise RevisionError(str(exc)) from None


def _pagination_at(top: Path, commit: str, revision: str, settings: Settings) -> dict[str, tuple[PaginationDeclaration, ...]]:
    """The pagination declared in the revision's pyproject.toml (an operation that became paged since
    is a change); the current declarations when the revision has no pyproject.toml there. A
    declaration the revision got wrong is left out: that revision generated no paging from it."""
    current = {key: provider.pagination for key, provider in settings.provider_settings.items()}
    pyproject = settings.root.resolve() / "pyproject.toml"
    if not pyproject.is_relative_to(top.resolve()):
        return current
    name = pyproject.relative_to(top.resolve()).as_posix()
    try:
        text = _git(top, "cat-file", "blob", f"{commit}:{name}").decode("utf-8")
        section = tomllib.loads(text).get("tool", {}).get("clientgen", {})
    except (RevisionError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return current
    providers = section.get("providers", {}) if isinstance(section, dict) else {}
    tables = Table(Path(f"{revision}:{name}"), key_lines(text), ("tool", "clientgen", "providers"), Diagnostics())
    return {
        key: read_pagination(tables.below(key), "pagination", table["pagination"])
        for key, table in (providers.items() if isinstance(providers, dict) else ())
        if isinstance(table, dict) and "pagination" in table
    }


def relabel(error: GenerationError, into: Path, revision: str) -> GenerationError:
    """Diagnostics about files of a revision, named ``REVISION:path`` instead of the temporary copy."""

    def label(location: Location) -> Location:
        if location.file.is_relative_to(into):
            return dataclasses.replace(location, file=Path(f"{revision}:{location.file.relative_to(into).as_posix()}"))
        return location

    diagnostics: list[Diagnostic] = [dataclasses.replace(d, location=label(d.location)) for d in error.diagnostics]
    return GenerationError(diagnostics)
