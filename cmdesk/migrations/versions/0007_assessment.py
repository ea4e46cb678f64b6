"""assessment: task-book indicators marked flow or level; the 考核表

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 12:00:00

task_indicators gains `measure` (flow: the months add up; level: the latest month
stands). Existing rows are filled in: a standard indicator takes its own measure, a
custom one in "%" (a rate such as 利息收回率, summed until now) becomes a level, every
other custom one stays a flow. Head office adds the column on opening
(`cmdesk.hq.db.create_schema`). New tables assessments and assessment_lines (the
考核表 of a quarter or a year, its qualitative items and 加分/扣分 lines).

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# the standard indicators that are levels when this revision was written (domain.task_book)
STANDARD_LEVELS = ("deposit_daily_avg", "loan_balance", "loan_recovery_rate")


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('task_indicators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('measure', sa.String(length=10), server_default='flow',
                                      nullable=False))
    indicators = sa.table('task_indicators', sa.column('key', sa.String), sa.column('unit', sa.String),
                          sa.column('measure', sa.String))
    op.execute(indicators.update().where(indicators.c.key.in_(STANDARD_LEVELS))
               .values(measure='level'))
    op.execute(indicators.update().where(indicators.c.key.like('custom\\_%', escape='\\'),
                                         indicators.c.unit == '%').values(measure='level'))
    op.create_table('assessments',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('department_score', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('internal_score', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('self_report', sa.Text(), nullable=False),
    sa.Column('work_score', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('total_score', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('grade', sa.String(length=20), nullable=False),
    sa.Column('stars', sa.Integer(), nullable=False),
    sa.Column('review_status', sa.String(length=20), nullable=False),
    sa.Column('review_total', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.Column('review_grade', sa.String(length=20), nullable=False),
    sa.Column('review_stars', sa.Integer(), nullable=True),
    sa.Column('review_opinion', sa.Text(), nullable=False),
    sa.Column('reviewed_by', sa.String(length=100), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ux_assessments_period', 'assessments', ['year', 'quarter'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_table('assessment_lines',
    sa.Column('assessment_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('max_score', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('score', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_assessment_lines_assessment_id'), 'assessment_lines', ['assessment_id'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f('ix_assessment_lines_assessment_id'), table_name='assessment_lines')
    op.drop_table('assessment_lines')
    op.drop_index('ux_assessments_period', table_name='assessments',
                  sqlite_where=sa.text('deleted_at IS NULL'))
    op.drop_table('assessments')
    with op.batch_alter_table('task_indicators', schema=None) as batch_op:
        batch_op.drop_column('measure')
