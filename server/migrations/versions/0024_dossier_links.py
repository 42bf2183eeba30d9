"""visits linked to dossiers, and ratings per dossier

Revision ID: 0024_dossier_links
Revises: 0023_dossier_pull

Existing dossiers that name their ticket get a "received" link, so the reports' visit figures
cover the days before the upgrade too.
"""

import sqlalchemy as sa
from alembic import op

import server.models.base

revision = "0024_dossier_links"
down_revision = "0023_dossier_pull"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ticket_dossiers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("tickets.id"), nullable=False),
        sa.Column("dossier_id", sa.Integer(), sa.ForeignKey("dossiers.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("site_id", sa.Integer(), sa.ForeignKey("sites.id"), nullable=False),
        sa.Column("counter_id", sa.Integer(), sa.ForeignKey("counters.id"), nullable=True),
        sa.Column("clerk_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("at", server.models.base.UTCDateTime(), nullable=False),
        sa.UniqueConstraint("ticket_id", "dossier_id", "kind", name="uq_ticket_dossiers_visit"),
    )
    op.create_index("ix_ticket_dossiers_ticket_id", "ticket_dossiers", ["ticket_id"])
    op.create_index("ix_ticket_dossiers_dossier_id", "ticket_dossiers", ["dossier_id"])
    op.create_table(
        "dossier_ratings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("dossier_id", sa.Integer(), sa.ForeignKey("dossiers.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("tickets.id"), nullable=True),
        sa.Column("site_id", sa.Integer(), sa.ForeignKey("sites.id"), nullable=False),
        sa.Column("counter_id", sa.Integer(), sa.ForeignKey("counters.id"), nullable=True),
        sa.Column("clerk_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("device_id", sa.Integer(), sa.ForeignKey("devices.id"), nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("average", sa.Float(), nullable=False),
        sa.Column("at", server.models.base.UTCDateTime(), nullable=False),
        sa.UniqueConstraint("dossier_id", "kind", name="uq_dossier_ratings_visit"),
    )
    op.create_index("ix_dossier_ratings_site_at", "dossier_ratings", ["site_id", "at"])
    op.execute(
        "INSERT INTO ticket_dossiers (ticket_id, dossier_id, kind, site_id, counter_id, clerk_id,"
        " source, at) SELECT ticket_id, id, 'received', site_id, counter_id, clerk_id, source,"
        " received_at FROM dossiers WHERE ticket_id IS NOT NULL")


def downgrade() -> None:
    op.drop_index("ix_dossier_ratings_site_at", table_name="dossier_ratings")
    op.drop_table("dossier_ratings")
    op.drop_index("ix_ticket_dossiers_dossier_id", table_name="ticket_dossiers")
    op.drop_index("ix_ticket_dossiers_ticket_id", table_name="ticket_dossiers")
    op.drop_table("ticket_dossiers")
