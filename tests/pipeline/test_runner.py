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


class _Recording(Document):
    """A Document that notes which of its fields are read (methods read fields for the stage)."""

    def __getattribute__(self, name):
        if name in Document.__dataclass_fields__ and not name.startswith("_"):
            object.__getattribute__(self, "__dict__").setdefault("_reads", set()).add(name)
        return object.__getattribute__(self, name)


ARTICLE = """Tỉnh ủy tổng kết công tác năm

Sáng 5/1/2024, Tỉnh ủy Thanh Hóa tổ chức hội nghị trực tuyến tổng kết năm 2023, quán triệt Nghị quyết số 58-NQ/TW.
Tại điểm cầu huyện Như Xuân, ông Lê Văn Hà, Bí thư Huyện ủy, chủ trì. Bí thư Tỉnh ủy Đỗ Trọng Hưng phát biểu kết luận.
"""


def test_a_stage_reads_only_what_it_requires_or_assigns():
    doc = _Recording(source="t.txt", raw=ARTICLE)
    for stage in STAGES:
        doc.__dict__["_reads"] = set()
        doc = stage.apply(doc)
        reads = doc.__dict__.pop("_reads", set())
        allowed = set(stage.REQUIRES) | set(stage.ASSIGNS) | {"source"}
        assert reads <= allowed, f"{stage.__name__} reads {sorted(reads - allowed)} without requiring them"
