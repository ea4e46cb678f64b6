"""first schema: client files, catalogue, outbox, history

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 07:13:12.217458

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('clients',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_pinyin', sa.String(length=1000), nullable=False),
    sa.Column('name_initials', sa.String(length=200), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('industry', sa.String(length=100), nullable=False),
    sa.Column('region', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=500), nullable=False),
    sa.Column('scale', sa.String(length=100), nullable=False),
    sa.Column('annual_revenue', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('tier', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('manager_name', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('tags', sa.String(length=500), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('our_importance', sa.Text(), nullable=False),
    sa.Column('our_image', sa.Text(), nullable=False),
    sa.Column('our_strengths', sa.Text(), nullable=False),
    sa.Column('our_weaknesses', sa.Text(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.create_index('ix_clients_name', ['name'], unique=False)
        batch_op.create_index('ux_clients_credit_code', ['credit_code'], unique=True, sqlite_where=sa.text('deleted_at IS NULL AND credit_code IS NOT NULL'), postgresql_where=sa.text('deleted_at IS NULL AND credit_code IS NOT NULL'))
        batch_op.create_index('ux_clients_id_number', ['id_number'], unique=True, sqlite_where=sa.text('deleted_at IS NULL AND id_number IS NOT NULL'), postgresql_where=sa.text('deleted_at IS NULL AND id_number IS NOT NULL'))

    op.create_table('outbox',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('entity', sa.String(length=50), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('op', sa.String(length=10), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('seq')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_entity', ['entity', 'entity_id'], unique=False)

    op.create_table('products',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index('ux_products_code', ['code'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))

    op.create_table('settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('business_lines',
    sa.Column('nature', sa.String(length=200), nullable=False),
    sa.Column('revenue_share', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('profit_share', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('current_state', sa.Text(), nullable=False),
    sa.Column('next_year_plan', sa.Text(), nullable=False),
    sa.Column('financing_needs', sa.Text(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('business_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_lines_client_id'), ['client_id'], unique=False)

    op.create_table('client_links',
    sa.Column('related_client_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.String(length=500), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ),
    sa.ForeignKeyConstraint(['related_client_id'], ['clients.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('client_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_links_client_id'), ['client_id'], unique=False)

    op.create_table('contacts',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('position', sa.String(length=100), nullable=False),
    sa.Column('authority', sa.String(length=500), nullable=False),
    sa.Column('relation_method', sa.String(length=500), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('birthday', sa.Date(), nullable=True),
    sa.Column('other_business', sa.String(length=500), nullable=False),
    sa.Column('our_contacts', sa.String(length=500), nullable=False),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contacts_client_id'), ['client_id'], unique=False)

    op.create_table('file_history',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=50), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('field', sa.String(length=50), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('file_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_file_history_client_id'), ['client_id'], unique=False)

    op.create_table('other_banks',
    sa.Column('institution', sa.String(length=200), nullable=False),
    sa.Column('contact_person', sa.String(length=100), nullable=False),
    sa.Column('products_terms', sa.Text(), nullable=False),
    sa.Column('why_chosen', sa.Text(), nullable=False),
    sa.Column('estimated_spend', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('other_banks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_other_banks_client_id'), ['client_id'], unique=False)

    op.create_table('services',
    sa.Column('product_id', sa.String(length=36), nullable=False),
    sa.Column('needed', sa.Boolean(), nullable=False),
    sa.Column('other_bank', sa.Boolean(), nullable=False),
    sa.Column('recommended', sa.Boolean(), nullable=False),
    sa.Column('adopted', sa.Boolean(), nullable=False),
    sa.Column('stopped', sa.Boolean(), nullable=False),
    sa.Column('our_share', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_services_client_id'), ['client_id'], unique=False)

    op.create_table('value_items',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('source_client_id', sa.String(length=36), nullable=True),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ),
    sa.ForeignKeyConstraint(['source_client_id'], ['clients.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('value_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_value_items_client_id'), ['client_id'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('value_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_value_items_client_id'))

    op.drop_table('value_items')
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_services_client_id'))

    op.drop_table('services')
    with op.batch_alter_table('other_banks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_other_banks_client_id'))

    op.drop_table('other_banks')
    with op.batch_alter_table('file_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_file_history_client_id'))

    op.drop_table('file_history')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_client_id'))

    op.drop_table('contacts')
    with op.batch_alter_table('client_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_links_client_id'))

    op.drop_table('client_links')
    with op.batch_alter_table('business_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_lines_client_id'))

    op.drop_table('business_lines')
    op.drop_table('settings')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index('ux_products_code', sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))

    op.drop_table('products')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_entity')

    op.drop_table('outbox')
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_index('ux_clients_id_number', sqlite_where=sa.text('deleted_at IS NULL AND id_number IS NOT NULL'), postgresql_where=sa.text('deleted_at IS NULL AND id_number IS NOT NULL'))
        batch_op.drop_index('ux_clients_credit_code', sqlite_where=sa.text('deleted_at IS NULL AND credit_code IS NOT NULL'), postgresql_where=sa.text('deleted_at IS NULL AND credit_code IS NOT NULL'))
        batch_op.drop_index('ix_clients_name')

    op.drop_table('clients')
