"""report rollups count recalls

Revision ID: 0021_rollup_recalls
Revises: 0020_citizens

The column starts at zero; ``server.provision.migrate`` rebuilds the recorded days right after
upgrading across this revision, which fills it from the tickets' recall counts.
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_rollup_recalls"
down_revision = "0020_citizens"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report_rollups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recalled", sa.Integer(), nullable=False,
                                      server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("report_rollups", schema=None) as batch_op:
        batch_op.drop_column("recalled")
