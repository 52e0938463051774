"""The pipeline: load -> validate -> build -> release -> render -> format, for every spec, in memory.

Writing is the caller's last step (:mod:`generator.output.write`), so an error anywhere leaves the output
folder as it was. A :class:`Run` holds everything one run keeps while it goes (the documents it
read, how its code was formatted, its progress line, how it validates); the command makes it and
hands it down, so nothing of one run is left for the next, even in the same process.
"""

from __future__ import annotations

import dataclasses
import keyword
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from . import ir
from .builder import build_api
from .builder.keywords import as_resources
from .config import ConfigError, PackageInfo, Provider
from .errors import Diagnostic, Diagnostics, GenerationError, Level, Location, Report
from .ir.names import ClassName
from .ir.reserved import PACKAGE_EXPORTS
from .load.document import Document, load
from .output.format import Stats, format_files, formatter_key
from .output.format_cache import FormatCache
from .progress import Progress
from .release.versioning import History, Release, release, runtime_of
from .render.package import render_package, runtime_files
from .validate.early import Invalid, Validator

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass
class Generation:
    files: dict[str, bytes]
    reports: list[Report] = field(default_factory=list)
    release: Release | None = None
    sources: set[Path] = field(default_factory=set)  # every file read: specs and the files they $ref


class Run:
    """One ``generate`` or ``check`` (made by :mod:`generator.cli.run`; a fresh one for each call
    that is given none): the documents it parsed, every file it read (what its cache stamp
    depends on), how its code was formatted (``stats``), its progress line, and the validator it
    chose (in this process, or a child process started early: :mod:`.validate.early`)."""

    def __init__(self, validator: Validator | None = None, progress: Progress | None = None) -> None:
        self.validator = validator if validator is not None else Validator()
        self.progress = progress if progress is not None else Progress()
        self.stats = Stats()
        self.read: set[Path] = set()  # absolute paths, also of files that could not be read
        self._documents: dict[Path, Document] = {}

    def load(self, path: Path) -> Document:
        """The document at ``path``, parsed once in this run (warnings look their lines up in it
        again), and counted as read."""
        self.read.add(path.resolve())
        document = self._documents.get(path)
        if document is None:
            document = self._documents[path] = load(path)
        return document

    def close(self) -> None:
        """The run is over: the validator's child is reaped, the progress line erased."""
        try:
            self.validator.close()
        finally:
            self.progress.erase()

    def __enter__(self) -> Run:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None) -> None:
        self.close()


def build_provider(provider: Provider, source_name: str, run: Run | None = None) -> tuple[ir.Api, Diagnostics]:
    """The provider's API, and the warnings, notes and skipped pieces of building it. With
    ``provider.strict`` every warning is an error."""
    run = run if run is not None else Run()
    if not _KEY.match(provider.key) or keyword.iskeyword(provider.key):
        raise GenerationError(
            [
                Diagnostic(
                    Level.ERROR,
                    f"{provider.key!r} is not a valid provider key (the spec's file name)",
                    Location(provider.spec),
                    "name spec files in snake_case: lower-case letters, digits and underscores, starting with a letter, "
                    "and not a Python keyword (the key is a module name)",
                )
            ]
        )
    document = run.load(provider.spec)
    diagnostics = Diagnostics()
    validated = run.validator.outcome(document, provider.allow_external_refs, run.load)
    run.read |= validated.read
    diagnostics.extend(validated.found)
    readable = document if validated.data is None else dataclasses.replace(document, data=validated.data, grafts=validated.grafts)
    api = build_api(
        readable,
        provider.key,
        diagnostics,
        allow_external_refs=provider.allow_external_refs,
        waiters=provider.waiters,
        load=run.load,
        pagination=provider.pagination,
    )
    api = as_resources(api, provider.resources, provider.methods, provider.spec, diagnostics)
    if provider.strict and diagnostics.warnings:
        raise GenerationError(
            [
                _with_line(dataclasses.replace(d, level=Level.ERROR, hint=_strict_hint(d)), document, run)
                for d in diagnostics.warnings
            ]
        )
    if diagnostics.errors:
        raise GenerationError([_with_line(d, document, run) for d in diagnostics.errors])
    api = dataclasses.replace(api, source=source_name)
    if provider.client_name:
        api = dataclasses.replace(api, client_name=ClassName(provider.client_name))
    return api, diagnostics


