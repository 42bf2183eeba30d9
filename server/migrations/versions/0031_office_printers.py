"""a counter's office printer for the official forms, and print jobs that carry a PDF to it:
``counters.office_printer_uri``; ``print_jobs.counter_id`` and ``document``, and
``print_jobs.device_id`` optional (a form sent by the spooler itself has no device)

Revision ID: 0031_office_printers
Revises: 0030_dossier_forms
"""

import sqlalchemy as sa
from alembic import op

revision = "0031_office_printers"
down_revision = "0030_dossier_forms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("counters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("office_printer_uri", sa.String(length=300),
                                      nullable=True))
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("counter_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("document", sa.LargeBinary(), nullable=True))
        batch_op.alter_column("device_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f("ix_print_jobs_counter_id"), ["counter_id"],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_print_jobs_counter_id_counters"),
                                    "counters", ["counter_id"], ["id"])


def downgrade() -> None:
    # Forms still waiting for an office printer have no kiosk to fall back on: drop them.
    op.execute("DELETE FROM print_jobs WHERE device_id IS NULL")
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_print_jobs_counter_id_counters"),
                                 type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_print_jobs_counter_id"))
        batch_op.alter_column("device_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("document")
        batch_op.drop_column("counter_id")
    with op.batch_alter_table("counters", schema=None) as batch_op:
        batch_op.drop_column("office_printer_uri")
