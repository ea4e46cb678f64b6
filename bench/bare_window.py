"""The start-up baseline: the least a PySide6 desktop program does before its window shows.

Run as `python -m bench.bare_window`: creates a QApplication and a QMainWindow, shows it,
processes pending events, prints its ready line and exits.
"""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMainWindow

from bench.startup import BASELINE_READY_LINE


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("baseline")
    window.resize(1200, 800)
    window.show()
    app.processEvents()
    print(BASELINE_READY_LINE, flush=True)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
