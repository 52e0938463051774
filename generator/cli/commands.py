"""The ``vendor`` and ``changes`` commands, and what ``generate`` says about a new version.

The work happens in :mod:`.vendor`, :mod:`.changes` and :mod:`.versioning`; this module reads the
arguments and prints.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

from .. import ir
from ..config import DEFAULT_HTTP, ConfigError, Provider, load_settings, single_spec
from ..errors import Diagnostic, GenerationError, display_path
from ..pipeline import build_provider
from ..release.changes import EXIT_CODES, as_json, compare, level_of, summary
from ..release.revision import RevisionError, relabel, specs_at
from ..release.surface import Surface, of_apis
from ..vendoring import ExtractError, FetchError, VendorError, describe, vendor
from ..vendoring.fetch import MAX_BYTES, MAX_REDIRECTS, TIMEOUT_SECONDS

VENDOR_HELP = f"""\
Take a provider's OpenAPI document and merge it into specs/KEY.yaml.

SOURCE is a file path or an http(s) URL of a raw OpenAPI document (YAML or JSON), or of a docs
page in markdown form whose OpenAPI YAML block (in a ```` fence) holds one endpoint's document.
Paths and components merge: an identical duplicate is fine, a conflicting one is an error that
names both sources (--keep-existing keeps the spec's version of each conflicting part, once what
is taken is checked to mean the same under the spec's OpenAPI version). --operation ID, repeated,
takes only those operations of a large document and the components they reach. The spec's header
records every source (and the operations taken from it) and the date it was taken (today, or the
date of $SOURCE_DATE_EPOCH); re-vendoring an unchanged source changes nothing.

URLs: only http and https; at most {MAX_BYTES // (1024 * 1024)} MB; a {TIMEOUT_SECONDS:.0f}-second timeout;
at most {MAX_REDIRECTS} redirects, each to an http(s) URL with a host, never from https to http.

Exit codes: 0 vendored (or unchanged), 1 an error (nothing was written), 2 wrong usage.
"""

CHANGES_HELP = """\
Compare the API surface of the generated clients: specs/ against a git revision (default HEAD),
or OLD against NEW spec file. Lists operations, parameters, fields, enum values, servers and
credentials added or removed, and types and required-ness changed, per provider; each change is
marked breaking or not for code that uses the generated clients.

Exit codes: 0 no changes, 1 non-breaking changes only, 2 breaking changes, 3 the comparison
failed (the message says why). A usage error exits 2, so a gate that accepts 0 and 1 stays shut.
"""


def register_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    raw = argparse.RawDescriptionHelpFormatter
    vendor_parser = commands.add_parser(
        "vendor", help="merge a docs page's or URL's OpenAPI document into specs/KEY.yaml", description=VENDOR_HELP, formatter_class=raw
    )
    vendor_parser.add_argument("source", metavar="SOURCE", help="file path or http(s) URL of a docs page or OpenAPI document")
    vendor_parser.add_argument("--provider", required=True, metavar="KEY", help="the provider key: the spec is specs/KEY.yaml")
    vendor_parser.add_argument(
        "--operation",
        action="append",
        default=[],
        metavar="ID",
        dest="operations",
        help="take only this operation (an operationId) and the components it reaches; repeat for more",
    )
    vendor_parser.add_argument(
        "--keep-existing",
        action="store_true",
        help="where the source defines a part differently from the spec, keep the spec's and take the rest",
    )
    vendor_parser.set_defaults(handler=_vendor)

    changes_parser = commands.add_parser(
        "changes", help="list API changes against a git revision or between two specs", description=CHANGES_HELP, formatter_class=raw
    )
    changes_parser.add_argument(
        "compare", nargs="*", metavar="REVISION | OLD NEW", help="a git revision (default HEAD), or two spec files"
    )
    changes_parser.add_argument("--json", action="store_true", help="print the changes as JSON, for CI")
    changes_parser.set_defaults(handler=_changes)


# --- vendor ------------------------------------------------------------------------------------


def _vendor(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        result = vendor(
            args.source, args.provider, settings.specs, settings.root, _today(), tuple(args.operations), args.keep_existing
        )
    except VendorError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("clientgen: nothing was written", file=sys.stderr)
        return 1
    except (FetchError, ExtractError) as exc:
        print(f"clientgen: error: {exc}", file=sys.stderr)
        print("clientgen: nothing was written", file=sys.stderr)
        return 1
    print(describe(result))
    if result.changed:
        print("Next: `clientgen generate` regenerates the clients and lists the API changes; commit both.")
    return 0


def _today() -> str:
    """Today's date (UTC), or that of $SOURCE_DATE_EPOCH for reproducible runs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch:
        if not epoch.isdigit():
            raise ConfigError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970")
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    return dt.datetime.now(dt.UTC).date().isoformat()


# --- changes -----------------------------------------------------------------------------------

COMPARE_FAILED = 3


def _changes(args: argparse.Namespace) -> int:
    try:
        old, new, old_label, new_label = _surfaces(args.compare)
    except GenerationError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        print("clientgen: cannot compare: a spec is invalid", file=sys.stderr)
        return COMPARE_FAILED
    except (ConfigError, RevisionError) as exc:
        print(f"clientgen: cannot compare: {exc}", file=sys.stderr)
        return COMPARE_FAILED
    changes = compare(old, new)
    level = level_of(changes)
    if args.json:
        print(json.dumps(as_json(changes, old_label, new_label), indent=2))
    elif not changes:
        print(f"No API changes from {old_label} to {new_label}.")
    else:
        print(f"API changes from {old_label} to {new_label}:")
        print(summary(changes))
        verdict = "breaking" if EXIT_CODES[level] == 2 else "not breaking"
        print(f"{len(changes)} change{'s' if len(changes) != 1 else ''}, {verdict} for code that uses the clients.")
    return EXIT_CODES[level]


def _surfaces(compare_with: list[str]) -> tuple[Surface, Surface, str, str]:
    if len(compare_with) == 2:
        old_spec, new_spec = (Path(name) for name in compare_with)
        for path in (old_spec, new_spec):
            if not path.is_file():
                raise ConfigError(f"{path}: no such spec file")
        key = single_spec(new_spec).key
        http = DEFAULT_HTTP  # two documents: the same client either side
        return _surface([Provider(key, old_spec)], http), _surface([Provider(key, new_spec)], http), str(old_spec), str(new_spec)
    if len(compare_with) > 2:
        raise ConfigError("give one git revision, or two spec files (OLD NEW)")
    revision = compare_with[0] if compare_with else "HEAD"
    if compare_with and Path(revision).is_file():
        raise ConfigError(f"{revision} is a file: give two spec files (OLD NEW), or a git revision")
    settings = load_settings()
    new = _surface(settings.providers(), settings.http)
    old: Surface
    with tempfile.TemporaryDirectory(prefix="clientgen-changes-") as folder:
        into = Path(folder)
        try:
            then = specs_at(revision, settings, into)
            old = _surface(then.providers(every_table_has_a_spec=False), then.http)
        except GenerationError as exc:
            raise relabel(exc, into, revision) from None
        except ConfigError:  # no specs folder at that revision: every provider is new
            old = {}
    return old, new, f"{revision}:{display_path(settings.specs)}", f"{display_path(settings.specs)}/"


def _surface(providers: list[Provider], http: str) -> Surface:
    apis: list[ir.Api] = []
    errors: list[Diagnostic] = []
    for provider in providers:
        try:
            apis.append(build_provider(provider, provider.spec.name)[0])
        except GenerationError as exc:
            errors.extend(exc.diagnostics)
    if errors:
        raise GenerationError(errors)
    return of_apis(apis, http)
