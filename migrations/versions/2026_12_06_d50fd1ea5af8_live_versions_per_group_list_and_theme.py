"""live versions per group, list and theme: each live page reads the counters of what it
shows, so that a group's save no longer refreshes every participant's page

Revision ID: d50fd1ea5af8
Revises: 0c2b45d73dd3
Create Date: 2026-12-06 13:01:57.178429

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd50fd1ea5af8'
down_revision = '0c2b45d73dd3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_column('version')
