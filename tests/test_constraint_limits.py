"""A constraint value the runtime cannot hold - a length or count beyond 64 bits, a bound that is
not a finite float - costs only that constraint, with a located warning that says the client does
not check it; the package imports (before, `maxLength: 1e40` as a whole number made a model whose
import failed with `OverflowError: int too big to convert`). `--strict` refuses it. Through the
command line, and the package imported in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import clientgen

SPEC = """\
openapi: 3.1.0
info: {title: Limits, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - name: q
          in: query
          schema: {type: string, minLength: 1, maxLength: 99999999999999999999}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        name:
          type: string
          minLength: -1
          maxLength: 10000000000000000000000000000000000000000
        tags:
          type: array
          items: {type: string}
          minItems: 1
          maxItems: 9223372036854775808
        pair:
          type: array
          prefixItems: [{type: string}, {type: integer}]
          maxItems: 18446744073709551616
        size:
          type: number
          minimum: -.inf
          maximum: .inf
        ratio:
          type: number
          exclusiveMaximum: .nan
          maximum: 1
        count:
          type: integer
          maximum: 9223372036854775807
"""
DOES_NOT_CHECK = "the client does not check it"
WARNINGS = [
    "limits.yaml:24 #/components/schemas/Thing/properties/name/minLength: warning: not valid OpenAPI 3.1: "
    "Input should be greater than or equal to 0; the client ignores `minLength`",
    "limits.yaml:10 #/paths/~1things/get/parameters/0/schema/maxLength: warning: "
    f"maxLength 99999999999999999999 is more than a length or count the client can check (at most 2^63 - 1); {DOES_NOT_CHECK}",
    "limits.yaml:25 #/components/schemas/Thing/properties/name/maxLength: warning: maxLength "
    f"10000000000000000000000000000000000000000 is more than a length or count the client can check (at most 2^63 - 1); {DOES_NOT_CHECK}",
    "limits.yaml:30 #/components/schemas/Thing/properties/tags/maxItems: warning: "
    f"maxItems 9223372036854775808 is more than a length or count the client can check (at most 2^63 - 1); {DOES_NOT_CHECK}",
    "limits.yaml:34 #/components/schemas/Thing/properties/pair/maxItems: warning: "
    f"maxItems 18446744073709551616 is more than a length or count the client can check (at most 2^63 - 1); {DOES_NOT_CHECK}",
    f"limits.yaml:37 #/components/schemas/Thing/properties/size/minimum: warning: minimum -inf is not a finite number; {DOES_NOT_CHECK}",
    f"limits.yaml:38 #/components/schemas/Thing/properties/size/maximum: warning: maximum inf is not a finite number; {DOES_NOT_CHECK}",
    "limits.yaml:41 #/components/schemas/Thing/properties/ratio/exclusiveMaximum: warning: "
    f"exclusiveMaximum nan is not a finite number; {DOES_NOT_CHECK}",
]
USE = """
import client.limits.client
from client.limits.models import Thing

thing = Thing.model_validate({"name": "x" * 100, "tags": ["a"], "pair": ["a", 1], "size": 1e300, "ratio": 0.5, "count": 3})
assert thing.pair == ("a", 1)
for wrong in ({"tags": []}, {"ratio": 2}, {"count": 2**63}):  # the constraints the runtime holds still hold
    try:
        Thing.model_validate(wrong)
    except ValueError:
        continue
    raise AssertionError(wrong)
print("imported")
"""


def test_a_constraint_beyond_the_runtime_costs_only_itself_and_the_package_imports(tmp_path: Path) -> None:
    (tmp_path / "limits.yaml").write_text(SPEC)
    result = clientgen("generate", "--spec", "limits.yaml", "--output", "out", "--package", "client", "--no-cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == WARNINGS
    used = subprocess.run([sys.executable, "-c", USE], cwd=tmp_path / "out", capture_output=True, text=True, timeout=120)
    assert used.returncode == 0, used.stderr
    assert used.stdout == "imported\n"


def test_strict_refuses_a_constraint_beyond_the_runtime(tmp_path: Path) -> None:
    (tmp_path / "limits.yaml").write_text(SPEC)
    result = clientgen("generate", "--spec", "limits.yaml", "--output", "out", "--package", "client", "--strict", cwd=tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [w.replace(": warning: ", ": error: ") for w in WARNINGS]
    assert result.stderr.splitlines()[-1] == "clientgen: 8 errors; nothing was written"
    assert not (tmp_path / "out").exists()
