"""No reaching out: ``$ref`` is resolved only inside the spec's own folder tree unless the
provider's settings allow external files, and never over the network."""

from __future__ import annotations

from pathlib import Path

import pytest

from .server import Reply, serve
from .support import clientgen_limited

PET = "Pet:\n  type: object\n  properties:\n    name: {type: string}\n    leaked: {type: boolean}\n"


def spec_referring_to(ref: str) -> str:
    return (
        'openapi: 3.1.0\ninfo: {title: Refs, version: "1"}\npaths:\n  /pets:\n    get:\n      operationId: get_pet\n'
        "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n"
        f"              schema: {{$ref: '{ref}'}}\n"
    )


def project(root: Path, ref: str, *, allow: bool | None) -> Path:
    """A project whose one spec refers to ``ref``; ``allow`` sets allow_external_refs for it."""
    settings = '[tool.clientgen]\nspecs = "specs"\noutput = "generated"\npackage = "client"\n'
    if allow is not None:
        settings += f"\n[tool.clientgen.providers.api]\nallow_external_refs = {str(allow).lower()}\n"
    (root / "pyproject.toml").write_text(settings)
    (root / "specs").mkdir()
    (root / "specs" / "api.yaml").write_text(spec_referring_to(ref))
    (root / "shared").mkdir()
    (root / "shared" / "pet.yaml").write_text(PET)
    return root


@pytest.mark.parametrize(
    "ref",
    [
        "{url}/pet.yaml#/Pet",
        "{url}/latest/meta-data/iam/security-credentials/",
        "{url}/pet.yaml",
    ],
)
@pytest.mark.parametrize("allow", [None, False, True])
def test_url_refs_are_refused_and_nothing_is_fetched(ref: str, allow: bool | None, tmp_path: Path) -> None:
    """Even with allow_external_refs: the generator never fetches; `clientgen vendor` does that."""
    with serve() as server:
        server.reply = Reply(200, PET.encode(), {"Content-Type": "application/yaml"})
        root = project(tmp_path, ref.format(url=server.url), allow=allow)
        result = clientgen_limited("generate", cwd=root)
        assert server.received == [], "the generator made a request"
    assert result.returncode == 1
    assert "$ref to a URL is refused" in result.stderr
    assert "specs/api.yaml:12 #/paths/~1pets/get/responses/200/content/application~1json/schema/$ref" in result.stderr
    assert not (root / "generated").exists()


@pytest.mark.parametrize("ref_to", ["../shared/pet.yaml#/Pet", "{root}/shared/pet.yaml#/Pet"], ids=["relative", "absolute"])
def test_files_outside_the_spec_folder_need_explicit_permission(ref_to: str, tmp_path: Path) -> None:
    for allow in (None, False):
        root = tmp_path / f"refused_{allow}"
        root.mkdir()
        project(root, ref_to.format(root=root), allow=allow)
        result = clientgen_limited("generate", cwd=root)
        assert result.returncode == 1, result.stdout
        assert "is refused" in result.stderr or "leaves the spec's folder" in result.stderr
        assert "specs/api.yaml:12 #/paths/" in result.stderr
        assert not (root / "generated").exists()

    root = tmp_path / "allowed"
    root.mkdir()
    project(root, ref_to.format(root=root), allow=True)
    result = clientgen_limited("generate", cwd=root)
    assert result.returncode == 0, result.stderr
    models = (root / "generated" / "client" / "api" / "models.py").read_text()
    assert "class Pet(ApiModel):" in models and "leaked: Omittable[bool] = None" in models


def test_a_single_spec_run_allows_external_refs_only_with_the_flag(tmp_path: Path) -> None:
    root = project(tmp_path, "../shared/pet.yaml#/Pet", allow=None)
    spec, out = root / "specs" / "api.yaml", tmp_path / "out"
    refused = clientgen_limited("generate", "--spec", str(spec), "--output", str(out), "--no-cache", cwd=tmp_path)
    assert refused.returncode == 1
    assert "$ref leaves the spec's folder" in refused.stderr and "--allow-external-refs with --spec" in refused.stderr
    assert not out.exists()

    allowed = clientgen_limited("generate", "--spec", str(spec), "--output", str(out), "--no-cache", "--allow-external-refs", cwd=tmp_path)
    assert allowed.returncode == 0, allowed.stderr
    assert "leaked: Omittable[bool] = None" in (out / "client" / "api" / "models.py").read_text()
    checked = clientgen_limited("check", "--spec", str(spec), "--output", str(out), "--no-cache", "--allow-external-refs", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr


def test_the_flag_without_spec_points_to_the_setting(tmp_path: Path) -> None:
    root = project(tmp_path, "../shared/pet.yaml#/Pet", allow=None)
    result = clientgen_limited("generate", "--allow-external-refs", cwd=root)
    assert result.returncode == 1
    assert "--allow-external-refs goes with --spec" in result.stderr and "allow_external_refs = true" in result.stderr


def test_files_inside_the_spec_folder_resolve(tmp_path: Path) -> None:
    """The control: a relative $ref inside the tree, through a subfolder and back up, is fine."""
    root = tmp_path
    (root / "pyproject.toml").write_text('[tool.clientgen]\npackage = "client"\n')
    (root / "specs" / "schemas" / "nested").mkdir(parents=True)
    (root / "specs" / "schemas" / "nested" / "pet.yaml").write_text(PET)
    (root / "specs" / "api.yaml").write_text(spec_referring_to("schemas/nested/../nested/pet.yaml#/Pet"))
    result = clientgen_limited("generate", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "class Pet(ApiModel):" in (root / "generated" / "client" / "api" / "models.py").read_text()


def test_a_symlink_inside_the_tree_cannot_lead_out_of_it(tmp_path: Path) -> None:
    root = project(tmp_path, "pet.yaml#/Pet", allow=None)
    (root / "specs" / "pet.yaml").symlink_to(root / "shared" / "pet.yaml")
    result = clientgen_limited("generate", cwd=root)
    assert result.returncode == 1
    assert "$ref leaves the spec's folder: 'pet.yaml'" in result.stderr


def test_a_ref_in_a_file_reached_where_openapi_defines_none_is_confined_to_the_folder(tmp_path: Path) -> None:
    """The operation is a file (``get: {$ref: ...}``) that refers to a file outside the spec's
    folder: relative to the file that holds it, as every relative reference is, it leaves; the
    refusal names that file and line."""
    root = tmp_path / "project"
    (root / "specs" / "resources").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.clientgen]\npackage = "client"\n')
    (root / "specs" / "api.yaml").write_text('openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths:\n  /pets:\n    get:\n      $ref: resources/op.yml\n')
    (root / "specs" / "resources" / "op.yml").write_text(
        "operationId: get_pet\nresponses:\n  '200':\n    description: ok\n    content:\n      application/json:\n"
        "        schema: {$ref: '../../shared/pet.yaml#/Pet'}\n"
    )
    (root / "shared").mkdir()
    (root / "shared" / "pet.yaml").write_text(PET)
    result = clientgen_limited("generate", cwd=root)
    assert result.returncode == 1, result.stdout
    assert "specs/resources/op.yml:7 #/responses/200/content/application~1json/schema/$ref: error: $ref leaves the spec's folder: '../../shared/pet.yaml'" in result.stderr
    assert not (root / "generated").exists()
