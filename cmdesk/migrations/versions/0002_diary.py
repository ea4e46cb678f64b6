"""diary, visit reports, follow-ups; history for every record

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 08:09:48.755666

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('diary_entries',
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=True),
    sa.Column('contacts_met', sa.Text(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('next_step', sa.Text(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('diary_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_diary_entries_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_diary_entries_entry_date'), ['entry_date'], unique=False)

    op.create_table('follow_ups',
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('entry_id', sa.String(length=36), nullable=True),
    sa.Column('request', sa.Text(), nullable=False),
    sa.Column('department', sa.String(length=100), nullable=False),
    sa.Column('chaser', sa.String(length=100), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('told_client_on', sa.Date(), nullable=True),
    sa.Column('closed_by', sa.String(length=100), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ),
    sa.ForeignKeyConstraint(['entry_id'], ['diary_entries.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_ups_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_ups_entry_id'), ['entry_id'], unique=False)

    op.create_table('visit_reports',
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('our_participants', sa.String(length=500), nullable=False),
    sa.Column('client_participants', sa.Text(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('discussion', sa.Text(), nullable=False),
    sa.Column('needs_found', sa.Text(), nullable=False),
    sa.Column('products_recommended', sa.Text(), nullable=False),
    sa.Column('client_reaction', sa.Text(), nullable=False),
    sa.Column('important_changes', sa.Text(), nullable=False),
    sa.Column('important_change_flag', sa.Boolean(), nullable=False),
    sa.Column('reported_at', sa.DateTime(), nullable=True),
    sa.Column('service_view', sa.Text(), nullable=False),
    sa.Column('next_visit_date', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['entry_id'], ['diary_entries.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('visit_reports', schema=None) as batch_op:
        batch_op.create_index('ux_visit_reports_entry', ['entry_id'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))

    with op.batch_alter_table('file_history', schema=None) as batch_op:
        batch_op.alter_column('client_id',
               existing_type=sa.VARCHAR(length=36),
               nullable=True)
        batch_op.create_index('ix_file_history_entity', ['entity', 'entity_id'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('file_history', schema=None) as batch_op:
        batch_op.drop_index('ix_file_history_entity')
        batch_op.alter_column('client_id',
               existing_type=sa.VARCHAR(length=36),
               nullable=False)

    with op.batch_alter_table('visit_reports', schema=None) as batch_op:
        batch_op.drop_index('ux_visit_reports_entry', sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))

    op.drop_table('visit_reports')
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_ups_entry_id'))
        batch_op.drop_index(batch_op.f('ix_follow_ups_client_id'))

    op.drop_table('follow_ups')
    with op.batch_alter_table('diary_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_diary_entries_entry_date'))
        batch_op.drop_index(batch_op.f('ix_diary_entries_client_id'))

    op.drop_table('diary_entries')
