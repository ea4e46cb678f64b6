"""assessment: task-book indicators marked flow or level

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-03 12:00:00

task_indicators gains `measure` (flow: the months add up; level: the latest month
stands). Existing rows are filled in: a standard indicator takes its own measure, a
custom one in "%" (a rate such as 利息收回率, summed until now) becomes a level, every
other custom one stays a flow. Head office adds the column on opening
(`cmdesk.hq.db.create_schema`).

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0005'
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


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('task_indicators', schema=None) as batch_op:
        batch_op.drop_column('measure')
