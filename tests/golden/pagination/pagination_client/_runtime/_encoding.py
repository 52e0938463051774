"""Parameter and body encoding: OpenAPI styles to an :class:`httpx.Request`'s parts.

Path values are percent-encoded whole, so no value (``../admin``, ``a/b?c#d``) can change which
path is requested; header values with CR or LF are refused rather than sent.
"""

from __future__ import annotations

import datetime
import enum
import json
import re
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, quote

import pydantic

from ._unsent import is_unsent, unsent_exclusions

_PLACEHOLDER = re.compile(r"{([^{}]+)}")
QUERYSTRING = "querystring:"  # the style of an ``in: querystring`` parameter, before its media type
FORM_URLENCODED = "application/x-www-form-urlencoded"


def to_jsonable(value: Any) -> Any:
    """Models as their wire JSON (only the fields that were set, never an unsent one), other
    values as JSON types."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(
            mode="json", by_alias=True, exclude_unset=True, exclude=unsent_exclusions(value) or None
        )
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def to_text(value: Any) -> str:
    value = to_jsonable(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def expand_path(
    template: str, values: Mapping[str, Any], styles: Mapping[str, tuple[str, bool]]
) -> str:
    """``simple``, ``label`` and ``matrix`` styles. Every name and value is percent-encoded whole, so
    only the style's own separators stay literal."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        style, explode = styles.get("path:" + name, ("simple", False))
        value = to_jsonable(values[name])
        if value is None or (
            value in ("", [], {}) and style != "matrix"
        ):  # "/files//x", "/files/./x": another path
            raise ValueError(
                f"path parameter {name!r} is {'None' if value is None else 'empty'}; refusing to send the request"
            )
        return _styled(name, value, style, explode)

    return _PLACEHOLDER.sub(one, template)


def _styled(name: str, value: Any, style: str, explode: bool) -> str:
    def enc(text: str) -> str:
        encoded = quote(text, safe="")
        return encoded.replace(".", "%2E") if encoded in (".", "..") else encoded  # no dot segments

    if isinstance(value, list):
        items = [enc(to_text(v)) for v in value]
        pairs = None
    elif isinstance(value, dict):
        items = [
            f"{enc(str(k))}={enc(to_text(v))}" if explode else f"{enc(str(k))},{enc(to_text(v))}"
            for k, v in value.items()
        ]
        pairs = [(enc(str(k)), enc(to_text(v))) for k, v in value.items()]
    else:
        return {"label": ".", "matrix": f";{enc(name)}="}.get(style, "") + enc(to_text(value))
    if style == "label":
        return "." + ("." if explode else ",").join(items)
    if style == "matrix":
        if not explode:
            return f";{enc(name)}=" + ",".join(items)
        if pairs is not None:
            return "".join(f";{k}={v}" for k, v in pairs)
        return "".join(f";{enc(name)}={item}" for item in items)
    return ",".join(items)


def query_pairs(
    values: Mapping[str, Any], styles: Mapping[str, tuple[str, bool]], location: str = "query"
) -> list[tuple[str, str]]:
    """``form`` (exploded or not), ``spaceDelimited``, ``pipeDelimited`` and ``deepObject``; None is omitted.
    A whole query string (OpenAPI 3.2's ``in: querystring``) in ``application/x-www-form-urlencoded``
    gives its fields as pairs; in another media type it is :func:`query_string`'s."""
    pairs: list[tuple[str, str]] = []
    for name, raw in values.items():
        if raw is None:
            continue
        value = to_jsonable(raw)
        style, explode = styles.get(f"{location}:{name}", ("form", True))
        if style.startswith(QUERYSTRING):
            if style == QUERYSTRING + FORM_URLENCODED:
                pairs.extend(_form_pairs(value))
            continue
        if isinstance(value, list):
            if explode and style == "form":
                pairs.extend((name, to_text(v)) for v in value if v is not None)
            else:
                separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
                pairs.append((name, separator.join(to_text(v) for v in value)))
        elif isinstance(value, dict):
            if style == "deepObject":
                pairs.extend(
                    (f"{name}[{k}]", to_text(v)) for k, v in value.items() if v is not None
                )
            elif explode:
                pairs.extend((k, to_text(v)) for k, v in value.items() if v is not None)
            else:
                pairs.append(
                    (name, ",".join(f"{k},{to_text(v)}" for k, v in value.items() if v is not None))
                )
        else:
            pairs.append((name, to_text(value)))
    return pairs


def query_string(values: Mapping[str, Any], styles: Mapping[str, tuple[str, bool]]) -> str:
    """The query string of an ``in: querystring`` parameter whose media type is not a form: its
    serialisation (JSON for a JSON media type, a string as it is) percent-encoded whole."""
    for name, raw in values.items():
        style, _ = styles.get(f"query:{name}", ("form", True))
        if (
            raw is None
            or not style.startswith(QUERYSTRING)
            or style == QUERYSTRING + FORM_URLENCODED
        ):
            continue
        value = to_jsonable(raw)
        text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
        return quote(text, safe="")
    return ""


