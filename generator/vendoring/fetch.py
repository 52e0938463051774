"""Read a vendoring source: a local file, or an http(s) URL fetched with limits.

A URL is fetched with HTTPX2 (certificates checked against the operating system's trust store;
``SSL_CERT_FILE`` names another bundle), with a timeout and a size limit. Redirects are followed
only to http(s) URLs that name a host, and never from https down to http; anything else is
refused with the URL it pointed at, so a docs site cannot send clientgen to a local file or an
unexpected scheme.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx2

MAX_BYTES = 20 * 1024 * 1024
TIMEOUT_SECONDS = 30.0
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
ACCEPT = "text/markdown, text/plain;q=0.9, application/yaml;q=0.9, application/json;q=0.9, */*;q=0.5"


class FetchError(Exception):
    """The source could not be read; the message names it and says what to do."""


@dataclass(frozen=True)
class Fetched:
    location: str  # what the header records: the URL, or the path relative to the project root
    text: str
    host: str = ""  # a URL's host name; empty for a file

    @property
    def is_url(self) -> bool:
        return bool(self.host)


def is_url(source: str) -> bool:
    return "://" in source


def read_source(source: str, root: Path) -> Fetched:
    return _fetch(source) if is_url(source) else _read_file(Path(source), root)


def _read_file(path: Path, root: Path) -> Fetched:
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise FetchError(f"{path}: not a regular file; give the path of a docs page or OpenAPI document")
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise FetchError(f"{path}: no such file; give the path of a docs page or OpenAPI document, or an http(s) URL") from None
    except OSError as exc:
        raise FetchError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise FetchError(f"{path}: more than the {MAX_BYTES // (1024 * 1024)} MB limit for a source")
    return Fetched(_relative(path, root), _decode(data, "utf-8", str(path)))


def _relative(path: Path, root: Path) -> str:
    """The path as the header records it: relative to the project root, so every clone agrees."""
    absolute = path.resolve()
    try:
        return os.path.relpath(absolute, root.resolve()).replace(os.sep, "/")
    except ValueError:  # another drive
        return absolute.as_posix()


def _fetch(url: str) -> Fetched:
    _check_url(url, None)
    current = url
    with httpx2.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            try:
                with client.stream("GET", current, headers={"Accept": ACCEPT}) as response:
                    if response.is_redirect:
                        current = _redirect_target(current, response.headers.get("location", ""))
                        continue
                    if response.status_code != 200:
                        raise FetchError(
                            f"{current}: the server answered {response.status_code} {response.reason_phrase}; "
                            "check the URL (a docs page's markdown form often ends in .md)"
                        )
                    body = _read_limited(response, current)
                    charset = response.charset_encoding or "utf-8"
            except httpx2.TimeoutException:
                raise FetchError(f"{current}: no answer within {TIMEOUT_SECONDS:g} seconds; try again, or save the page and vendor the file") from None
            except httpx2.HTTPError as exc:
                raise FetchError(f"{current}: cannot fetch it: {exc}; check the URL and your network") from None
            host = urlsplit(current).hostname or ""
            return Fetched(url, _decode(body, charset, current), host)
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects; vendor the final URL instead")


def _redirect_target(current: str, location: str) -> str:
    """Where a redirect goes: a relative reference resolves against ``current``; an absolute one
    must be an http(s) URL with a host (``http:///x`` is refused, not read as relative)."""
    if not location:
        raise FetchError(f"{current}: a redirect without a Location")
    target = location if urlsplit(location).scheme else urljoin(current, location)
    _check_url(target, current)
    return target


def _check_url(url: str, redirected_from: str | None) -> None:
    parts = urlsplit(url)
    origin = f" (a redirect from {redirected_from})" if redirected_from else ""
    if parts.scheme not in SCHEMES:
        raise FetchError(f"{url}{origin}: only http and https URLs are fetched; for a local file give its path")
    if not parts.hostname:
        raise FetchError(f"{url}{origin}: the URL names no host")
    if redirected_from and urlsplit(redirected_from).scheme == "https" and parts.scheme == "http":
        raise FetchError(f"{url}{origin}: a redirect from https to plain http is not followed")


def _read_limited(response: httpx2.Response, url: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise FetchError(f"{url}: {declared} bytes is more than the {MAX_BYTES // (1024 * 1024)} MB limit for a source")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_BYTES:
            raise FetchError(f"{url}: more than the {MAX_BYTES // (1024 * 1024)} MB limit for a source; nothing was vendored")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(data: bytes, charset: str, where: str) -> str:
    try:
        text = data.decode(charset)
    except (UnicodeDecodeError, LookupError):
        raise FetchError(f"{where}: the content is not {charset} text; vendor a docs page or an OpenAPI document") from None
    return text.removeprefix("\ufeff")
