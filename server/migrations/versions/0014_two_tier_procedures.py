"""procedures on two tiers (the district tier's become commune ones) and half-day times

Revision ID: 0014_two_tier_procedures
Revises: 0013_phone_holds
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_two_tier_procedures"
down_revision = "0013_phone_holds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The district tier was abolished on 1 July 2025 and most of its procedures went to the
    # commune: stored district procedures become commune ones (docs/procedures.md).
    op.execute("UPDATE procedures SET level = 'commune' WHERE level = 'district'")
    # Processing times may be half a working day (0.5).
    with op.batch_alter_table("procedures", schema=None) as batch_op:
        batch_op.alter_column("processing_days", existing_type=sa.Integer(),
                              type_=sa.Float(), existing_nullable=True)


def downgrade() -> None:
    # Half days round up to a whole day; the former district level is not restored.
    op.execute("UPDATE procedures SET processing_days = CAST(processing_days AS INTEGER) + 1 "
               "WHERE processing_days > CAST(processing_days AS INTEGER)")
    with op.batch_alter_table("procedures", schema=None) as batch_op:
        batch_op.alter_column("processing_days", existing_type=sa.Float(),
                              type_=sa.Integer(), existing_nullable=True)
