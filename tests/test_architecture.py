"""Import rules from ARCHITECTURE.md: Qt only in repapp.ui; client and server never import each other's
database code; the core stays pure."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imports(package: str) -> dict[Path, set[str]]:
    found: dict[Path, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[path.relative_to(ROOT)] = names
    return found


def offenders(
    package: str, forbidden: tuple[str, ...], allowed_under: str | None = None
) -> list[str]:
    return [
        f"{path}: {name}"
        for path, names in imports(package).items()
        if allowed_under is None or not str(path).startswith(allowed_under)
        for name in names
        if name.split(".")[0] in forbidden or name.startswith(forbidden)
    ]


def test_only_repapp_ui_imports_qt() -> None:
    assert offenders("repapp", ("PySide6", "shiboken6"), allowed_under="repapp/ui") == []
    assert offenders("server", ("PySide6", "shiboken6")) == []


def test_only_repapp_ui_qt_module_imports_pyside6() -> None:
    direct = [
        f"{p}: {n}"
        for p, names in imports("repapp/ui").items()
        for n in names
        if n.startswith("PySide6")
    ]
    assert all(line.startswith("repapp/ui/qt.py") for line in direct), direct


def test_the_core_is_pure_python() -> None:
    assert (
        offenders(
            "repapp/core", ("sqlalchemy", "httpx", "PySide6", "fastapi", "pydantic", "server")
        )
        == []
    )


def test_the_server_uses_only_core_protocol_and_printing_from_repapp() -> None:
    allowed = ("repapp.core", "repapp.sync.protocol", "repapp.printing")
    used = {
        name
        for names in imports("server").values()
        for name in names
        if name.split(".")[0] == "repapp"
    }
    assert {name for name in used if name != "repapp" and not name.startswith(allowed)} == set()


def test_the_client_never_imports_the_server() -> None:
    assert offenders("repapp", ("server",)) == []
