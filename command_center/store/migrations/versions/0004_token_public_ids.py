"""tokens named by a random public id, not by their sequential row id

Revision ID: 0004
Revises: 0003
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TOKEN_ID_BYTES = 16  # as command_center.auth.service: 22 URL-safe characters


def upgrade() -> None:
    with op.batch_alter_table("tokens") as batch:
        batch.add_column(sa.Column("public_id", sa.String(length=32), nullable=True))
    bind = op.get_bind()
    for (row_id,) in bind.execute(sa.text("SELECT id FROM tokens")).all():
        bind.execute(
            sa.text("UPDATE tokens SET public_id = :public_id WHERE id = :id"),
            {"public_id": secrets.token_urlsafe(TOKEN_ID_BYTES), "id": row_id},
        )
    with op.batch_alter_table("tokens") as batch:
        batch.alter_column("public_id", existing_type=sa.String(length=32), nullable=False)
        batch.create_index("ix_tokens_public_id", ["public_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("tokens") as batch:
        batch.drop_index("ix_tokens_public_id")
        batch.drop_column("public_id")
