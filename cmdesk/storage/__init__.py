"""The desk's storage: one SQLite/SQLCipher file, its key, backups, checks and audit trail.

The modules import each other one way only, lowest first (a test proves the graph has no
cycle, and no module reaches a higher one inside a function):

    audit_anchor the audit chain's head kept beside the database          (none)
    audit        the hash-chained audit trail (file_history); ACTOR_KEY    -> audit_anchor
    change_log   the before_flush hook: outbox rows and history lines      -> audit, audit_anchor
    encryption   key derivation, the key file, the OS key store, pragmas   (none)
    lock         one program at a time on a data folder (cmdesk.lock)     (none)
    failures     an OS or SQLite failure in one Chinese sentence           (none)
    sqlite_file  one DB-API connection, the stored schema revision         -> encryption
    first_look   the start's look before SQLAlchemy loads (key, first page) -> encryption, sqlite_file
    db           engine, sessions, pragmas, migrations, file copies        -> audit_anchor, change_log, encryption, sqlite_file
    backup       backups, their records and thinning                       -> audit, encryption, db
    integrity    checks on open and on demand, missing files, damaged copies -> backup, db, encryption
    desk         opening a desk (key, conversion, check, upgrade)          -> backup, db, encryption, first_look, integrity
    password     setting and changing the password                          -> desk, backup
    recovery     restoring a backup, a decrypted copy for IT               -> desk, integrity, backup, db

Import the module you need (`from cmdesk.storage.desk import open_desk`); this package
file imports nothing, so loading one module never loads the rest.
"""
