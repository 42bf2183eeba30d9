"""where the pull of dossiers from each province system stands

Revision ID: 0023_dossier_pull
Revises: 0022_dossier_clock
"""

import sqlalchemy as sa
from alembic import op

import server.models.base

revision = "0023_dossier_pull"
down_revision = "0022_dossier_clock"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dossier_pull_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("cursor", server.models.base.UTCDateTime(), nullable=True),
        sa.Column("last_run_at", server.models.base.UTCDateTime(), nullable=True),
        sa.Column("last_success_at", server.models.base.UTCDateTime(), nullable=True),
        sa.Column("last_result", sa.String(length=16), nullable=False),
        sa.Column("fetched", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.Column("record_errors", sa.Text(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_run_at", server.models.base.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_pull_sources")),
        sa.UniqueConstraint("name", name=op.f("uq_dossier_pull_sources_name")),
    )


def downgrade() -> None:
    op.drop_table("dossier_pull_sources")
