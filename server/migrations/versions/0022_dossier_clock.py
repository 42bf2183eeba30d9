"""dossiers on the legal clock (due time, extension, pause) and the counter's three outcomes

Revision ID: 0022_dossier_clock
Revises: 0021_rollup_recalls
"""

from datetime import datetime, time

import sqlalchemy as sa
from alembic import op

import server.models.base

revision = "0022_dossier_clock"
down_revision = "0021_rollup_recalls"
branch_labels = None
depends_on = None

# A dossier received before this revision was due on a date: the end of that office day,
# 17:00 in Hà Nội (UTC+7, no daylight saving), is 10:00 UTC.
END_OF_OFFICE_UTC = time(10, 0)


def upgrade() -> None:
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_at", server.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("original_due_at", server.models.base.UTCDateTime(),
                                      nullable=True))
        batch_op.add_column(sa.Column("extension_reason", sa.String(length=300), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("clock_paused_at", server.models.base.UTCDateTime(),
                                      nullable=True))
        # Half working days (0.5) as the procedures hold them since 0014.
        batch_op.alter_column("processing_days", existing_type=sa.Integer(),
                              type_=sa.Float(), existing_nullable=True)
    dossiers = sa.table("dossiers", sa.column("id", sa.Integer()), sa.column("due_date", sa.Date()),
                        sa.column("due_at", sa.DateTime()))
    connection = op.get_bind()
    for dossier_id, due_date in connection.execute(
            sa.select(dossiers.c.id, dossiers.c.due_date).where(dossiers.c.due_at.is_(None))):
        connection.execute(dossiers.update().where(dossiers.c.id == dossier_id).values(
            due_at=datetime.combine(due_date, END_OF_OFFICE_UTC)))

    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.add_column(sa.Column("back_office_saturdays", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))

    op.create_table(
        "counter_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("clerk_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=True),
        sa.Column("procedure_code", sa.String(length=64), nullable=False),
        sa.Column("procedure_name", sa.String(length=500), nullable=False),
        sa.Column("applicant_name", sa.String(length=200), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=True),
        sa.Column("missing", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("at", server.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["counter_id"], ["counters.id"],
                                name=op.f("fk_counter_outcomes_counter_id_counters")),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"],
                                name=op.f("fk_counter_outcomes_dossier_id_dossiers")),
        sa.ForeignKeyConstraint(["procedure_id"], ["procedures.id"],
                                name=op.f("fk_counter_outcomes_procedure_id_procedures")),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"],
                                name=op.f("fk_counter_outcomes_service_id_services")),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"],
                                name=op.f("fk_counter_outcomes_site_id_sites")),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"],
                                name=op.f("fk_counter_outcomes_ticket_id_tickets")),
        sa.ForeignKeyConstraint(["clerk_id"], ["users.id"],
                                name=op.f("fk_counter_outcomes_clerk_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counter_outcomes")),
    )
    with op.batch_alter_table("counter_outcomes", schema=None) as batch_op:
        batch_op.create_index("ix_counter_outcomes_site_at", ["site_id", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_counter_outcomes_ticket_id"), ["ticket_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("counter_outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counter_outcomes_ticket_id"))
        batch_op.drop_index("ix_counter_outcomes_site_at")
    op.drop_table("counter_outcomes")
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.drop_column("back_office_saturdays")
    # Half days round up to a whole day, as 0014's downgrade does for procedures.
    op.execute("UPDATE dossiers SET processing_days = CAST(processing_days AS INTEGER) + 1 "
               "WHERE processing_days > CAST(processing_days AS INTEGER)")
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.alter_column("processing_days", existing_type=sa.Float(),
                              type_=sa.Integer(), existing_nullable=True)
        batch_op.drop_column("clock_paused_at")
        batch_op.drop_column("extension_reason")
        batch_op.drop_column("original_due_at")
        batch_op.drop_column("due_at")


