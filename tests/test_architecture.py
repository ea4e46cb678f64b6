"""House rules a grep can prove: the core never imports Qt or ui/, and ui/ reaches the
database only through the operation layer (ui/ops.py)."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("PySide6", "ui", "shiboken6")
# the operation layer is the one ui/ module that opens sessions (on the desk's worker thread)
OPERATION_LAYER = ROOT / "ui" / "ops.py"
SESSION_OPENERS = ("session", "transaction")


def _imports(tree: ast.AST, top_level_only: bool) -> list[tuple[str, int]]:
    found = []
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
    return found


def test_core_never_imports_qt_or_ui():
    offenders = []
    for path in sorted((ROOT / "cmdesk").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # the composition root may import ui lazily, inside a function, never at module level
        top_only = path == ROOT / "cmdesk" / "__main__.py"
        for name, line in _imports(tree, top_level_only=top_only):
            if name.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert offenders == []


def test_main_imports_ui_only_inside_a_function():
    tree = ast.parse((ROOT / "cmdesk" / "__main__.py").read_text(encoding="utf-8"))
    nested = [name for name, _ in _imports(tree, top_level_only=False)
              if name.split(".")[0] == "ui"]
    assert nested == ["ui.app"]


def test_headless_commands_do_not_load_qt(tmp_path):
    code = (
        "import sys\n"
        "from cmdesk.__main__ import main\n"
        "try:\n"
        f"    main(['--data-dir', {str(tmp_path)!r}, 'demo', '--clients', '3'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'ui')))\n"
        "print('LOADED', loaded)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert "LOADED []" in out.stdout



def test_start_path_leaves_printing_and_spreadsheets_unloaded():
    """Printing and exports load reportlab, openpyxl and QtPdf (seconds of a start) on first
    use: the modules the start builds — the window, 今日 with its risk sections, the client
    list and its client file — import none of them."""
    code = (
        "import sys\n"
        "import ui.app, ui.main_window, ui.today.view, ui.risk.today_lines, ui.clients.view\n"
        "heavy = ('reportlab', 'openpyxl', 'PySide6.QtPdf')\n"
        "print('LOADED', sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert "LOADED []" in out.stdout

def test_start_path_to_the_client_list_leaves_the_database_layer_unloaded():
    """The client list fills from the start's first look before the database layer loads
    (SQLAlchemy, Alembic and the models: most of a start, loaded on the desk's database
    thread meanwhile), so the modules up to a filled list import none of them — nor
    python-stdnum, which loads ssl and sockets."""
    code = (
        "import sys\n"
        "import ui.app, ui.main_window, ui.desk, ui.clients.view, cmdesk.storage.first_look\n"
        "heavy = ('sqlalchemy', 'alembic', 'cmdesk.models', 'stdnum')\n"
        "print('LOADED', sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert "LOADED []" in out.stdout


def _database_uses(source: str, where: str) -> list[str]:
    """Every place a ui/ module touches the database itself, by line: imports of
    sqlalchemy or cmdesk.models (at any depth, inside functions too), `<…>.db.session(` /
    `<…>.db.transaction(` (or on a local `db`), and any mention of `sessionmaker`."""
    tree = ast.parse(source)
    found: list[tuple[int, str]] = []
    for name, line in _imports(tree, top_level_only=False):
        if name.split(".")[0] == "sqlalchemy" or name == "cmdesk.models" \
                or name.startswith("cmdesk.models."):
            found.append((line, f"imports {name}"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "cmdesk" \
                and any(alias.name == "models" for alias in node.names):
            found.append((node.lineno, "imports cmdesk.models"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in SESSION_OPENERS:
            owner = node.func.value
            if (isinstance(owner, ast.Attribute) and owner.attr == "db") \
                    or (isinstance(owner, ast.Name) and owner.id == "db"):
                found.append((node.lineno, f"calls .db.{node.func.attr}()"))
        elif (isinstance(node, ast.Name) and node.id == "sessionmaker") \
                or (isinstance(node, ast.Attribute) and node.attr == "sessionmaker"):
            found.append((node.lineno, "uses sessionmaker"))
    return [f"{where}:{line} {what}" for line, what in sorted(found)]


def test_the_rule_finds_each_kind_of_database_use():
    source = (
        "from sqlalchemy import select\n"
        "from cmdesk import models\n"
        "def f(self, db):\n"
        "    import cmdesk.models\n"
        "    with self.desk.db.session() as s:\n"
        "        pass\n"
        "    with db.transaction('me') as s:\n"
        "        pass\n"
        "    return sessionmaker\n"
        "def g(desk):\n"
        "    return desk.session_count, desk.db.path\n")
    assert _database_uses(source, "ui/sample.py") == [
        "ui/sample.py:1 imports sqlalchemy",
        "ui/sample.py:2 imports cmdesk.models",
        "ui/sample.py:4 imports cmdesk.models",
        "ui/sample.py:5 calls .db.session()",
        "ui/sample.py:7 calls .db.transaction()",
        "ui/sample.py:9 uses sessionmaker",
    ]


def test_ui_reaches_the_database_only_through_the_operation_layer():
    offenders = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        if path != OPERATION_LAYER:
            offenders += _database_uses(path.read_text(encoding="utf-8"),
                                        str(path.relative_to(ROOT)))
    assert offenders == [], f"{len(offenders)} database uses in ui/:\n" + "\n".join(offenders)


def _clock_reads(tree: ast.AST) -> list[tuple[str, int]]:
    """Calls that read the system clock directly: date.today(), datetime.now(),
    datetime.utcnow(), QDate.currentDate(), QDateTime.currentDateTime()."""
    direct = {("date", "today"), ("datetime", "now"), ("datetime", "utcnow"),
              ("QDate", "currentDate"), ("QDateTime", "currentDateTime")}
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and (node.func.value.id, node.func.attr) in direct):
            found.append((f"{node.func.value.id}.{node.func.attr}()", node.lineno))
    return found


def test_every_today_and_now_comes_from_the_one_clock():
    """Only cmdesk/clock.py reads the system clock, so tests can pin every date."""
    offenders = []
    for folder in ("cmdesk", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "cmdesk" / "clock.py":
                continue
            for call, line in _clock_reads(ast.parse(path.read_text(encoding="utf-8"))):
                offenders.append(f"{path.relative_to(ROOT)}:{line} calls {call}")
    assert offenders == []
