"""The layers import downwards only: the engine knows no API, no command imports another."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved against its package."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            module = f"{base}.{node.module}" if node.level else node.module
            names.add(module if node.module else base)
            names |= {f"{module or base}.{alias.name}" for alias in node.names}
    return names


def test_the_engine_imports_no_api_and_no_flask():
    for path in (ROOT / "server" / "engine").glob("*.py"):
        found = imported(path)
        assert not any(name.startswith(("server.api", "flask")) for name in found), path.name


def test_the_report_commands_do_not_import_the_main_command_module():
    assert not any(name.startswith("server.cli.") or name == "server.cli"
                   for name in imported(ROOT / "server" / "cli_reports.py"))
