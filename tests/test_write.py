"""The write stage's swap, with faults injected where it can fail: a write into the new tree, the
rename that retires the old tree, the rename that puts the new one in place, an interrupt. Each
time the old tree stays exactly as it was (tool output in it included) and no staging folder is
left beside it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.output import write
from generator.output.write import MARKER, read_tree, write_tree


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root``, tool caches and packaging output included."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


OLD = {
    "pyproject.toml": f"{MARKER}\n[project]\nname = 'x'\n".encode(),
    "pkg/__init__.py": b"",
    "pkg/client.py": b"OLD = 1\n",
    "pkg/models.py": b"class Old: ...\n",
}
NEW = {
    "pyproject.toml": OLD["pyproject.toml"],
    "pkg/__init__.py": b"",
    "pkg/client.py": b"NEW = 2\n",
    "pkg/extra.py": b"ADDED = 3\n",
}


class Fault(Exception):
    pass


@pytest.fixture
def output(tmp_path: Path) -> Path:
    """An output folder as a last generation left it, with tool output in it."""
    root = tmp_path / "generated"
    write_tree(root, OLD)
    (root / "pkg" / "__pycache__").mkdir()
    (root / "pkg" / "__pycache__" / "client.cpython-311.pyc").write_bytes(b"\0pyc")
    (root / "build" / "lib").mkdir(parents=True)
    (root / "build" / "lib" / "kept.py").write_text("kept = True\n")
    (root / "x.egg-info").mkdir()
    (root / "x.egg-info" / "PKG-INFO").write_text("Name: x\n")
    return root


def failing_rename(fail: Callable[[Path, Path], bool]) -> Callable[..., None]:
    real = os.rename

    def rename(src: str | os.PathLike[str], dst: str | os.PathLike[str], **kwargs: object) -> None:
        if fail(Path(src), Path(dst)):
            raise Fault(f"injected: rename {src} -> {dst}")
        real(src, dst)

    return rename


def assert_untouched(root: Path, before: dict[str, bytes]) -> None:
    assert tree(root) == before, "the old tree, tool output included, is exactly as it was"
    assert read_tree(root) == OLD
    leftovers = sorted(p.name for p in root.parent.iterdir() if p != root)
    assert leftovers == [], f"staging folders left beside the output: {leftovers}"


STAGES = {
    # the rename that puts the new tree in place (the old one is already retired)
    "swap in": lambda src, dst: src.name.endswith(".clientgen-new"),
    # the rename that retires the old tree
    "retire": lambda src, dst: dst.name.endswith(".clientgen-old"),
    # carrying tool output from the old tree into the new one
    "carry over": lambda src, dst: src.name == "build",
}


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_a_failing_rename_leaves_the_old_tree_and_no_staging_folder(
    output: Path, stage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree(output)
    monkeypatch.setattr(write.os, "rename", failing_rename(STAGES[stage]))

    with pytest.raises(Fault):
        write_tree(output, NEW)

    monkeypatch.undo()
    assert_untouched(output, before)


def test_a_failing_write_leaves_the_old_tree_and_no_staging_folder(output: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree(output)
    real = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:  # type: ignore[override]
        if self.name == "extra.py":
            raise OSError(28, "No space left on device (injected)")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)

    with pytest.raises(OSError, match="injected"):
        write_tree(output, NEW)

    monkeypatch.undo()
    assert_untouched(output, before)


def test_an_interrupt_at_the_swap_leaves_the_old_tree(output: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree(output)
    real = os.rename

    def rename(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(src).name.endswith(".clientgen-new"):
            raise KeyboardInterrupt
        real(src, dst)

    monkeypatch.setattr(write.os, "rename", rename)

    with pytest.raises(KeyboardInterrupt):
        write_tree(output, NEW)

    monkeypatch.undo()
    assert_untouched(output, before)


def test_a_first_write_that_fails_leaves_no_folder_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "generated"
    monkeypatch.setattr(write.os, "rename", failing_rename(lambda src, dst: True))
    with pytest.raises(Fault):
        write_tree(root, NEW)
    assert list(tmp_path.iterdir()) == []


def test_after_a_failure_the_next_write_succeeds(output: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write.os, "rename", failing_rename(STAGES["swap in"]))
    with pytest.raises(Fault):
        write_tree(output, NEW)
    monkeypatch.undo()

    diff = write_tree(output, NEW)

    assert read_tree(output) == NEW
    assert diff.added == ["pkg/extra.py"] and diff.changed == ["pkg/client.py"] and diff.removed == ["pkg/models.py"]
    assert (output / "build" / "lib" / "kept.py").is_file() and (output / "x.egg-info" / "PKG-INFO").is_file()
    assert (output / "pkg" / "__pycache__" / "client.cpython-311.pyc").is_file()
    assert sorted(p.name for p in output.parent.iterdir()) == ["generated"]
