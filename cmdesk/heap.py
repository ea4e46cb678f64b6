"""The desk process's long-lived memory: what is built once and kept for the whole session
(the client search index, pypinyin's dictionaries, the database layer) is handed out of
the way of the garbage collector and freed C memory is given back.

Python's cyclic collector walks every tracked object in a full collection: once the desk
holds pypinyin's phrase tables and the models, one such walk took ~300 ms — a keystroke
that froze. `keep_long_lived()` moves everything alive at that moment into the permanent
generation (gc.freeze), so later collections walk only what was made since. It is called
where a big, lasting structure has just been built. It does not collect first: a full
collection is the very pause it avoids, and what little garbage it keeps is kept once.
"""
from __future__ import annotations

import ctypes
import gc


def keep_long_lived() -> None:
    """Leave everything now alive out of future collections."""
    gc.freeze()


def return_freed_memory() -> None:
    """Give the C heap's freed pages back to the system (glibc keeps them otherwise, and
    the process's resident memory stays at its peak); elsewhere, nothing."""
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)
