"""Swagger 2.0 documents, read into the OpenAPI 3.0 form every later stage reads.

:func:`converted` is a step of :func:`~generator.load.document.load`: a document whose root has
``swagger: "2.0"`` becomes a :class:`Converted` document, whose ``data`` is OpenAPI 3.0 and whose
``source`` is the 2.0 data as written. Each converted node remembers the 2.0 node it came from
(:attr:`Converted.origins`), so a warning about the converted data is located at the 2.0
document's own line and pointer (:meth:`Converted.locate`), and validation against the official
2.0 schema (:mod:`generator.validate.official`) can cut the converted piece a 2.0 defect is in
(:meth:`Converted.converted_pointer`). The files its ``$ref``s reach are read as 2.0 parts too,
each node as what the ``$ref``'s place makes it (:mod:`.swagger2_files`, from :attr:`Converted.kinds`).

What becomes what, as swagger2openapi converts it (the peer the tests compare with):

- ``host`` + ``basePath`` + ``schemes`` -> ``servers`` (one a scheme, in order; no ``schemes``: https);
- ``consumes`` / ``produces`` (document, then operation) -> the media types of bodies and responses;
- ``in: body`` -> the ``requestBody``; ``in: formData`` -> a form body (multipart when the
  operation consumes it or a parameter is ``type: file``, which becomes a binary string: an upload);
- ``definitions``, ``parameters``, ``responses``, ``securityDefinitions`` -> ``components``
  (``schemas``, ``parameters`` or ``requestBodies`` for body parameters, ``responses``,
  ``securitySchemes``), every ``$ref`` rewritten;
- ``collectionFormat`` (csv, ssv, tsv, pipes, multi) -> ``style`` and ``explode``;
- ``x-nullable`` -> ``nullable``; a schema's string ``discriminator`` -> ``propertyName``;
  ``type: file`` -> a binary string (a response of it is bytes);
- ``basic`` -> http basic, ``apiKey`` as it is, ``oauth2`` flows (implicit, password,
  application -> clientCredentials, accessCode -> authorizationCode).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..errors import Location, escape_pointer
from .document import Document
from .swagger2_parts import (
    as_dict,
    as_list,
    convert_schema,
    parameter_ref,
    ref_name,
    response_ref,
    rewrite_refs,
    security_scheme,
    strings,
)

OPENAPI = "3.0.3"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
# Keywords of a 2.0 non-body parameter (or header, or items) that describe its value: its schema.
_VALUE_KEYS = (
    "type", "format", "items", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
    "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "enum", "multipleOf",
)
_STYLES = {  # collectionFormat -> (style, explode) in a query; path and header know only csv (simple)
    "csv": ("form", False),
    "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False),
    "multi": ("form", True),
    "tsv": ("form", False),  # OpenAPI 3 has no tab-delimited style: told in a warning
}


@dataclass
class Converted(Document):
    """A Swagger 2.0 document read as OpenAPI 3.0 (``data``), with the 2.0 data it was read from."""

    source: Any = None
    origins: dict[str, str] = field(default_factory=dict, repr=False)  # converted pointer -> 2.0 pointer
    notes: list[tuple[str, str]] = field(default_factory=list, repr=False)  # (2.0 pointer, warning)
    # What each converted node is, where a $ref in it may stand: "path" (a path item), "parameter",
    # "response", "schema" (a schema's root: the nodes below it are schemas too). A file a $ref
    # reaches is read as that part (:mod:`.swagger2_files`).
    kinds: dict[str, str] = field(default_factory=dict, repr=False)
    media: tuple[list[str], list[str]] = field(default_factory=lambda: ([JSON], [JSON]), repr=False)  # consumes, produces

    def source_pointer(self, pointer: str) -> str:
        """The 2.0 pointer of the node at the converted ``pointer`` (its nearest mapped ancestor's,
        with the rest of the path as it is: schemas are copied whole)."""
        probe = pointer
        while True:
            if probe in self.origins:
                return self.origins[probe] + pointer[len(probe) :]
            if "/" not in probe:
                return pointer
            probe = probe.rsplit("/", 1)[0]

    def converted_pointer(self, source: str) -> str:
        """The converted pointer of the node the 2.0 pointer ``source`` became (its nearest ancestor's)."""
        forward = self._forward
        probe = source
        while True:
            if probe in forward:
                return forward[probe] + source[len(probe) :]
            if "/" not in probe:
                return source
            probe = probe.rsplit("/", 1)[0]

    @cached_property
    def _forward(self) -> dict[str, str]:
        forward: dict[str, str] = {}
        for converted, original in self.origins.items():
            forward.setdefault(original, converted)
        return forward

    def line_of(self, pointer: str) -> int | None:
        return super().line_of(self.source_pointer(pointer))

    def line_in_source(self, pointer: str) -> int | None:
        return super().line_of(pointer)

    def locate(self, location: Location) -> Location:
        pointer = self.source_pointer(location.pointer) if location.file == self.path else location.pointer
        return Location(location.file, pointer, super().line_of(pointer))


def converted(document: Document) -> Document:
    """The document as OpenAPI 3.0 when it is Swagger 2.0; any other document as it is."""
    data = document.data
    if not isinstance(data, dict) or "swagger" not in data or "openapi" in data:
        return document
    if str(data.get("swagger")) not in ("2.0", "2"):
        return document  # refused by validation, which names the version
    converter = _Converter(data)
    result = converter.document()
    done = Converted(
        document.path, result, document.text, source=data, origins=converter.origins, notes=converter.notes,
        kinds=converter.kinds, media=(converter.consumes, converter.produces),
    )
    rewrite_refs(result, done.converted_pointer, set())
    return done


def source_of(document: Document) -> Converted | None:
    return document if isinstance(document, Converted) else None


def with_data(document: Document, data: Any) -> Document:
    return dataclasses.replace(document, data=data)


class _Converter:
    """Converts a 2.0 document (:meth:`document`), or, with ``media`` (the consumes and produces of
    the document that refers to it), a part of another file a $ref reaches: then every $ref is
    left as written, since it is resolved against that file, where it points at 2.0 data."""

    def __init__(self, source: dict[str, Any], media: tuple[list[str], list[str]] | None = None) -> None:
        self.source = source
        self.in_part = media is not None
        self.origins: dict[str, str] = {} if self.in_part else {"#": "#"}
        self.notes: list[tuple[str, str]] = []
        self.kinds: dict[str, str] = {}
        self.consumes, self.produces = media or (strings(source.get("consumes")) or [JSON], strings(source.get("produces")) or [JSON])
        params = source.get("parameters")
        self.shared_params: dict[str, Any] = params if isinstance(params, dict) and not self.in_part else {}

    def map(self, converted: str, original: str) -> None:
        self.origins[converted] = original

    def schema(self, schema: Any, where: str) -> Any:
        """A 2.0 schema as 3.0 reads it, placed at ``where``."""
        self.kinds[where] = "schema"
        return convert_schema(schema, keep_refs=self.in_part)

    # --- the document ------------------------------------------------------------------------

    def document(self) -> dict[str, Any]:
        src = self.source
        out: dict[str, Any] = {"openapi": OPENAPI}
        for key, value in src.items():
            if key.startswith("x-") or key in ("info", "tags", "externalDocs", "security"):
                out[key] = value
                self.map(f"#/{escape_pointer(key)}", f"#/{escape_pointer(key)}")
        if "info" in src:
            out["info"] = src["info"]
        servers = self.servers()
        if servers:
            out["servers"] = servers
        out["paths"] = self.paths()
        self.map("#/paths", "#/paths")
        components = self.components()
        if components:
            out["components"] = components
        return out

    def servers(self) -> list[dict[str, Any]]:
        host, base = self.source.get("host"), self.source.get("basePath")
        base = base if isinstance(base, str) else ""
        if isinstance(host, str) and host:
            schemes = [s for s in strings(self.source.get("schemes")) if s in ("http", "https", "ws", "wss")] or ["https"]
            for index in range(len(schemes)):
                self.map(f"#/servers/{index}", "#/host")
            return [{"url": f"{scheme}://{host}{base}".rstrip("/") or "/"} for scheme in schemes]
        if base:
            self.map("#/servers/0", "#/basePath")
            return [{"url": base}]
        return []

    def components(self) -> dict[str, Any]:
        src = self.source
        out: dict[str, Any] = {}
        definitions = src.get("definitions")
        if isinstance(definitions, dict):
            out["schemas"] = {name: self.schema(value, f"#/components/schemas/{escape_pointer(name)}") for name, value in definitions.items()}
            self.map("#/components/schemas", "#/definitions")
        parameters: dict[str, Any] = {}
        bodies: dict[str, Any] = {}
        for name, param in self.shared_params.items():
            key = escape_pointer(name)
            if isinstance(param, dict) and param.get("in") == "body":
                bodies[name] = self.body(param, self.consumes, f"#/components/requestBodies/{key}", f"#/parameters/{key}")
            elif isinstance(param, dict) and param.get("in") == "formData":
                continue  # inlined into each operation's form body
            else:
                parameters[name] = self.parameter(param, f"#/components/parameters/{key}", f"#/parameters/{key}")
        if parameters:
            out["parameters"] = parameters
        if bodies:
            out["requestBodies"] = bodies
        responses = src.get("responses")
        if isinstance(responses, dict):
            out["responses"] = {
                name: self.response(value, self.produces, f"#/components/responses/{escape_pointer(name)}", f"#/responses/{escape_pointer(name)}")
                for name, value in responses.items()
            }
        schemes = src.get("securityDefinitions")
        if isinstance(schemes, dict):
            out["securitySchemes"] = {name: security_scheme(value) for name, value in schemes.items()}
            self.map("#/components/securitySchemes", "#/securityDefinitions")
        return out

    # --- paths -------------------------------------------------------------------------------

    def paths(self) -> dict[str, Any]:
        paths = self.source.get("paths")
        if not isinstance(paths, dict):
            return {}
        out: dict[str, Any] = {}
        for path, item in paths.items():
            where = f"#/paths/{escape_pointer(path)}"
            self.map(where, where)
            if not isinstance(item, dict) or path.startswith("x-"):
                out[path] = item
                continue
            out[path] = self.path_item(item, where)
        return out

    def path_item(self, item: dict[str, Any], where: str) -> dict[str, Any]:
        self.kinds[where] = "path"
        out: dict[str, Any] = {}
        shared = as_list(item.get("parameters"))
        plain = [(i, p) for i, p in enumerate(shared) if self.kind(p) not in ("body", "formData")]
        if plain:
            out["parameters"] = [self.parameter(p, f"{where}/parameters/{n}", f"{where}/parameters/{i}") for n, (i, p) in enumerate(plain)]
        for key, value in item.items():
            if key in METHODS and isinstance(value, dict):
                out[key] = self.operation(value, shared, f"{where}/{key}")
            elif (key == "$ref" and isinstance(value, str)) or key.startswith("x-"):
                out[key] = value
        return out

    def kind(self, param: Any) -> str:
        """Where a parameter goes (``in``), following a ``$ref`` to the document's parameters."""
        if isinstance(param, dict) and isinstance(param.get("$ref"), str):
            target = self.shared_params.get(ref_name(param["$ref"], "#/parameters/"))
            return str(target.get("in")) if isinstance(target, dict) else ""
        return str(param.get("in")) if isinstance(param, dict) else ""

    def resolved(self, param: Any) -> tuple[Any, str | None]:
        """A parameter and, when it is a ``$ref`` to the document's parameters, its name there."""
        if isinstance(param, dict) and isinstance(param.get("$ref"), str):
            name = ref_name(param["$ref"], "#/parameters/")
            if name in self.shared_params:
                return self.shared_params[name], name
        return param, None

    def operation(self, op: dict[str, Any], shared: list[Any], where: str) -> dict[str, Any]:
        self.map(where, where)
        out: dict[str, Any] = {}
        consumes = strings(op.get("consumes")) or self.consumes
        produces = strings(op.get("produces")) or self.produces
        for key in ("tags", "summary", "description", "externalDocs", "operationId", "deprecated", "security"):
            if key in op:
                out[key] = op[key]
                self.map(f"{where}/{key}", f"{where}/{key}")
        own = as_list(op.get("parameters"))
        # The operation's parameters override the path's by name and location.
        merged: dict[tuple[str, str], tuple[Any, str]] = {}
        path_where = where.rsplit("/", 1)[0]
        for params, base in ((shared, f"{path_where}/parameters"), (own, f"{where}/parameters")):
            for index, param in enumerate(params):
                target, _ = self.resolved(param)
                if isinstance(target, dict):
                    merged[(str(target.get("name")), str(target.get("in")))] = (param, f"{base}/{index}")
        plain: list[dict[str, Any]] = []
        form: list[tuple[dict[str, Any], str]] = []
        body: tuple[Any, str] | None = None
        for index, param in enumerate(own):
            kind = self.kind(param)
            source = f"{where}/parameters/{index}"
            if kind == "body":
                body = (param, source)
            elif kind == "formData":
                continue
            else:
                plain.append(self.parameter(param, f"{where}/parameters/{len(plain)}", source))
        for (_, location), (param, source) in merged.items():
            target, _ = self.resolved(param)
            if location == "formData" and isinstance(target, dict):
                form.append((target, source if not isinstance(param.get("$ref"), str) else self.origin_of(param)))
            elif location == "body" and body is None:
                body = (param, source)
        if plain:
            out["parameters"] = plain
        if body is not None:
            param, source = body
            target, name = self.resolved(param)
            if name is not None:
                out["requestBody"] = {"$ref": f"#/components/requestBodies/{escape_pointer(name)}"}
                self.map(f"{where}/requestBody", source)
            else:
                out["requestBody"] = self.body(target, consumes, f"{where}/requestBody", source)
        elif form:
            out["requestBody"] = self.form_body(form, consumes, f"{where}/requestBody")
        responses = op.get("responses")
        if isinstance(responses, dict):
            self.map(f"{where}/responses", f"{where}/responses")
            out["responses"] = {
                status: self.response(value, produces, f"{where}/responses/{escape_pointer(status)}", f"{where}/responses/{escape_pointer(status)}")
                for status, value in responses.items()
            }
        else:
            out["responses"] = responses
        for key, value in op.items():
            if key.startswith("x-"):
                out[key] = value
        return out

    def origin_of(self, param: dict[str, Any]) -> str:
        return f"#/parameters/{escape_pointer(ref_name(param['$ref'], '#/parameters/'))}"

    # --- parameters and bodies ---------------------------------------------------------------

    def parameter(self, param: Any, where: str, source: str) -> Any:
        self.map(where, source)
        self.kinds[where] = "parameter"
        if not isinstance(param, dict):
            return param
        if isinstance(param.get("$ref"), str):
            known = ref_name(param["$ref"], "#/parameters/") in self.shared_params  # never in a part
            return {"$ref": parameter_ref(param["$ref"]) if known else param["$ref"]}
        out: dict[str, Any] = {}
        for key in ("name", "in", "description", "required", "allowEmptyValue"):
            if key in param:
                out[key] = param[key]
        for key, value in param.items():
            if key.startswith("x-") and key != "x-nullable":
                out[key] = value
        schema = self.value_schema(param, source)
        out["schema"] = schema
        self.map(f"{where}/schema", source)
        location = param.get("in")
        if param.get("type") == "array":
            form = param.get("collectionFormat", "csv")
            if not isinstance(form, str) or form not in _STYLES:
                form = "csv"
            if form == "tsv":
                self.notes.append((f"{source}/collectionFormat", "collectionFormat `tsv` has no OpenAPI 3 style; the values are sent comma-separated"))
            style, explode = _STYLES[form]
            if location in ("path", "header"):
                style, explode = "simple", False
            out["style"], out["explode"] = style, explode
        return out

    def value_schema(self, param: dict[str, Any], source: str) -> dict[str, Any]:
        """The schema of a 2.0 non-body parameter or header: its value keywords, items included."""
        schema: dict[str, Any] = {}
        for key in _VALUE_KEYS:
            if key in param:
                schema[key] = param[key]
        if "items" in schema and isinstance(schema["items"], dict):
            schema["items"] = self.value_schema(schema["items"], f"{source}/items")
        if param.get("x-nullable") is True:
            schema["nullable"] = True
        if schema.get("type") == "file":
            schema["type"], schema["format"] = "string", "binary"
        return schema

    def body(self, param: dict[str, Any], consumes: list[str], where: str, source: str) -> dict[str, Any]:
        self.map(where, source)
        schema = convert_schema(param.get("schema", {}), keep_refs=self.in_part)
        out: dict[str, Any] = {"content": {}}
        self.map(f"{where}/content", source)
        for media in consumes:
            key = f"{where}/content/{escape_pointer(media)}"
            out["content"][media] = {"schema": schema}
            self.kinds[f"{key}/schema"] = "schema"
            self.map(key, source)
            self.map(f"{key}/schema", f"{source}/schema")
        if "description" in param:
            out["description"] = param["description"]
        if param.get("required") is True:
            out["required"] = True
        if isinstance(param.get("name"), str):
            out["x-codegen-request-body-name"] = param["name"]
        return out

    def form_body(self, params: list[tuple[dict[str, Any], str]], consumes: list[str], where: str) -> dict[str, Any]:
        has_file = any(p.get("type") == "file" for p, _ in params)
        media = [m for m in consumes if m.split(";")[0].strip().lower() in (FORM, MULTIPART)]
        if has_file and not any(m.startswith(MULTIPART) for m in media):
            media = [MULTIPART]
        media = media or [FORM]
        schema: dict[str, Any] = {"type": "object", "properties": {}}
        required: list[str] = []
        self.map(where, params[0][1])
        self.map(f"{where}/content", params[0][1])
        for param, source in params:
            name = str(param.get("name"))
            value = self.value_schema(param, source)
            if "description" in param:
                value["description"] = param["description"]
            schema["properties"][name] = value
            if param.get("required") is True:
                required.append(name)
            for mt in media:
                self.map(f"{where}/content/{escape_pointer(mt)}/schema/properties/{escape_pointer(name)}", source)
        if required:
            schema["required"] = required
        return {"content": {mt: {"schema": schema} for mt in media}, **({"required": True} if required else {})}

    # --- responses ---------------------------------------------------------------------------

    def response(self, response: Any, produces: list[str], where: str, source: str) -> Any:
        self.map(where, source)
        self.kinds[where] = "response"
        if not isinstance(response, dict):
            return response
        if isinstance(response.get("$ref"), str):
            return {"$ref": response["$ref"] if self.in_part else response_ref(response["$ref"])}
        out: dict[str, Any] = {"description": response.get("description", "")}
        schema = response.get("schema")
        if isinstance(schema, dict):
            converted = convert_schema(schema, keep_refs=self.in_part)
            examples = as_dict(response.get("examples"))
            out["content"] = {}
            self.map(f"{where}/content", source)
            for media in produces:
                key = f"{where}/content/{escape_pointer(media)}"
                entry: dict[str, Any] = {"schema": converted}
                if media in examples:
                    entry["example"] = examples[media]
                out["content"][media] = entry
                self.map(key, source)
                self.map(f"{key}/schema", f"{source}/schema")
                self.kinds[f"{key}/schema"] = "schema"
        headers = response.get("headers")
        if isinstance(headers, dict):
            out["headers"] = {}
            for name, header in headers.items():
                here, there = f"{where}/headers/{escape_pointer(name)}", f"{source}/headers/{escape_pointer(name)}"
                self.map(here, there)
                if isinstance(header, dict):
                    value: dict[str, Any] = {"schema": self.value_schema(header, there)}
                    if "description" in header:
                        value["description"] = header["description"]
                    out["headers"][name] = value
                    self.map(f"{here}/schema", there)
        for key, value in response.items():
            if key.startswith("x-"):
                out[key] = value
        return out
