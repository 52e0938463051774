"""``clientgen``: generate and check typed client packages from OpenAPI specs.

Exit codes: 0 success (a spec's defects cost only their pieces, with warnings); 1 a refused spec
(with --strict, also one with warnings), stale output or another error the message explains;
2 wrong usage; 141 when the reader of the output closed it early.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import textwrap
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import DEFAULT_HTTP, HTTP_LIBRARIES, ConfigError, PackageInfo, Provider, Settings, load_settings, single_spec
from ..config.tables import RESOURCES
from ..errors import GenerationError, Report, counted, display_path, warning_lines
from ..output import write
from ..output.cache import RunCache, open_cache
from ..output.format import FormatError
from . import CORE_COMMANDS, command_of

if TYPE_CHECKING:
    from ..pipeline import Generation
    from ..release.versioning import Release
    from ..validate.early import Child

# The pipeline's modules (pydantic, jinja2, black) and the other commands' are imported only when
# used: a `generate` or `check` the cache can skip imports none of them.
EXTERNAL_REFS_HELP = "with --spec: follow $refs to files outside the spec's folder (refused by default)"
RESOURCES_HELP = (
    "with --spec: 'tags' groups operations into resources and takes object request bodies as keyword arguments,"
    " 'flat' never, 'auto' (default) above 30 operations, some tagged"
)
HTTP_HELP = f"the HTTP library the clients use, {' or '.join(HTTP_LIBRARIES)} (default: [tool.clientgen] http; {DEFAULT_HTTP} with --spec)"
STRICT_HELP = "every warning is an error: exit 1 and write nothing if the spec has a defect (default: strict in [tool.clientgen])"
CACHE_HELP = "the caches (.clientgen-cache/ beside a project's output folder; for --spec, the user cache folder; or $CLIENTGEN_CACHE_DIR)"


def main(argv: list[str] | None = None, *, child: Child | None = None) -> int:
    """``clientgen``; ``child``: the process validating for a ``generate`` or ``check``, started
    early (:func:`generator.validate.early.start`)."""
    try:
        status = _main(sys.argv[1:] if argv is None else argv, child)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return status
    except BrokenPipeError:  # `clientgen changes --json | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 128 + 13  # as if killed by SIGPIPE, the shell's convention; never a documented code


def _main(arguments: list[str], child: Child | None = None) -> int:
    command = command_of(arguments)
    only_version = command is None and "--version" in arguments  # the other commands' modules are not needed
    parser = _parser(all_commands=command not in CORE_COMMANDS and not only_version)
    args = parser.parse_args(arguments)
    if args.version:
        from .version import version_lines

        print("\n".join(version_lines(verbose=args.verbose)))
        return 0
    if args.verbose:
        parser.error("-v/--verbose goes with --version")
    if args.command is None:
        parser.error("the following arguments are required: COMMAND")
    args.child = child  # for _run
    try:
        return int(args.handler(args))
    except GenerationError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        count = len(exc.diagnostics)
        print(f"clientgen: {count} error{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)
        return 1
    except (ConfigError, write.UnsafeOutputError, FormatError) as exc:
        print(f"clientgen: error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        from ..release.versioning import HistoryError  # imported only when something went wrong

        if not isinstance(exc, HistoryError):
            raise
        print(f"clientgen: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("clientgen: interrupted; nothing was written", file=sys.stderr)
        return 1


def _parser(*, all_commands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clientgen", description="Typed Python API clients from OpenAPI specs.")
    parser.add_argument("--version", action="store_true", help="print clientgen's version and exit")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="with --version: also Python's and those of the libraries that shape the output"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gen = commands.add_parser("generate", help="write the client package from the specs")
    gen.add_argument("--spec", type=Path, help="generate from this one document instead of the configured specs")
    gen.add_argument("--output", type=Path, help="the package folder to write (default: from [tool.clientgen])")
    gen.add_argument("--package", help="the import name of the package (default: from [tool.clientgen])")
    gen.add_argument("--http", choices=list(HTTP_LIBRARIES), help=HTTP_HELP)
    gen.add_argument("--report", action="store_true", help="print operations, models and warnings per spec")
    gen.add_argument("--allow-external-refs", action="store_true", help=EXTERNAL_REFS_HELP)
    gen.add_argument("--strict", action="store_true", help=STRICT_HELP)
    gen.add_argument("--resources", choices=list(RESOURCES), help=RESOURCES_HELP)
    gen.add_argument("--no-cache", action="store_true", help=f"run every stage; neither read nor write {CACHE_HELP}")
    gen.set_defaults(handler=_generate)

    check = commands.add_parser("check", help="exit 1 if the package is not what the specs generate")
    check.add_argument("--spec", type=Path, help="check the package of this one document")
    check.add_argument("--output", type=Path)
    check.add_argument("--package")
    check.add_argument("--http", choices=list(HTTP_LIBRARIES), help=HTTP_HELP)
    check.add_argument("--allow-external-refs", action="store_true", help=EXTERNAL_REFS_HELP)
    check.add_argument("--strict", action="store_true", help=STRICT_HELP)
    check.add_argument("--resources", choices=list(RESOURCES), help=RESOURCES_HELP)
    check.add_argument("--no-cache", action="store_true", help=f"run every stage; neither read nor write {CACHE_HELP}")
    check.set_defaults(handler=_check)
    if all_commands:
        from .commands import register_commands

        register_commands(commands)
    return parser


def _plan(args: argparse.Namespace) -> tuple[list[Provider], Path, PackageInfo, Path | None]:
    if args.allow_external_refs and args.spec is None:
        raise ConfigError(
            "--allow-external-refs goes with --spec; for the configured specs, set allow_external_refs = true"
            " under [tool.clientgen.providers.<key>] in pyproject.toml"
        )
    if args.resources and args.spec is None:
        raise ConfigError("--resources goes with --spec; for the configured specs, set resources in [tool.clientgen] or its provider's table")
    if args.spec is not None:
        if args.output is None:
            raise ConfigError("--spec needs --output: the folder to write the package to")
        package = args.package or "client"
        info = PackageInfo(package, package.replace("_", "-"), "0.1.0", args.http or DEFAULT_HTTP)
        spec = single_spec(args.spec, allow_external_refs=args.allow_external_refs, strict=args.strict, resources=args.resources or "auto")
        return [spec], args.output, info, None
    settings: Settings = load_settings()
    package = args.package or settings.package
    distribution = settings.distribution if not args.package else package.replace("_", "-")
    info = PackageInfo(package, distribution, settings.version, args.http or settings.http, settings.lazy_models_above)
    output = args.output or settings.output
    providers = settings.providers()
    if args.strict:
        providers = [dataclasses.replace(p, strict=True) for p in providers]
    return providers, output, info, settings.root


def _generate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    providers, output, info, root = _plan(args)
    cache = open_cache(output, providers, info, enabled=not args.no_cache, in_project=root is not None)
    stamp = cache.unchanged()
    if stamp is not None:  # the inputs of the tree in output have not changed
        _summary(stamp.report_values(), write.TreeDiff(), report=args.report)
        print(f"{output}: {counted(stamp.files, 'file')}, unchanged: same inputs as the last run ({time.perf_counter() - started:.2f}s)")
        return 0
    generation = _run(providers, output, info, root, cache, args.child)
    diff = write.write_tree(output, generation.files)
    cache.record(generation.files, generation.reports, generation.sources)
    _summary(generation.reports, diff, report=args.report)
    _print_release(generation.release, output)
    state = "unchanged" if not diff.stale else f"{len(diff.added) + len(diff.changed)} written, {len(diff.removed)} removed"
    print(f"{output}: {counted(len(generation.files), 'file')}, {state} ({time.perf_counter() - started:.2f}s)")
    return 0


def _run(
    providers: list[Provider], output: Path, info: PackageInfo, root: Path | None, cache: RunCache, child: Child | None
) -> Generation:
    if child is not None:
        child.ask([(provider.spec, provider.allow_external_refs) for provider in providers])
    from ..pipeline import Run, generate
    from ..progress import shown_on
    from ..release.versioning import read_history
    from ..validate import early

    # One run: its documents, files read, format stats, progress line (on a terminal only) and validator.
    # Closing it reaps the child (here, not at exit) and erases the line.
    with Run(early.validator(child), shown_on(sys.stderr)) as run:
        return generate(providers, info, root, read_history(output), cache.format_cache(), run)


def _check(args: argparse.Namespace) -> int:
    providers, output, info, root = _plan(args)
    cache = open_cache(output, providers, info, enabled=not args.no_cache, read_only=True, in_project=root is not None)
    stamp = cache.unchanged()
    if stamp is not None:
        _warnings(stamp.report_values())
        print(f"{output}: up to date ({counted(stamp.files, 'file')}; same inputs as the last run)")
        return 0
    generation = _run(providers, output, info, root, cache, args.child)
    _warnings(generation.reports)
    diff = write.compare(output, generation.files)
    if not diff.stale:
        print(f"{output}: up to date ({counted(len(generation.files), 'file')})")
        return 0
    print(f"{output} is stale: it is not what the specs and templates generate.", file=sys.stderr)
    for label, names in (("changed", diff.changed), ("missing", diff.added), ("extra", diff.removed)):
        for name in names:
            print(f"  {label}: {name}", file=sys.stderr)
    print(write.unified_diff(output, generation.files, diff.changed + diff.added), file=sys.stderr, end="")
    print("Run `clientgen generate` to update it, then commit the result.", file=sys.stderr)
    return 1


def _summary(reports: list[Report], diff: write.TreeDiff, *, report: bool) -> None:
    """A line per spec; its warnings, one line each on stderr, or with ``report`` all it has."""
    touched = set(diff.added) | set(diff.changed)
    for r in reports:
        written = sum(1 for name in touched if f"/{r.key}/" in name)
        line = f"{r.key}: {counted(r.operations, 'operation')}, {counted(r.models, 'model')}, {counted(written, 'file')} written"
        if r.warnings:
            line += f", {counted(len(r.warnings), 'warning')}"
        print(line)
        if not report:
            _warnings([r])
        else:
            print(f"  operations: {r.operations} generated, {len(r.skipped)} skipped")
            for skipped in r.skipped:
                print(f"    skipped {skipped}")
            print(f"  models: {r.models}")
            print(f"  warnings: {len(r.warnings)}")
            for warning in r.warnings:
                print(textwrap.indent(warning, "    "))
            if r.notes:
                print(f"  notes: {len(r.notes)}")
                for note in r.notes:
                    print(textwrap.indent(note, "    "))


def _warnings(reports: list[Report]) -> None:
    """Each spec's warnings, located, one line each on stderr (at most SHOWN_WARNINGS a spec);
    ``--report`` lists them all, with their hints."""
    lines = [line for r in reports for line in warning_lines(r.warnings)]
    if lines:
        sys.stdout.flush()  # after the summary line it belongs to, in a log of both streams
        print("\n".join(lines), file=sys.stderr)


def _print_release(release: Release | None, output: Path) -> None:
    """After ``generate``: the API changes since the last version, and the new version."""
    if release is None:
        return
    where = display_path(output)
    if release.previous is None:
        print(f"{where}: version {release.version}; {where}/api-surface.json and CHANGELOG.md start its history")
        return
    if release.changes:
        from ..release.changes import summary

        print(f"API changes since {release.previous}:")
        print(summary(release.changes))
    if release.bumped:
        level = release.level
        why = level.reason if release.changes else "set in [tool.clientgen]"
        print(f"{where}: version {release.previous} -> {release.version} ({why}); {where}/CHANGELOG.md lists the changes")


if __name__ == "__main__":
    sys.exit(main())
