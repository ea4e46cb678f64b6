"""The Qt interface's translation helper for code outside a QObject class.

Inside a class, write `self.tr("…")`: pyside6-lupdate files it under the class's name,
which is the context PySide6 looks up at run time. Elsewhere (module functions, module
constants built at call time) write `tr("…")` with this function: lupdate files a bare
tr("…") under the empty context, and this function looks it up there. Strings defined
before they can be translated are marked with QT_TRANSLATE_NOOP("<context>", "…") and
translated where shown with QCoreApplication.translate("<context>", value).
Labels that come from the core (cmdesk/) are shown with
QCoreApplication.translate("fields", label): `CoreCatalogue` answers that context from
the core's catalogue. The language itself is chosen at start (ui.app.install_translators).
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from cmdesk.i18n import translate as core_translate


def tr(text: str) -> str:
    """`text` (Chinese source) in the interface language."""
    return QCoreApplication.translate("", text)


class CoreCatalogue(QTranslator):
    """Serves the "fields" context from the core's catalogue (cmdesk.i18n): the labels,
    choices and messages the core defines are shown through
    QCoreApplication.translate("fields", label) and translated once, in the core's
    gettext catalogue. A label the core does not translate falls through to the
    interface's own catalogue (the .qm), then to the Chinese source."""

    CONTEXT = "fields"

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        if context != self.CONTEXT:
            return None
        translated = core_translate(source_text)
        return translated if translated != source_text else None

    def isEmpty(self) -> bool:
        return False
