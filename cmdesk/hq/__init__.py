"""cmdesk-hq: the head-office tool that merges every manager's desk packages.

Head office keeps one database (SQLite by default, PostgreSQL by URL) holding the
desks' travelling tables plus its own (managers, desks and their pinned keys, the
import ledger, held packages, conflicts, client ownership). It imports desk exports
in any order and writes packages back to desks: catalogue, targets, handover and
release. The package format itself lives in `cmdesk.exchange`; nothing here reads
or writes a package any other way.
"""
