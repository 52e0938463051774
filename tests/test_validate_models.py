"""Validation imports openapi-pydantic's models of the document's version only, and the package
stays whole for anything else in the process that imports it (generator/validate/models.py)."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT

PROGRAM = """
import json, sys
from pathlib import Path
from generator.load.document import load
from generator.validate.openapi import validate
validate(load(Path(sys.argv[1])))
loaded = sorted(m for m in sys.modules if m.startswith("openapi_pydantic"))
import openapi_pydantic
from openapi_pydantic.v3 import v3_0
from openapi_pydantic.v3.v3_1 import OpenAPI
parsed = openapi_pydantic.parse_obj(load(Path(sys.argv[1])).data)
print(json.dumps({
    "loaded": loaded,
    "whole": [type(parsed) is OpenAPI, openapi_pydantic.OpenAPI is OpenAPI, v3_0.OpenAPI.__name__ == "OpenAPI"],
}))
"""


def run(spec: str) -> dict[str, list[object]]:
    result = subprocess.run([sys.executable, "-c", PROGRAM, spec], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_a_31_document_builds_the_31_models_only_and_the_package_stays_whole() -> None:
    found = run("specs/noxus.yaml")
    assert "openapi_pydantic.v3.v3_1" in found["loaded"]
    assert not [m for m in found["loaded"] if m.startswith(("openapi_pydantic.v3.v3_0", "openapi_pydantic.v3.parser"))]
    assert found["whole"] == [True, True, True]
