"""The shapes of the ids that appear in URLs, topics, config files and the database."""

from __future__ import annotations

# Cameras, sensors and walls: safe in a URL path and a websocket topic, 64 characters at most
# (hub topics are `camera:<id>`, stored in 80 characters).
SOURCE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
# Areas: the same alphabet, 40 characters (the area columns of the database).
AREA_CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$"
# The name of an environment variable that holds a secret (secrets never go in the file).
ENV_NAME_PATTERN = r"^[A-Z_][A-Z0-9_]*$"
