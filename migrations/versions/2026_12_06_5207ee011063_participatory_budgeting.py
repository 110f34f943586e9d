"""participatory budgeting: processes, areas, proposals, secret ballots, voting codes, counts

Revision ID: 5207ee011063
Revises: 8bf48cc42e66
Create Date: 2026-12-06 12:41:16.552825

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5207ee011063'
down_revision = '8bf48cc42e66'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('budget_processes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('phase', sa.Enum('draft', 'proposals', 'review', 'voting', 'counting', 'finished', name='phase', native_enum=False, create_constraint=True, length=17), nullable=False),
    sa.Column('area_rule', sa.Enum('every', 'one', 'home_plus_one', name='arearule', native_enum=False, create_constraint=True, length=21), nullable=False),
    sa.Column('allow_accounts', sa.Boolean(), nullable=False),
    sa.Column('allow_codes', sa.Boolean(), nullable=False),
    sa.Column('allow_paper', sa.Boolean(), nullable=False),
    sa.Column('proposals_start', sa.Date(), nullable=True),
    sa.Column('review_start', sa.Date(), nullable=True),
    sa.Column('voting_start', sa.Date(), nullable=True),
    sa.Column('voting_end', sa.Date(), nullable=True),
    sa.Column('results_date', sa.Date(), nullable=True),
    sa.Column('imported', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('version >= 1', name=op.f('ck_budget_processes_version_positive')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_budget_processes_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_processes'))
    )
    with op.batch_alter_table('budget_processes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_processes_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('budget_areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('citywide', sa.Boolean(), nullable=False),
    sa.Column('budget', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('min_projects', sa.Integer(), nullable=False),
    sa.Column('max_projects', sa.Integer(), nullable=True),
    sa.Column('min_share_percent', sa.Integer(), nullable=True),
    sa.Column('rule', sa.Enum('greedy', 'mes', name='countingrule', native_enum=False, create_constraint=True, length=14), nullable=False),
    sa.Column('utility', sa.Enum('cost', 'cardinality', name='utility', native_enum=False, create_constraint=True, length=19), nullable=False),
    sa.Column('completion', sa.Enum('none', 'greedy', 'add1', 'add1-greedy', name='completion', native_enum=False, create_constraint=True, length=19), nullable=False),
    sa.Column('threshold_votes', sa.Integer(), nullable=True),
    sa.Column('threshold_percent', sa.Integer(), nullable=True),
    sa.CheckConstraint("rule = 'greedy' OR (threshold_votes IS NULL AND threshold_percent IS NULL)", name=op.f('ck_budget_areas_threshold_greedy_only')),
    sa.CheckConstraint("rule = 'mes' OR completion IN ('none', 'greedy')", name=op.f('ck_budget_areas_completion_fits_rule')),
    sa.CheckConstraint('budget > 0 AND budget < 100000000000', name=op.f('ck_budget_areas_budget_range')),
    sa.CheckConstraint('max_projects IS NULL OR max_projects >= min_projects', name=op.f('ck_budget_areas_max_projects_range')),
    sa.CheckConstraint('min_projects >= 0', name=op.f('ck_budget_areas_min_projects_range')),
    sa.CheckConstraint('min_share_percent IS NULL OR min_share_percent BETWEEN 0 AND 100', name=op.f('ck_budget_areas_min_share_range')),
    sa.CheckConstraint('threshold_percent IS NULL OR threshold_percent BETWEEN 0 AND 100', name=op.f('ck_budget_areas_threshold_percent_range')),
    sa.CheckConstraint('threshold_votes IS NULL OR threshold_votes >= 0', name=op.f('ck_budget_areas_threshold_votes_range')),
    sa.ForeignKeyConstraint(['process_id'], ['budget_processes.id'], name=op.f('fk_budget_areas_process_id_budget_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_areas')),
    sa.UniqueConstraint('id', 'process_id', name=op.f('uq_budget_areas_id_process_id'))
    )
    with op.batch_alter_table('budget_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_areas_process_id'), ['process_id'], unique=False)

    op.create_table('budget_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('queued', 'running', 'done', 'failed', name='countstate', native_enum=False, create_constraint=True, length=15), nullable=False),
    sa.Column('done_areas', sa.Integer(), nullable=False),
    sa.Column('total_areas', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('ballots_sha256', sa.String(length=64), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('done_areas >= 0 AND done_areas <= total_areas', name=op.f('ck_budget_counts_progress_range')),
    sa.ForeignKeyConstraint(['process_id'], ['budget_processes.id'], name=op.f('fk_budget_counts_process_id_budget_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_counts'))
    )
    with op.batch_alter_table('budget_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_counts_process_id'), ['process_id'], unique=False)

    op.create_table('budget_voting_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('batch', sa.Integer(), nullable=False),
    sa.Column('used', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['process_id'], ['budget_processes.id'], name=op.f('fk_budget_voting_codes_process_id_budget_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_voting_codes')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_budget_voting_codes_code_hash'))
    )
    with op.batch_alter_table('budget_voting_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_voting_codes_process_id'), ['process_id'], unique=False)

    op.create_table('budget_ballots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('pseudonym', sa.String(length=64), nullable=False),
    sa.Column('source', sa.Enum('online', 'paper', 'imported', name='ballotsource', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('receipt_hash', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['area_id', 'process_id'], ['budget_areas.id', 'budget_areas.process_id'], name=op.f('fk_budget_ballots_area_id_budget_areas'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_ballots')),
    sa.UniqueConstraint('area_id', 'pseudonym', name=op.f('uq_budget_ballots_area_id_pseudonym')),
    sa.UniqueConstraint('id', 'area_id', name=op.f('uq_budget_ballots_id_area_id')),
    sa.UniqueConstraint('receipt_hash', name=op.f('uq_budget_ballots_receipt_hash'))
    )
    with op.batch_alter_table('budget_ballots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_ballots_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_ballots_process_id'), ['process_id'], unique=False)

    op.create_table('budget_voters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('code_id', sa.Integer(), nullable=True),
    sa.Column('home_area_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(user_id IS NULL) <> (code_id IS NULL)', name=op.f('ck_budget_voters_one_identity')),
    sa.ForeignKeyConstraint(['code_id'], ['budget_voting_codes.id'], name=op.f('fk_budget_voters_code_id_budget_voting_codes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['home_area_id'], ['budget_areas.id'], name=op.f('fk_budget_voters_home_area_id_budget_areas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['process_id'], ['budget_processes.id'], name=op.f('fk_budget_voters_process_id_budget_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_budget_voters_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_voters')),
    sa.UniqueConstraint('code_id', name=op.f('uq_budget_voters_code_id')),
    sa.UniqueConstraint('process_id', 'user_id', name=op.f('uq_budget_voters_process_id_user_id'))
    )
    with op.batch_alter_table('budget_voters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_voters_process_id'), ['process_id'], unique=False)

    op.create_table('budget_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('cost', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('submitted', 'feasible', 'unfeasible', 'selected', 'not_selected', name='proposalstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('public_answer', sa.Text(), nullable=False),
    sa.Column('staff_notes', sa.Text(), nullable=False),
    sa.Column('external_id', sa.String(length=64), nullable=True),
    sa.Column('source_session_id', sa.Integer(), nullable=True),
    sa.Column('source_priority_id', sa.Integer(), nullable=True),
    sa.Column('source_aggregate_id', sa.Integer(), nullable=True),
    sa.Column('provenance', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('cost > 0 AND cost < 100000000000', name=op.f('ck_budget_proposals_cost_range')),
    sa.ForeignKeyConstraint(['area_id', 'process_id'], ['budget_areas.id', 'budget_areas.process_id'], name=op.f('fk_budget_proposals_area_id_budget_areas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_budget_proposals_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['process_id'], ['budget_processes.id'], name=op.f('fk_budget_proposals_process_id_budget_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_aggregate_id'], ['aggregate_items.id'], name=op.f('fk_budget_proposals_source_aggregate_id_aggregate_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_priority_id'], ['priorities.id'], name=op.f('fk_budget_proposals_source_priority_id_priorities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_session_id'], ['sessions.id'], name=op.f('fk_budget_proposals_source_session_id_sessions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_proposals')),
    sa.UniqueConstraint('id', 'area_id', name=op.f('uq_budget_proposals_id_area_id'))
    )
    with op.batch_alter_table('budget_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_proposals_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_proposals_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_proposals_process_id'), ['process_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_proposals_source_session_id'), ['source_session_id'], unique=False)

    op.create_table('budget_ballot_choices',
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['ballot_id', 'area_id'], ['budget_ballots.id', 'budget_ballots.area_id'], name=op.f('fk_budget_ballot_choices_ballot_id_budget_ballots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id', 'area_id'], ['budget_proposals.id', 'budget_proposals.area_id'], name=op.f('fk_budget_ballot_choices_proposal_id_budget_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('ballot_id', 'proposal_id', name=op.f('pk_budget_ballot_choices'))
    )
    with op.batch_alter_table('budget_ballot_choices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_ballot_choices_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('budget_status_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('planned', 'in_progress', 'done', name='implementationstate', native_enum=False, create_constraint=True, length=19), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['budget_proposals.id'], name=op.f('fk_budget_status_updates_proposal_id_budget_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_status_updates'))
    )
    with op.batch_alter_table('budget_status_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_status_updates_proposal_id'), ['proposal_id'], unique=False)



def downgrade():
    with op.batch_alter_table('budget_status_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_status_updates_proposal_id'))

    op.drop_table('budget_status_updates')
    with op.batch_alter_table('budget_ballot_choices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_ballot_choices_proposal_id'))

    op.drop_table('budget_ballot_choices')
    with op.batch_alter_table('budget_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_proposals_source_session_id'))
        batch_op.drop_index(batch_op.f('ix_budget_proposals_process_id'))
        batch_op.drop_index(batch_op.f('ix_budget_proposals_author_id'))
        batch_op.drop_index(batch_op.f('ix_budget_proposals_area_id'))

    op.drop_table('budget_proposals')
    with op.batch_alter_table('budget_voters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_voters_process_id'))

    op.drop_table('budget_voters')
    with op.batch_alter_table('budget_ballots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_ballots_process_id'))
        batch_op.drop_index(batch_op.f('ix_budget_ballots_area_id'))

    op.drop_table('budget_ballots')
    with op.batch_alter_table('budget_voting_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_voting_codes_process_id'))

    op.drop_table('budget_voting_codes')
    with op.batch_alter_table('budget_counts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_counts_process_id'))

    op.drop_table('budget_counts')
    with op.batch_alter_table('budget_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_areas_process_id'))

    op.drop_table('budget_areas')
    with op.batch_alter_table('budget_processes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_processes_organisation_id'))

    op.drop_table('budget_processes')
