"""today's explained score on the risk snapshot

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa
import riskwatch.store.types
from sqlalchemy.dialects import postgresql

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('risk_snapshots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('explained', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('risk_snapshots', schema=None) as batch_op:
        batch_op.drop_column('explained')

