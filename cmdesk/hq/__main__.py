"""Entry point of `cmdesk-hq` (and `python -m cmdesk.hq`)."""
from __future__ import annotations

import sys

from cmdesk.hq.cli import main

if __name__ == "__main__":
    sys.exit(main())
