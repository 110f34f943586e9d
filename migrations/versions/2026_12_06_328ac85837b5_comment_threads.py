"""comment threads, comments, upvotes and flags; a session's comments on/off

Revision ID: 328ac85837b5
Revises: d50fd1ea5af8
Create Date: 2026-12-06 16:05:22.435848

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '328ac85837b5'
down_revision = 'd50fd1ea5af8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comment_threads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target', sa.Enum('priority', 'aggregate', 'idea', 'proposal', name='target', native_enum=False, create_constraint=True, length=17), nullable=False),
    sa.Column('priority_id', sa.Integer(), nullable=True),
    sa.Column('aggregate_id', sa.Integer(), nullable=True),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('process_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('(CASE WHEN priority_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN aggregate_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN idea_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN proposal_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_comment_threads_one_target')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_comment_threads_version_positive')),
    sa.ForeignKeyConstraint(['aggregate_id'], ['aggregate_items.id'], name=op.f('fk_comment_threads_aggregate_id_aggregate_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_comment_threads_idea_id_ideas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['priority_id'], ['priorities.id'], name=op.f('fk_comment_threads_priority_id_priorities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['process_id'], ['budget_processes.id'], name=op.f('fk_comment_threads_process_id_budget_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['budget_proposals.id'], name=op.f('fk_comment_threads_proposal_id_budget_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_comment_threads_session_id_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_comment_threads_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_threads')),
    sa.UniqueConstraint('aggregate_id', name=op.f('uq_comment_threads_aggregate_id')),
    sa.UniqueConstraint('idea_id', name=op.f('uq_comment_threads_idea_id')),
    sa.UniqueConstraint('priority_id', name=op.f('uq_comment_threads_priority_id')),
    sa.UniqueConstraint('proposal_id', name=op.f('uq_comment_threads_proposal_id'))
    )
    with op.batch_alter_table('comment_threads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_threads_process_id'), ['process_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comment_threads_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comment_threads_theme_id'), ['theme_id'], unique=False)

    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('hidden_reason', sa.String(length=280), nullable=True),
    sa.Column('hidden_by_id', sa.Integer(), nullable=True),
    sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('length(body) BETWEEN 1 AND 2000', name=op.f('ck_comments_body_length')),
    sa.ForeignKeyConstraint(['hidden_by_id'], ['users.id'], name=op.f('fk_comments_hidden_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['comments.id'], name=op.f('fk_comments_parent_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_comments_participant_id_participants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['thread_id'], ['comment_threads.id'], name=op.f('fk_comments_thread_id_comment_threads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_comments_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comments_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comments_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comments_thread_id'), ['thread_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comments_user_id'), ['user_id'], unique=False)

    op.create_table('comment_flags',
    sa.Column('reason', sa.String(length=280), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(CASE WHEN participant_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN user_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_comment_flags_one_flagger')),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_comment_flags_comment_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_comment_flags_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_comment_flags_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_flags')),
    sa.UniqueConstraint('comment_id', 'participant_id', name=op.f('uq_comment_flags_comment_id_participant_id')),
    sa.UniqueConstraint('comment_id', 'user_id', name=op.f('uq_comment_flags_comment_id_user_id'))
    )
    with op.batch_alter_table('comment_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_flags_comment_id'), ['comment_id'], unique=False)

    op.create_table('comment_upvotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(CASE WHEN participant_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN user_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_comment_upvotes_one_voter')),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_comment_upvotes_comment_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_comment_upvotes_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_comment_upvotes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_upvotes')),
    sa.UniqueConstraint('comment_id', 'participant_id', name=op.f('uq_comment_upvotes_comment_id_participant_id')),
    sa.UniqueConstraint('comment_id', 'user_id', name=op.f('uq_comment_upvotes_comment_id_user_id'))
    )
    with op.batch_alter_table('comment_upvotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_upvotes_comment_id'), ['comment_id'], unique=False)

    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comments_enabled', sa.Boolean(), server_default=sa.true(), nullable=False))



def downgrade():
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_column('comments_enabled')

    with op.batch_alter_table('comment_upvotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_upvotes_comment_id'))

    op.drop_table('comment_upvotes')
    with op.batch_alter_table('comment_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_flags_comment_id'))

    op.drop_table('comment_flags')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comments_user_id'))
        batch_op.drop_index(batch_op.f('ix_comments_thread_id'))
        batch_op.drop_index(batch_op.f('ix_comments_participant_id'))
        batch_op.drop_index(batch_op.f('ix_comments_parent_id'))

    op.drop_table('comments')
    with op.batch_alter_table('comment_threads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_threads_theme_id'))
        batch_op.drop_index(batch_op.f('ix_comment_threads_session_id'))
        batch_op.drop_index(batch_op.f('ix_comment_threads_process_id'))

    op.drop_table('comment_threads')
