"""The memory of full slots: refuses for a moment, and only what it was told."""

from server.api.full_slots import FullSlots


def test_a_slot_found_full_is_remembered_until_forgotten():
    memory = FullSlots(60)
    assert not memory.seen_full((1, "DD", "08:00"))
    memory.remember((1, "DD", "08:00"))
    assert memory.seen_full((1, "DD", "08:00"))
    assert not memory.seen_full((1, "DD", "08:15")) and not memory.seen_full((2, "DD", "08:00"))
    memory.forget_all()
    assert not memory.seen_full((1, "DD", "08:00"))


def test_no_memory_when_set_to_zero():
    memory = FullSlots(0)
    memory.remember((1, "DD", "08:00"))
    assert not memory.seen_full((1, "DD", "08:00"))
