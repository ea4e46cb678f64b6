"""The desk's first look at its data folder, before the database layer has loaded.

On an everyday start — the database there, at this build's schema, its key at hand (the
password given, or remembered in the OS key store, or no encryption asked for) — the start
reads what the manager sees first straight from the file (the client list's first page,
cmdesk.services.client_rows) over a plain DB-API connection (cmdesk.storage.sqlite_file),
while SQLAlchemy, the models and the full open (cmdesk.storage.desk.open_desk, handed
this look so the key is not derived twice) load in the background. Anything else — a new
desk, a file to convert, upgrade or repair, a password change cut short, a lost log, a file
that does not read — is left to the full open, which does the work or says what is wrong.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from cmdesk.errors import CmdeskError, PasswordRequiredError
from cmdesk.paths import DataPaths
from cmdesk.services.client_rows import SearchResult, first_page
from cmdesk.storage import encryption, sqlite_file


@dataclass(frozen=True)
class FirstLook:
    """The key the desk opens with (None: unencrypted), what deriving it cost, and the
    client list's first page."""

    key: bytes | None = field(repr=False)
    key_seconds: float
    clients: SearchResult


def first_look(paths: DataPaths, password: str | None = None, *,
               no_encryption: bool | None = None) -> FirstLook | None:
    """The first look at an everyday desk; None when the full open must decide.
    `password` and `no_encryption` default as in open_desk (CMDESK_PASSWORD,
    CMDESK_NO_ENCRYPTION). PasswordRequiredError when an encrypted desk's key is not at
    hand; WrongPasswordError (in words) for a wrong password."""
    database = paths.database
    if not database.is_file() or database.stat().st_size == 0:
        return None
    if database.with_name(database.name + "-shm").exists() \
            and not database.with_name(database.name + "-wal").exists():
        return None  # the log is gone: the full open says so
    password = password or encryption.password_from_environment()
    if no_encryption is None:
        no_encryption = encryption.no_encryption_requested()
    try:
        params = encryption.read_params(paths.key_file)
    except CmdeskError:
        return None
    plain = encryption.is_plaintext(database)
    started = time.perf_counter()
    if params is None:
        if not (plain and no_encryption):
            return None  # a new password to set, or the key file is missing
        key = None
    else:
        if plain or len(params.checks) != 1:
            return None  # a conversion or a password change to finish
        key = (encryption.derive_key(params, password) if password
               else encryption.remembered_key(paths.root, params))
        if key is None:
            raise PasswordRequiredError("这个工作台的数据已加密，请输入密码")
    key_seconds = time.perf_counter() - started
    module = sqlite_file.dbapi(key)
    try:
        if sqlite_file.stored_revision(database, key) != sqlite_file.SCHEMA_REVISION:
            return None  # an upgrade (or a newer file): the full open
        connection = sqlite_file.connect(database, key, read_only=True)
        try:
            clients = first_page(connection)
        finally:
            connection.close()
    except (CmdeskError, module.Error):
        return None
    return FirstLook(key=key, key_seconds=key_seconds, clients=clients)
