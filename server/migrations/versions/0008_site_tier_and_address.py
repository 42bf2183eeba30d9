"""site tier (provincial or commune-level centre) and how the site addresses citizens

Revision ID: 0008_site_tier_and_address
Revises: 0007_feedback
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_site_tier_and_address"
down_revision = "0007_feedback"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing centres become commune-level centres addressing citizens as "quý khách";
    # an admin marks the provincial centre in the site form.
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tier", sa.String(length=16), nullable=False,
                                      server_default="commune"))
        batch_op.add_column(sa.Column("citizen_address", sa.String(length=16), nullable=False,
                                      server_default="quy_khach"))


def downgrade() -> None:
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.drop_column("citizen_address")
        batch_op.drop_column("tier")
