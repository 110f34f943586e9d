"""organisation brands: each organisation's colour and re-encoded logo

Revision ID: 0c2b45d73dd3
Revises: a55876e3f39e
Create Date: 2026-12-06 12:50:06.882017

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0c2b45d73dd3'
down_revision = 'a55876e3f39e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisation_brands',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=True),
    sa.Column('logo', sa.LargeBinary(), nullable=True),
    sa.Column('logo_hash', sa.String(length=64), nullable=True),
    sa.Column('logo_width', sa.Integer(), nullable=True),
    sa.Column('logo_height', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(logo IS NULL) = (logo_hash IS NULL)', name=op.f('ck_organisation_brands_logo_with_hash')),
    sa.CheckConstraint('colour IS NULL OR length(colour) = 7', name=op.f('ck_organisation_brands_colour_hex')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_brands_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organisation_id', name=op.f('pk_organisation_brands'))
    )


def downgrade():
    op.drop_table('organisation_brands')
