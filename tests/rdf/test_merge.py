"""The merge rules: which of the articles' values a node keeps, whatever order they come in."""
import itertools

from kg.rdf.merge import format_rank, label_rank


def test_the_format_that_says_most_is_kept():
    said = ["in-person", "online", "hybrid"]
    for n in (2, 3):
        for values in itertools.permutations(said, n):
            kept = min(values, key=format_rank)
            assert kept == ("hybrid" if "hybrid" in values else "online")  # online and in person: online
    assert min(["webinar", "in-person"], key=format_rank) == "in-person"  # a format no rule knows comes last
    assert min(["zoom", "webinar"], key=format_rank) == "webinar"  # ... and among those, the first by name


def test_the_label_with_most_support_then_the_shortest_then_the_first_is_kept():
    assert min([(2, "Hội nghị B"), (3, "Hội nghị dài hơn")], key=lambda x: label_rank(*x))[1] == "Hội nghị dài hơn"
    assert min([(2, "Hội nghị dài"), (2, "Hội nghị")], key=lambda x: label_rank(*x))[1] == "Hội nghị"
    assert min([(2, "Hội nghị B"), (2, "Hội nghị A")], key=lambda x: label_rank(*x))[1] == "Hội nghị A"
