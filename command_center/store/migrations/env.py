"""Alembic's entry: runs on the connection the command centre hands over (store.database)."""

from alembic import context

from command_center.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
