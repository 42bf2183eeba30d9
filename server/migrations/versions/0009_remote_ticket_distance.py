"""a site's position and the distance within which its numbers may be taken from a phone

Revision ID: 0009_remote_ticket_distance
Revises: 0008_site_tier_and_address
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_remote_ticket_distance"
down_revision = "0008_site_tier_and_address"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing sites have no position and no distance limit: remote tickets work as before.
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("longitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("remote_radius_m", sa.Integer(), nullable=False,
                                      server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.drop_column("remote_radius_m")
        batch_op.drop_column("longitude")
        batch_op.drop_column("latitude")
