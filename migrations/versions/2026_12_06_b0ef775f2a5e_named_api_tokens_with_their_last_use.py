"""named API tokens with their last use: the account page lists each token by the name its
holder gave it, with when the API last answered it

Revision ID: b0ef775f2a5e
Revises: 328ac85837b5
Create Date: 2026-12-06 16:02:41.263241

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b0ef775f2a5e'
down_revision = '328ac85837b5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=80), server_default='', nullable=False))
        batch_op.add_column(sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('last_used_at')
        batch_op.drop_column('name')
