from kg.document import Document
from kg.pipeline import STAGES


def test_every_requirement_is_assigned_by_an_earlier_stage():
    available = {"raw", "source"}
    for stage in STAGES:
        missing = set(stage.REQUIRES) - available
        assert not missing, f"{stage.__name__} needs {missing} before any stage gives it"
        available |= set(stage.ASSIGNS)


def test_stages_only_assign_document_fields():
    fields = set(Document.__dataclass_fields__)
    for stage in STAGES:
        assert set(stage.ASSIGNS) <= fields, stage.__name__
