"""The per-host politeness delay, booked in the shared cache."""

import time

from articles.fetching.politeness import reserve_request_slot, wait_for_host


def at(moment):
    return lambda: moment


def test_the_first_request_to_a_host_goes_at_once():
    assert reserve_request_slot("paper.example", 1.0, clock=at(1000.0)) == 0


def test_requests_at_the_same_moment_get_successive_slots():
    waits = [reserve_request_slot("paper.example", 1.5, clock=at(1000.0)) for _ in range(3)]

    assert waits == [0, 1.5, 3.0]


def test_a_request_after_the_delay_has_passed_goes_at_once():
    reserve_request_slot("paper.example", 1.0, clock=at(1000.0))

    assert reserve_request_slot("paper.example", 1.0, clock=at(1001.0)) == 0


def test_waits_only_for_what_is_left_of_the_delay():
    reserve_request_slot("paper.example", 2.0, clock=at(1000.0))

    assert reserve_request_slot("paper.example", 2.0, clock=at(1000.5)) == 1.5


def test_hosts_do_not_delay_each_other():
    reserve_request_slot("paper.example", 5.0, clock=at(1000.0))

    assert reserve_request_slot("courier.example", 5.0, clock=at(1000.0)) == 0


def test_no_delay_books_nothing():
    assert reserve_request_slot("paper.example", 0, clock=at(1000.0)) == 0
    assert reserve_request_slot("paper.example", 1.0, clock=at(1000.0)) == 0


def test_wait_for_host_sleeps_until_its_slot():
    wait_for_host("paper.example", 0.2)

    started = time.monotonic()
    waited = wait_for_host("paper.example", 0.2)

    assert 0.1 < waited <= 0.2
    assert time.monotonic() - started >= waited - 0.01
