"""follow-ups without a client

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 14:05:00

follow_ups.client_id becomes nullable: a meeting's action item that names no client is
chased as an internal follow-up (内部事项). Every follow-up stored before keeps its client.

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema (SQLite copies the table: cmdesk.storage.db runs it with foreign keys
    off and checks them all before committing)."""
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.alter_column('client_id', existing_type=sa.String(length=36), nullable=True)


def downgrade() -> None:
    """Downgrade schema: refused by SQLite while a follow-up has no client."""
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.alter_column('client_id', existing_type=sa.String(length=36), nullable=False)
