"""guest retention: each organisation's retention period for guests' names, when a
session closed and when its guests' names were removed

Revision ID: a55876e3f39e
Revises: c863b5d1a08c
Create Date: 2026-12-06 13:02:07.482732

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a55876e3f39e'
down_revision = 'c863b5d1a08c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('guest_retention_days', sa.Integer(), server_default='90', nullable=False))
        batch_op.create_check_constraint(op.f('ck_organisations_retention_range'),
                                         'guest_retention_days BETWEEN 0 AND 3650')

    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('guest_names_removed_at', sa.DateTime(timezone=True), nullable=True))

    # Sessions closed before this release: their retention period starts now (never earlier
    # than it should).
    sessions = sa.table('sessions', sa.column('stage', sa.String),
                        sa.column('closed_at', sa.DateTime(timezone=True)))
    op.execute(sessions.update().where(sessions.c.stage == 'closed')
               .values(closed_at=sa.func.current_timestamp()))


def downgrade():
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_column('guest_names_removed_at')
        batch_op.drop_column('closed_at')

    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_organisations_retention_range'), type_='check')
        batch_op.drop_column('guest_retention_days')
