"""The command centre's database: SQLAlchemy 2 (async) models and Alembic migrations.

SQLite under ./var/ by default; PostgreSQL when DATABASE_URL says so.
"""
