"""The websocket hub `/ws`: see docs/live-feed.md for the protocol."""

from command_center.hub.core import Client, Hub, camera_topics, topics_of
from command_center.hub.log import Logged, MessageLog
from command_center.hub.queue import CLIENT_QUEUE_SIZE, ClientQueue

__all__ = [
    "CLIENT_QUEUE_SIZE",
    "Client",
    "ClientQueue",
    "Hub",
    "Logged",
    "MessageLog",
    "camera_topics",
    "topics_of",
]
