from command_center.hub.admission import HandshakeAdmission


def test_an_address_gets_its_burst_then_its_rate():
    admission = HandshakeAdmission(rate=2.0, burst=3.0)
    assert [admission.admit("10.0.0.1", 0.0) for _ in range(4)] == [True, True, True, False]
    assert admission.admit("10.0.0.1", 0.5)  # one more after half a second at 2 a second
    assert not admission.admit("10.0.0.1", 0.5)


def test_one_address_spent_leaves_the_others_their_burst():
    admission = HandshakeAdmission(rate=1.0, burst=1.0)
    assert admission.admit("10.0.0.1", 0.0)
    assert not admission.admit("10.0.0.1", 0.0)
    assert admission.admit("10.0.0.2", 0.0)


def test_the_defaults_let_a_control_room_of_200_screens_reconnect_at_once():
    admission = HandshakeAdmission()
    assert all(admission.admit("192.0.2.7", 0.0) for _ in range(200))
