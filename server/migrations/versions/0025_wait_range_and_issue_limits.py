"""wait ranges on slips; a field's last ticket time and daily ticket limit

Revision ID: 0025_wait_range_and_issue_limits
Revises: 0024_dossier_links

Every new column is empty: running centres keep issuing as before and old print jobs print
their single figure.
"""

import sqlalchemy as sa
from alembic import op

revision = "0025_wait_range_and_issue_limits"
down_revision = "0024_dossier_links"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("estimated_low_s", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("estimated_high_s", sa.Integer(), nullable=True))
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_ticket_at", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("daily_ticket_limit", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_column("daily_ticket_limit")
        batch_op.drop_column("last_ticket_at")
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.drop_column("estimated_high_s")
        batch_op.drop_column("estimated_low_s")
