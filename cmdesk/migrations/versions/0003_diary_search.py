"""diary search index (FTS5 over pre-tokenised diary text, kept current from the outbox),
and an index for the last contact per client (contact cadence)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 08:30:00.000000

The index is derived data (see cmdesk.services.diary_search): these tables are
created empty, and the first search after the upgrade builds the index.
"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # one row per indexed entry, holding what a hit shows; the key orders entries by
    # date and time (and gives the date back)
    op.execute("""
        CREATE TABLE diary_search (
            key INTEGER PRIMARY KEY,
            entry_id VARCHAR(36) NOT NULL UNIQUE,
            kind VARCHAR(20) NOT NULL,
            client VARCHAR(200) NOT NULL,
            content TEXT NOT NULL,
            rest TEXT NOT NULL
        )""")
    # contentless: a row's tokens are re-made from diary_search to delete it;
    # prefix='1' indexes every token's first character, for one-character searches
    op.execute("""
        CREATE VIRTUAL TABLE diary_fts USING fts5(
            tokens, content='', columnsize=0, tokenize='unicode61', prefix='1')""")
    # how far the index has followed the outbox (-1: never built)
    op.execute("""
        CREATE TABLE diary_search_state (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            indexed_seq INTEGER NOT NULL,
            tokenizer_version INTEGER NOT NULL
        )""")
    op.execute("INSERT INTO diary_search_state VALUES (1, -1, 0)")
    # the cadence asks for the last contact of every client: MAX(entry_date) by client, kind
    op.create_index("ix_diary_entries_contact", "diary_entries",
                    ["client_id", "kind", "entry_date", "deleted_at"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_diary_entries_contact", table_name="diary_entries")
    op.execute("DROP TABLE diary_search_state")
    op.execute("DROP TABLE diary_fts")
    op.execute("DROP TABLE diary_search")
