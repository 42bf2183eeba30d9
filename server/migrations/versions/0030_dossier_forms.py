"""what the official forms need: the applicant's address, the documents received with their
original and copy counts, the number of sets, how the result is returned (Mẫu 01); the
address and phone of guidance and refusals (Mẫu 02, 03); the place named on the forms

Revision ID: 0030_dossier_forms
Revises: 0027_handovers
"""

import sqlalchemy as sa
from alembic import op

revision = "0030_dossier_forms"
down_revision = "0027_handovers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("applicant_address", sa.String(length=300), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("documents", sa.JSON(), nullable=False,
                                      server_default="[]"))
        batch_op.add_column(sa.Column("sets", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("result_delivery", sa.String(length=16), nullable=False,
                                      server_default="counter"))
    with op.batch_alter_table("counter_outcomes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("applicant_address", sa.String(length=300), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("phone", sa.String(length=32), nullable=False,
                                      server_default=""))
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.add_column(sa.Column("form_place", sa.String(length=100), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("form_authority", sa.String(length=200), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.drop_column("form_authority")
        batch_op.drop_column("form_place")
    with op.batch_alter_table("counter_outcomes", schema=None) as batch_op:
        batch_op.drop_column("phone")
        batch_op.drop_column("applicant_address")
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_column("result_delivery")
        batch_op.drop_column("sets")
        batch_op.drop_column("documents")
        batch_op.drop_column("applicant_address")
