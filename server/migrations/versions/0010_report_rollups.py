"""report rollups per service day, site, service, counter, clerk and procedure

Revision ID: 0010_report_rollups
Revises: 0009_remote_ticket_distance

The tables start empty; ``server.provision.migrate`` fills them from the existing tickets
right after upgrading across this revision (``qms reports rebuild`` does the same by hand).
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_report_rollups"
down_revision = "0009_remote_ticket_distance"
branch_labels = None
depends_on = None

OPEN_TICKETS = sa.text("status IN ('waiting', 'called', 'serving')")
COUNTS = ("issued", "served", "no_show", "transferred", "transfers_made", "overdue",
          "wait_count")


def upgrade() -> None:
    op.create_table(
        "report_rollups",
        *(sa.Column(name, sa.Date() if name == "service_day" else sa.Integer(), nullable=False)
          for name in ("service_day", "site_id", "service_id", "counter_id", "clerk_id",
                       "procedure_id")),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS),
        sa.Column("wait_sum_us", sa.BigInteger(), nullable=False),
        sa.Column("wait_seconds", sa.Text(), nullable=False),
        sa.Column("service_count", sa.Integer(), nullable=False),
        sa.Column("service_sum_us", sa.BigInteger(), nullable=False),
        sa.Column("service_seconds", sa.Text(), nullable=False),
        *(sa.Column(f"votes_{rating}", sa.Integer(), nullable=False) for rating in range(1, 5)),
        sa.PrimaryKeyConstraint("service_day", "site_id", "service_id", "counter_id",
                                "clerk_id", "procedure_id", name=op.f("pk_report_rollups")),
    )
    op.create_table(
        "report_reason_rollups",
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("service_day", "site_id", "reason",
                                name=op.f("pk_report_reason_rollups")),
    )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index("ix_tickets_open_by_day", ["service_day"], unique=False,
                              postgresql_where=OPEN_TICKETS, sqlite_where=OPEN_TICKETS)


def downgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_open_by_day")
    op.drop_table("report_reason_rollups")
    op.drop_table("report_rollups")
