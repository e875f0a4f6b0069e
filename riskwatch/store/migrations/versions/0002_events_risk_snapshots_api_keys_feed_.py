"""events, risk snapshots, api keys, feed counters

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa
import riskwatch.store.types
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('api_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('admin', sa.Boolean(), nullable=False),
    sa.Column('created_at', riskwatch.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', riskwatch.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', riskwatch.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_keys')),
    sa.UniqueConstraint('digest', name=op.f('uq_api_keys_digest')),
    sa.UniqueConstraint('name', name=op.f('uq_api_keys_name'))
    )
    op.create_table('events',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('event_type', sa.String(length=40), nullable=False),
    sa.Column('direction', sa.String(length=16), nullable=False),
    sa.Column('jurisdiction', sa.String(length=16), nullable=True),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('source_count', sa.Integer(), nullable=False),
    sa.Column('credibility', sa.Integer(), nullable=False),
    sa.Column('provenance', sa.String(length=16), nullable=False),
    sa.Column('curated_key', sa.String(length=120), nullable=True),
    sa.Column('sources', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('case_key', sa.String(length=120), nullable=True),
    sa.Column('first_reported_on', sa.Date(), nullable=True),
    sa.Column('last_reported_on', sa.Date(), nullable=True),
    sa.Column('first_seen_at', riskwatch.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', riskwatch.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('curated_key', name=op.f('uq_events_curated_key'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_candidates', ['event_type', 'direction', 'jurisdiction', 'last_reported_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_case_key'), ['case_key'], unique=False)
        batch_op.create_index('ix_events_occurred_on_id', ['occurred_on', 'id'], unique=False)

    op.create_table('risk_snapshots',
    sa.Column('app', sa.String(length=64), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('app', 'as_of', name=op.f('pk_risk_snapshots'))
    )
    op.create_table('event_apps',
    sa.Column('event_id', sa.String(length=128), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('via', sa.String(length=16), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_apps_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'slug', name=op.f('pk_event_apps'))
    )
    with op.batch_alter_table('event_apps', schema=None) as batch_op:
        batch_op.create_index('ix_event_apps_slug_occurred', ['slug', 'occurred_on', 'event_id'], unique=False)

    op.create_table('event_items',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.String(length=128), nullable=False),
    sa.Column('signal', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_items_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_event_items_item_id_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', name=op.f('pk_event_items'))
    )
    with op.batch_alter_table('event_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_items_event_id'), ['event_id'], unique=False)

    with op.batch_alter_table('feeds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fetches_total', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('errors_total', sa.Integer(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('feeds', schema=None) as batch_op:
        batch_op.drop_column('errors_total')
        batch_op.drop_column('fetches_total')

    with op.batch_alter_table('event_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_items_event_id'))

    op.drop_table('event_items')
    with op.batch_alter_table('event_apps', schema=None) as batch_op:
        batch_op.drop_index('ix_event_apps_slug_occurred')

    op.drop_table('event_apps')
    op.drop_table('risk_snapshots')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_occurred_on_id')
        batch_op.drop_index(batch_op.f('ix_events_case_key'))
        batch_op.drop_index('ix_events_candidates')

    op.drop_table('events')
    op.drop_table('api_keys')
