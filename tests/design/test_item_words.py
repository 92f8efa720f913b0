"""A path through list items reads the same in check's messages and in the summary of changes:
one walk (trialkit.design.words.item_words) for items by number and items by id."""

from trialkit.design.words import item_words, where
from trialkit.export.amendments import field_words


def test_items_by_number_and_by_id_share_the_nouns_and_labels() -> None:
    assert item_words(["objectives", 1, "endpoints", 2]) == ["objective 2", "endpoint 3"]
    assert item_words(["arms", "[placebo]", "name"]) == ["arm placebo", "name"]
    assert where("objectives.1.endpoints.2") == "Objective 2, endpoint 3"
    assert field_words("objectives[O1].endpoints[E2].unit") == "Objective O1, endpoint E2, unit"
    assert field_words("arms[placebo].name") == "Arm placebo, name"
