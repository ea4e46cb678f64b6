"""Alembic environment: runs migrations on the connection cmdesk.storage.db hands over.

Batch mode is on, so SQLite tables are altered by copy-and-move. Run only through
cmdesk.storage.db.open_database (or `alembic` with a connection in config.attributes).
"""
from alembic import context

from cmdesk.models import Base
from cmdesk.storage.db import migrated_object

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("cmdesk migrations run through cmdesk.storage.db.open_database")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  include_object=migrated_object)
with context.begin_transaction():
    context.run_migrations()
