"""codes sent to phones before a public booking or remote ticket counts; a second factor for
looking up the one-stop software's dossiers

Revision ID: 0013_phone_holds
Revises: 0011_booked_appointments_index
"""

import sqlalchemy as sa
from alembic import op

import server.models.base

revision = "0013_phone_holds"
down_revision = "0011_booked_appointments_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "phone_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", server.models.base.UTCDateTime(), nullable=False),
        sa.Column("expires_at", server.models.base.UTCDateTime(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["appointment_id"], ["appointments.id"],
                                name=op.f("fk_phone_holds_appointment_id_appointments")),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"],
                                name=op.f("fk_phone_holds_service_id_services")),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"],
                                name=op.f("fk_phone_holds_site_id_sites")),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"],
                                name=op.f("fk_phone_holds_ticket_id_tickets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phone_holds")),
        sa.UniqueConstraint("token", name=op.f("uq_phone_holds_token")),
    )
    with op.batch_alter_table("phone_holds", schema=None) as batch_op:
        batch_op.create_index("ix_phone_holds_site_created", ["site_id", "created_at"])
        batch_op.create_index("ix_phone_holds_state_expires", ["state", "expires_at"])
    # Existing sites check phones as soon as a gateway is configured.
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone_check", sa.Boolean(), nullable=False,
                                      server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.drop_column("phone_check")
    with op.batch_alter_table("phone_holds", schema=None) as batch_op:
        batch_op.drop_index("ix_phone_holds_state_expires")
        batch_op.drop_index("ix_phone_holds_site_created")
    op.drop_table("phone_holds")
