"""an index of the bookings still awaiting their citizen, for the rollover check

Revision ID: 0011_booked_appointments_index
Revises: 0010_report_rollups
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_booked_appointments_index"
down_revision = "0010_report_rollups"
branch_labels = None
depends_on = None

BOOKED = sa.text("status = 'booked'")


def upgrade() -> None:
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.create_index("ix_appointments_booked", ["site_id", "start"], unique=False,
                              postgresql_where=BOOKED, sqlite_where=BOOKED)


def downgrade() -> None:
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_index("ix_appointments_booked")