def _form_pairs(value: Any) -> list[tuple[str, str]]:
    """An object as ``application/x-www-form-urlencoded`` pairs: a list gives one pair an item."""
    if isinstance(value, str):
        return parse_qsl(value.lstrip("?"), keep_blank_values=True)
    if not isinstance(value, dict):
        return []
    pairs: list[tuple[str, str]] = []
    for key, item in value.items():
        if isinstance(item, list):
            pairs.extend((key, to_text(v)) for v in item if v is not None)
        elif item is not None:
            pairs.append((key, to_text(item)))
    return pairs


def header_values(
    values: Mapping[str, Any], styles: Mapping[str, tuple[str, bool]] | None = None
) -> dict[str, str]:
    """``simple`` style: arrays ``3,4,5``; objects ``role,admin`` (``role=admin`` exploded)."""
    headers: dict[str, str] = {}
    for name, raw in values.items():
        if raw is None:
            continue
        value = to_jsonable(raw)
        _, explode = (styles or {}).get("header:" + name, ("simple", False))
        text = _delimited(value, explode)
        check_header(name, text)
        headers[name] = text
    return headers


def cookie_values(
    values: Mapping[str, Any], styles: Mapping[str, tuple[str, bool]]
) -> dict[str, str]:
    """``form`` style: an exploded object sends each property as a cookie of its own; arrays and
    unexploded objects are comma-separated (a cookie name cannot repeat in this client)."""
    cookies: dict[str, str] = {}
    for name, raw in values.items():
        if raw is None:
            continue
        value = to_jsonable(raw)
        _, explode = styles.get("cookie:" + name, ("form", True))
        if isinstance(value, dict) and explode:
            cookies.update({str(k): to_text(v) for k, v in value.items() if v is not None})
        else:
            cookies[name] = _delimited(value, explode=False)
    return cookies


def _delimited(value: Any, explode: bool) -> str:
    if isinstance(value, list):
        return ",".join(to_text(v) for v in value)
    if isinstance(value, dict):
        return ",".join(
            f"{k}={to_text(v)}" if explode else f"{k},{to_text(v)}"
            for k, v in value.items()
            if v is not None
        )
    return to_text(value)


# RFC 6265 cookie-octets, less "%": everything else in a cookie value is percent-encoded, so a
# value cannot end its cookie (";") and add another.
_COOKIE_SAFE = "!#$&'()*+/:<=>?@[]^`{|}"


def cookie_header(jar: Mapping[str, str]) -> str:
    return "; ".join(f"{name}={quote(value, safe=_COOKIE_SAFE)}" for name, value in jar.items())


def check_header(name: str, value: str) -> None:
    if any(c in value for c in "\r\n\0") or any(c in name for c in "\r\n\0:"):
        raise ValueError(
            f"header {name!r} has a line break or NUL in its value; refusing to send it"
        )


def body_arguments(kind: str | None, media_type: str, body: Any) -> dict[str, Any]:
    """The keyword arguments of :meth:`httpx.Client.build_request` that carry ``body``."""
    if kind is None or body is None:
        return {}
    if kind == "json":
        return {
            "content": json.dumps(to_jsonable(body)).encode(),
            "headers": {"Content-Type": media_type},
        }
    if kind == "form":  # arrays repeat their key (form style, exploded)
        data = to_jsonable(body)
        return {
            "data": {
                k: [to_text(i) for i in v] if isinstance(v, list) else to_text(v)
                for k, v in data.items()
                if v is not None
            }
        }
    if kind == "multipart":
        return _multipart(body)
    if kind == "text":
        return {"content": str(body).encode(), "headers": {"Content-Type": media_type}}
    return {"content": body, "headers": {"Content-Type": media_type}}


def _multipart(body: Any) -> dict[str, Any]:
    """Every field as a part: files as uploads, other values as text parts (filename None)."""
    fields = to_jsonable_shallow(body) if isinstance(body, pydantic.BaseModel) else dict(body)
    parts: list[tuple[str, Any]] = []
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if item is None:
                continue
            if isinstance(item, (bytes, tuple)) or hasattr(item, "read"):
                parts.append((name, item))
            else:
                parts.append((name, (None, to_text(item))))
    return {"files": parts}


def to_jsonable_shallow(model: pydantic.BaseModel) -> dict[str, Any]:
    """A model's set fields by wire name, values untouched (uploads stay bytes or files)."""
    fields = type(model).model_fields
    result = {
        (info.alias or attr): getattr(model, attr)
        for attr, info in fields.items()  # in declaration order
        if attr in model.model_fields_set and not is_unsent(info, getattr(model, attr))
    }
    result.update(model.model_extra or {})
    return result
