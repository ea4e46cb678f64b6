"""supervisor's review: diary_reviews, diary_remarks and acknowledgements

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 12:00:00

New tables only: a desk of 0005 has no review yet; head office creates them by create_all
like every travelling table.

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _travelling_columns() -> list[sa.Column]:
    return [sa.Column('id', sa.String(length=36), nullable=False),
            sa.Column('created_at', sa.DateTime(), nullable=False),
            sa.Column('updated_at', sa.DateTime(), nullable=False),
            sa.Column('revision', sa.Integer(), nullable=False),
            sa.Column('deleted_at', sa.DateTime(), nullable=True)]


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('diary_reviews',
    sa.Column('manager_id', sa.String(length=100), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('reviewer', sa.String(length=100), nullable=False),
    sa.Column('opinion', sa.Text(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(), nullable=False),
    *_travelling_columns(),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('diary_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_diary_reviews_month'), ['month'], unique=False)

    op.create_table('diary_remarks',
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('review_id', sa.String(length=36), nullable=False),
    sa.Column('remark', sa.Text(), nullable=False),
    *_travelling_columns(),
    sa.ForeignKeyConstraint(['entry_id'], ['diary_entries.id'], ),
    sa.ForeignKeyConstraint(['review_id'], ['diary_reviews.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('diary_remarks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_diary_remarks_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_diary_remarks_review_id'), ['review_id'], unique=False)


    op.create_table('acknowledgements',
    sa.Column('manager_id', sa.String(length=100), nullable=False),
    sa.Column('entity', sa.String(length=50), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('acknowledged_by', sa.String(length=100), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=False),
    *_travelling_columns(),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('acknowledgements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_acknowledgements_entity_id'), ['entity_id'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('acknowledgements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_acknowledgements_entity_id'))
    op.drop_table('acknowledgements')
    with op.batch_alter_table('diary_remarks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_diary_remarks_review_id'))
        batch_op.drop_index(batch_op.f('ix_diary_remarks_entry_id'))
    op.drop_table('diary_remarks')
    with op.batch_alter_table('diary_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_diary_reviews_month'))
    op.drop_table('diary_reviews')
