"""audit head: the newest audit entry's id and hash, one row

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_id", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    newest = (
        op.get_bind()
        .execute(sa.text("SELECT id, hash FROM audit_entries ORDER BY id DESC LIMIT 1"))
        .first()
    )
    last_id, last_hash = newest if newest is not None else (0, GENESIS)
    op.bulk_insert(head, [{"id": 1, "last_id": last_id, "hash": last_hash}])


def downgrade() -> None:
    op.drop_table("audit_head")
