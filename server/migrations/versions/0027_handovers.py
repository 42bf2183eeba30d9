"""dossier hand-overs between units (Mẫu 06), the channel a dossier came by, and the
catalogue's local codes and per-channel fee and time

Revision ID: 0027_handovers
Revises: 0026_webhooks
"""

import sqlalchemy as sa
from alembic import op

import server.models.base

revision = "0027_handovers"
down_revision = "0026_webhooks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dossier_handovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("received_at", server.models.base.UTCDateTime(), nullable=False),
        sa.Column("handed_at", server.models.base.UTCDateTime(), nullable=True),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("device_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"],
                                name=op.f("fk_dossier_handovers_device_id_devices")),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"],
                                name=op.f("fk_dossier_handovers_dossier_id_dossiers")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_dossier_handovers_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_handovers")),
    )
    with op.batch_alter_table("dossier_handovers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dossier_handovers_dossier_id"), ["dossier_id"],
                              unique=False)

    # Dossiers kept so far came in person at the counter, or through the one-stop software,
    # which the period report counted as online: the same split, now a column.
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channel", sa.String(length=16), nullable=False,
                                      server_default="in_person"))
    dossiers = sa.table("dossiers", sa.column("source", sa.String()),
                        sa.column("channel", sa.String()))
    op.get_bind().execute(dossiers.update().where(dossiers.c.source != "counter")
                          .values(channel="online"))

    with op.batch_alter_table("procedures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("local_code", sa.String(length=64), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("channel_terms", sa.JSON(), nullable=False,
                                      server_default=sa.text("'{}'")))


def downgrade() -> None:
    with op.batch_alter_table("procedures", schema=None) as batch_op:
        batch_op.drop_column("channel_terms")
        batch_op.drop_column("local_code")
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_column("channel")
    with op.batch_alter_table("dossier_handovers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dossier_handovers_dossier_id"))
    op.drop_table("dossier_handovers")
