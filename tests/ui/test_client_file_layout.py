"""The client file on a laptop screen: at 1366×768 every section is listed in sight (no
scroll arrows, no scrolled-away tabs), each is reachable by keyboard and shows its page,
the record lists are built only when first shown, and the client list keeps its useful
columns without scrolling sideways."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ui.clients.editor import RECORD_TABS, SECTION_GROUPS, TAB_BASIC
from ui.models.client_table import (
    COL_CONTACT,
    COL_INDUSTRY,
    COL_NAME,
    COL_PHONE,
    COL_STATUS,
    COL_TIER,
)

ITEM_PADDING = 16  # left and right of a section title (ui.style)
USEFUL_COLUMNS = (COL_NAME, COL_TIER, COL_INDUSTRY, COL_STATUS, COL_CONTACT, COL_PHONE)


@pytest.fixture
def laptop(qtbot, window, some_clients, wait_ops):
    """The main window at 1366×768 on the client file of 海辰."""
    window.resize(1366, 768)
    window.switch_to("clients")
    view = window.clients_view
    wait_ops()
    assert view.open_client(some_clients["厦门海辰贸易有限公司"])
    wait_ops()
    return view


def _in_sight(nav, item) -> bool:
    """The line is within the list's height and its whole title fits its width."""
    rect, viewport = nav.visualItemRect(item), nav.viewport().rect()
    text_width = nav.fontMetrics().horizontalAdvance(item.text(0))
    return (rect.isValid() and viewport.top() <= rect.top() and rect.bottom() <= viewport.bottom()
            and text_width + ITEM_PADDING <= viewport.width())


def test_every_section_is_listed_in_sight_and_reached_by_keyboard(qtbot, laptop, wait_ops):
    editor = laptop.editor
    book = editor.sections
    list_width = laptop.splitter.sizes()[0]
    assert editor.width() < 800  # the file shares the screen with the list
    nav = book.nav
    # THEN every section is listed, grouped, and the list needs no scrolling
    expected = [key for _group, keys in SECTION_GROUPS for key in keys]
    assert book.keys() == expected and len(expected) == 17
    assert not nav.verticalScrollBar().isVisible() and nav.verticalScrollBar().maximum() == 0
    for key in expected:
        assert _in_sight(nav, book.item(key)), key
    # the record lists are not built before they are shown
    record_keys = [key for key, _cls, _title in RECORD_TABS]
    assert not any(book.is_built(key) for key in record_keys)
    # WHEN the manager goes through the file with Ctrl+PgDown from the open section
    book.show_section(TAB_BASIC)
    editor.basic.editors["name"].setFocus()
    seen = [book.current_key()]
    for _ in expected[1:]:
        qtbot.keyClick(editor.focusWidget() or editor, Qt.Key.Key_PageDown,
                       Qt.KeyboardModifier.ControlModifier)
        wait_ops()
        key = book.current_key()
        page = book.page(key)
        assert page.isVisible() and page.width() > 400, key  # its page shows, not squeezed
        seen.append(key)
    # THEN each section came up once, in the listed order; Ctrl+PgUp goes back round
    assert seen == expected
    assert laptop.splitter.sizes()[0] == list_width  # no section pushed the list aside
    for key in expected:  # their counts are in the titles now, and still fit
        assert _in_sight(nav, book.item(key)), key
    assert all(book.is_built(key) for key in record_keys)
    qtbot.keyClick(book, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert book.current_key() == expected[-2]
    qtbot.keyClick(book, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert book.current_key() == expected[0]
    # the arrows in the list pass over the group headings
    nav.setFocus()
    book.show_section(expected[4])  # the last of 档案
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert book.current_key() == expected[5]  # the first of 往来


def test_the_basic_form_fits_beside_the_list(laptop):
    editor = laptop.editor
    editor.sections.show_section(TAB_BASIC)
    area = editor.sections.page(TAB_BASIC)
    assert area.horizontalScrollBar().maximum() == 0  # nothing cut off at the right


def test_the_client_list_keeps_its_useful_columns_at_1366(laptop):
    table = laptop.table
    assert not any(table.isColumnHidden(column) for column in USEFUL_COLUMNS)
    assert table.horizontalScrollBar().maximum() == 0  # all of them in sight
    for column in USEFUL_COLUMNS:
        left = table.columnViewportPosition(column)
        assert 0 <= left and left + table.columnWidth(column) <= table.viewport().width()


def test_a_wider_list_shows_every_column(laptop, qtbot):
    laptop.splitter.setSizes([900, 700])
    qtbot.waitUntil(lambda: not any(laptop.table.isColumnHidden(c)
                                    for c in range(laptop.model.columnCount())))
