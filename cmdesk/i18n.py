"""The core's one catalogue of the words people read: labels, messages, printed headings.

Chinese is the source language. Core code wraps every user-visible string in
`translate("…")` where it is shown, or in `mark("…")` where it is defined at import time
(module constants, enum labels) and then translated where it is used, so switching the
language at run time takes effect everywhere. Other languages come from gettext catalogues
(`resources/i18n/locale/<lang>/LC_MESSAGES/cmdesk.mo`, compiled from the `.po` by `./dev`).
The Qt interface keeps its own strings in Qt Linguist files; this module serves the core.
"""
from __future__ import annotations

import gettext
import os
from collections.abc import Mapping

from cmdesk.paths import RESOURCES_DIR

LOCALE_DIR = RESOURCES_DIR / "i18n" / "locale"
DOMAIN = "cmdesk"
SOURCE_LANGUAGE = "zh_CN"

_catalogue: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def use_language(language: str) -> None:
    """Translate from now on into `language` ("en", "zh_CN" …); Chinese needs no catalogue."""
    global _catalogue, _language
    if language.lower().startswith("zh"):
        _catalogue, _language = gettext.NullTranslations(), SOURCE_LANGUAGE
        return
    _catalogue = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
    _language = language


def language_from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """The language the environment asks for, read as gettext reads it (LANGUAGE, LC_ALL,
    LC_MESSAGES, LANG): "en_US" for en_US.UTF-8; Chinese when none is set or it is C/POSIX."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            code = value.split(":")[0].split(".")[0].split("@")[0]
            return SOURCE_LANGUAGE if code in ("", "C", "POSIX") else code
    return SOURCE_LANGUAGE


def current_language() -> str:
    return _language


def translate(message: str) -> str:
    """`message` (Chinese source text) in the current language; text the catalogue does
    not hold (a stored value, a name) comes back as it is, and so does "" (which gettext
    would answer with the catalogue's header)."""
    return _catalogue.gettext(message) if message else message


def mark(message: str) -> str:
    """Mark `message` for the catalogue without translating it yet (translate it where used)."""
    return message


class TranslatedText:
    """A frozen-dataclass field holding a `mark`ed source text, read back translated.

    `label: str = TranslatedText()` stores the Chinese text given to the constructor and
    returns it in the current language on every access, so specs built at import time
    follow a later `use_language`; `source_<name>` gives the stored text itself."""

    def __init__(self, default: str | None = None):
        self._default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = f"source_{name}"

    def __get__(self, instance: object, owner: type | None = None) -> str:
        if instance is None:
            if self._default is None:
                raise AttributeError(self._slot)  # a required dataclass field
            return self._default
        return translate(getattr(instance, self._slot))

    def __set__(self, instance: object, value: str) -> None:
        object.__setattr__(instance, self._slot, value)


class TranslatedChoices:
    """Like TranslatedText for (stored value, label) pairs: the labels come back translated."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = f"source_{name}"

    def __get__(self, instance: object, owner: type | None = None) -> tuple[tuple[str, str], ...]:
        if instance is None:
            return ()
        return tuple((value, translate(label)) for value, label in getattr(instance, self._slot))

    def __set__(self, instance: object, value: tuple[tuple[str, str], ...]) -> None:
        object.__setattr__(instance, self._slot, tuple(value))
