"""Every save/open/folder dialog of the desk: `save_file`, `open_file`, `choose_folder`.

Each remembers the folder last used for its kind of file (exports, prints, imports,
backups) in the data folder's ui.ini, so the next dialog of that kind starts there, also
after a restart (never in $HOME, never in the registry). The data folder is the one of
the desk the dialog's parent works on (a widget up the parent chain with `desk` or
`paths`); without one the dialog starts in the home folder and remembers nothing.

The dialogs are Qt's own, translated by the qtbase catalogue ui.app.install_translators
loads (Chinese by default); the two labels whose Qt 6 text that catalogue lacks (查找范围,
文件类型) are set here. Where the platform has a native dialog (Windows, macOS) it is
used, in the system's language.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from cmdesk.paths import DataPaths

EXPORTS, PRINTS, IMPORTS, BACKUPS = "exports", "prints", "imports", "backups"
FOLDER_KINDS = (EXPORTS, PRINTS, IMPORTS, BACKUPS)


def tr(text: str) -> str:
    return QCoreApplication.translate("FileDialogs", text)


def ui_state(paths: DataPaths) -> QSettings:
    """The desk's UI state file (window geometry, splitters, last folders) in its data folder."""
    return QSettings(str(paths.root / "ui.ini"), QSettings.Format.IniFormat)


def last_folder(paths: DataPaths, kind: str) -> Path:
    """The folder last used for this kind of file; the home folder before the first use
    or when that folder is gone."""
    stored = ui_state(paths).value(f"folders/{kind}")
    if stored and Path(str(stored)).is_dir():
        return Path(str(stored))
    return Path.home()


def remember_folder(paths: DataPaths, kind: str, folder: Path) -> None:
    if kind not in FOLDER_KINDS:
        raise ValueError(kind)
    settings = ui_state(paths)
    settings.setValue(f"folders/{kind}", str(folder))
    settings.sync()


def desk_paths(widget: QWidget | None) -> DataPaths | None:
    """The data folder of the desk a widget works on: the first widget up its parent chain
    holding `paths` or a `desk`; None for a widget outside any desk."""
    while widget is not None:
        paths = getattr(widget, "paths", None)
        if isinstance(paths, DataPaths):
            return paths
        desk_folder = getattr(getattr(widget, "desk", None), "paths", None)
        if isinstance(desk_folder, DataPaths):
            return desk_folder
        widget = widget.parentWidget()
    return None


def file_dialog(parent: QWidget | None, kind: str, title: str, mode: QFileDialog.FileMode,
                name_filter: str = "", suggested_name: str = "",
                saving: bool = False) -> QFileDialog:
    """The dialog the helpers below run, starting in the kind's last folder."""
    paths = desk_paths(parent)
    start = last_folder(paths, kind) if paths is not None else Path.home()
    dialog = QFileDialog(parent, title, str(start), name_filter)
    # Qt 6 renamed these two; the zh_CN catalogue of the PySide6 wheel has only the old text
    dialog.setLabelText(QFileDialog.DialogLabel.LookIn, tr("查找范围(&L)："))
    dialog.setLabelText(QFileDialog.DialogLabel.FileType, tr("文件类型(&T)："))
    dialog.setFileMode(mode)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if saving:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        if suggested_name:
            dialog.selectFile(suggested_name)
    return dialog


def _run(dialog: QFileDialog, kind: str, folder_of_choice: bool) -> Path | None:
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    chosen = Path(dialog.selectedFiles()[0])
    paths = desk_paths(dialog.parentWidget())
    if paths is not None:
        remember_folder(paths, kind, chosen if folder_of_choice else chosen.parent)
    return chosen


def save_file(parent: QWidget | None, kind: str, title: str, suggested_name: str,
              name_filter: str) -> Path | None:
    """Ask where to save a file (`suggested_name` proposed); None when cancelled. A name
    typed without the filter's extension gets it (report.pdf for "report" under *.pdf)."""
    dialog = file_dialog(parent, kind, title, QFileDialog.FileMode.AnyFile, name_filter,
                         suggested_name, saving=True)
    chosen = _run(dialog, kind, folder_of_choice=False)
    if chosen is None or chosen.suffix:
        return chosen
    extension = _first_extension(dialog.selectedNameFilter())
    return chosen.with_name(chosen.name + extension) if extension else chosen


def _first_extension(name_filter: str) -> str:
    """".pdf" of "PDF 文件 (*.pdf)"; "" when the filter names none."""
    inside = name_filter.partition("(")[2].partition(")")[0]
    for pattern in inside.split():
        if pattern.startswith("*.") and "*" not in pattern[2:]:
            return pattern[1:]
    return ""


def open_file(parent: QWidget | None, kind: str, title: str, name_filter: str) -> Path | None:
    """Ask which existing file to open; None when cancelled."""
    dialog = file_dialog(parent, kind, title, QFileDialog.FileMode.ExistingFile, name_filter)
    return _run(dialog, kind, folder_of_choice=False)


def choose_folder(parent: QWidget | None, kind: str, title: str) -> Path | None:
    """Ask for a folder; None when cancelled."""
    dialog = file_dialog(parent, kind, title, QFileDialog.FileMode.Directory)
    return _run(dialog, kind, folder_of_choice=True)
