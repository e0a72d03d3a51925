"""Finding who holds a port, from /proc text and from a real listening socket."""

import os
import socket
from contextlib import closing

from composition.port_holders import (
    Holder,
    TakenPort,
    WantedPort,
    listening_inodes,
    refusal,
    taken_ports,
)

TABLE = """\
  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:2163 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1
   1: 0100007F:2163 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 4343 1
   2: 00000000:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4444 1
"""


def test_only_listening_sockets_on_the_port_count():
    assert listening_inodes(TABLE, 0x2163) == {4242}  # 8547; the connected one is not listening
    assert listening_inodes(TABLE, 8000) == {4444}
    assert listening_inodes(TABLE, 1234) == set()


def test_a_listening_socket_is_found_with_its_process():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        [taken] = taken_ports([WantedPort("simulator RTSP", "127.0.0.1", port)])
    assert taken.wanted.port == port
    assert [h.pid for h in taken.holders] == [os.getpid()]


def test_a_free_port_is_not_reported():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, not listening: closed before the check
    assert taken_ports([WantedPort("simulator RTSP", "127.0.0.1", port)]) == []


def test_the_refusal_names_port_purpose_and_holder_or_says_it_is_unknown():
    text = refusal(
        [
            TakenPort(WantedPort("simulator control API", "127.0.0.1", 8555), (Holder(7, "sim"),)),
            TakenPort(WantedPort("command centre (HTTP)", "127.0.0.1", 8000), ()),
        ]
    )
    assert "127.0.0.1:8555 (simulator control API) held by pid 7: sim" in text
    assert "127.0.0.1:8000 (command centre (HTTP)) held by a process not shown here" in text
