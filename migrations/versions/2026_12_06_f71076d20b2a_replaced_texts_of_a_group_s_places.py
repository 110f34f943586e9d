"""replaced texts of a group's places: what "Keep my text" in a conflict replaced is kept,
and the group page shows it and whose it was

Revision ID: f71076d20b2a
Revises: b0ef775f2a5e
Create Date: 2026-12-06 16:23:51.971862

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f71076d20b2a'
down_revision = 'b0ef775f2a5e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('priority_replacements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('priority_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('reasoning', sa.Text(), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=True),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['editor_id'], ['participants.id'], name=op.f('fk_priority_replacements_editor_id_participants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['priority_id'], ['priorities.id'], name=op.f('fk_priority_replacements_priority_id_priorities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['participants.id'], name=op.f('fk_priority_replacements_replaced_by_id_participants'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_priority_replacements')),
    sa.UniqueConstraint('priority_id', 'version', name=op.f('uq_priority_replacements_priority_id_version'))
    )



def downgrade():
    op.drop_table('priority_replacements')
