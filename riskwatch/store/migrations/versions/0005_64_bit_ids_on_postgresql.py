"""64-bit ids on PostgreSQL

The API takes item and delivery ids as 64-bit numbers; PostgreSQL's INTEGER is 32-bit, so the
ids, the columns that refer to them and the sequences that number them become BIGINT. SQLite's
INTEGER PRIMARY KEY is 64-bit already: nothing changes there.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

COLUMNS = [('items', 'id'), ('item_sources', 'id'), ('item_sources', 'item_id'),
           ('event_items', 'item_id'), ('deliveries', 'id'), ('delivery_attempts', 'id'),
           ('delivery_attempts', 'delivery_id')]
SEQUENCES = ['items_id_seq', 'item_sources_id_seq', 'deliveries_id_seq',
             'delivery_attempts_id_seq']


def _retype(column_type: sa.types.TypeEngine, sequence_type: str) -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table, column in COLUMNS:
        op.alter_column(table, column, type_=column_type)
    for sequence in SEQUENCES:
        op.execute(f'ALTER SEQUENCE {sequence} AS {sequence_type}')


def upgrade() -> None:
    _retype(sa.BigInteger(), 'bigint')


def downgrade() -> None:
    _retype(sa.Integer(), 'integer')
