"""Vote pad fixtures: a pad for each counter the tests serve at."""

import pytest


@pytest.fixture(scope="module")
def pads(centre):
    """Vote-pad tokens by counter number: the demo pad (counter 1) and one per other counter."""
    tokens = {1: centre.tokens["vote-pad"]}
    for number in range(2, 10):
        tokens[number] = centre.add_device("vote-pad", f"Máy đánh giá quầy {number}",
                                           counter_number=number)
    return tokens