def generate(
    providers: list[Provider],
    info: PackageInfo,
    root: Path | None = None,
    history: History | None = None,
    format_cache: FormatCache | None = None,
    run: Run | None = None,
) -> Generation:
    """Build every provider, then render and format the package; all errors are reported together.
    The version and changelog follow from the API changes since ``history`` (:mod:`.versioning`).
    ``run`` (by default a fresh one) holds what the run reads, counts and shows.

    When a second process is validating the specs (:mod:`.validate.early`), the package is made
    on the assumption that they are valid, and made again, with what it found, if one is not."""
    run = run if run is not None else Run()
    with run.validator.assume_valid() as assumption:
        if assumption is not None:
            if format_cache is None:  # the second making, if there is one, lays out only what changed
                format_cache = FormatCache(None, formatter_key())
            try:
                generation = _generate(providers, info, root, history, format_cache, run)
            except Invalid:
                pass
            except Exception:
                if assumption.held():
                    raise
            else:
                if assumption.held():
                    return generation
    return _generate(providers, info, root, history, format_cache, run)


def _generate(
    providers: list[Provider],
    info: PackageInfo,
    root: Path | None,
    history: History | None,
    format_cache: FormatCache | None,
    run: Run,
) -> Generation:
    if not info.package.isidentifier() or keyword.iskeyword(info.package):
        raise ConfigError(f"package name {info.package!r} is not a Python identifier; use snake_case, like provider_clients")
    apis: list[ir.Api] = []
    reports: list[Report] = []
    errors: list[Diagnostic] = []
    specs_by_key: dict[str, Path] = {}
    run.progress.stage("reading and building", len(providers), "specs")
    for provider in providers:
        if provider.key in specs_by_key:
            errors.append(
                Diagnostic(
                    Level.ERROR,
                    f"provider key {provider.key!r} also comes from {specs_by_key[provider.key].name}: both would write one module",
                    Location(provider.spec),
                    "keep one spec per provider (one of .yaml, .yml, .json)",
                )
            )
            continue
        specs_by_key[provider.key] = provider.spec
        source = provider.spec.relative_to(root).as_posix() if root and provider.spec.is_relative_to(root) else provider.spec.name
        try:
            api, found = build_provider(provider, source, run)
        except GenerationError as exc:
            errors.extend(exc.diagnostics)
            continue
        apis.append(api)
        run.validator.check()
        run.progress.advance()
        document = run.load(provider.spec)
        reports.append(
            Report(
                provider.key,
                len(api.operations),
                len(api.definitions),
                skipped=[f"{piece} ({_with_line(d, document, run).location}): {d.message}" for piece, d in found.skipped],
                warnings=[str(_with_line(d, document, run)) for d in found.warnings],
                notes=[str(_with_line(d, document, run)) for d in found.notes],
            )
        )
    if errors:
        raise GenerationError(errors)
    run.validator.check()
    run.progress.stage("rendering")
    runtime = runtime_files(info.package)
    released = release(apis, info.version, info.distribution, history, info.http, runtime_of(runtime, PACKAGE_EXPORTS))
    package = render_package(apis, dataclasses.replace(info, version=released.version)) | released.files
    rendered = format_files(package, format_cache, formatted=runtime.keys(), stats=run.stats, progress=run.progress)
    sources = {provider.spec.resolve() for provider in providers} | run.read
    return Generation({name: text.encode("utf-8") for name, text in rendered.items()}, reports, released, sources)


def _with_line(diagnostic: Diagnostic, document: Document, run: Run) -> Diagnostic:
    """The diagnostic with its line, in the spec or in a file the spec refers to."""
    location = diagnostic.location
    if location.line is None:
        source = document if location.file == document.path else _referenced(location.file, run)
        location = source.locate(location) if source is not None else location
    return dataclasses.replace(diagnostic, location=location)


def _referenced(path: Path, run: Run) -> Document | None:
    try:
        return run.load(path)
    except GenerationError:
        return None


def _strict_hint(diagnostic: Diagnostic) -> str:
    why = "strict (--strict, or strict = true): this warning is an error; without it the client is generated as it says"
    return f"{diagnostic.hint}\n    {why}" if diagnostic.hint else why
