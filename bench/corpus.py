"""Generate a realistic corpus of N articles shaped like the seeds, from a fixed random seed.

Officials, titles, provinces, bodies, conferences and resolutions are drawn from
the gazetteers of kg/data/; a pool of officials that grows with N makes the same
people meet again across articles, as in real news. Articles are about 10 KB:
headline, a date line, a lead with organisers and the resolution carried out,
attendee lists, connection points, speeches, presentations, photo captions,
policy prose and the site's "Tin mới nhất" furniture.

    python bench/corpus.py 1000 bench/data/1000
"""
from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kg.gazetteer import load  # noqa: E402

GIVEN = ("Văn Minh Thị Hồng Quốc Đức Thanh Hữu Xuân Hoàng Ngọc Kim Anh Tuấn Hùng Dũng Hải Sơn Long Nam Phúc Lâm "
         "Hòa Bình Trung Hiếu Thắng Lợi Tâm Thảo Hương Lan Mai Nga Phương Quang Khánh Toàn Vinh Huy Tiến Hưng "
         "Cường Chính Thưởng Hà Trọng Bảo Châu Duy Giang Khải Linh").split()
TOPICS = ["tổng kết công tác năm {y} và triển khai nhiệm vụ năm {y1}", "sơ kết 6 tháng đầu năm {y}",
          "quán triệt, triển khai thực hiện {res}", "tổng kết 10 năm thực hiện {res}",
          "đối ngoại toàn quốc triển khai thực hiện {res}", "chuyển đổi số và cải cách hành chính năm {y}"]
PROSE = [
    "Công tác lãnh đạo, chỉ đạo được triển khai đồng bộ, quyết liệt và hiệu quả trên nhiều lĩnh vực.",
    "Tăng trưởng kinh tế đạt khá, thu ngân sách vượt dự toán, đời sống Nhân dân tiếp tục được cải thiện.",
    "Các cấp ủy, chính quyền đã tập trung tháo gỡ khó khăn, vướng mắc cho doanh nghiệp và người dân.",
    "Công tác xây dựng Đảng và hệ thống chính trị được chú trọng, kỷ luật, kỷ cương được tăng cường.",
    "Hội nhập quốc tế tiếp tục được mở rộng, thu hút nhiều nguồn lực bên ngoài phục vụ phát triển.",
    "Quốc phòng, an ninh được giữ vững; trật tự, an toàn xã hội được bảo đảm.",
    "Tuy nhiên, một số chỉ tiêu chưa đạt kế hoạch, việc giải ngân vốn đầu tư công còn chậm.",
    "Thời gian tới, cần tiếp tục đổi mới tư duy, nâng cao năng lực dự báo và tham mưu chiến lược.",
    "Đại biểu đã thảo luận, đề xuất nhiều giải pháp thiết thực để thực hiện thắng lợi nhiệm vụ đề ra.",
    "Công tác tuyên truyền được đẩy mạnh, tạo đồng thuận xã hội trong triển khai các chủ trương lớn.",
]


@dataclass(frozen=True)
class Person:
    name: str
    title: str  # as written before the name
    province: str | None


def _people(rng: random.Random, n: int, provinces: list[str], ministries: list[str]) -> list[Person]:
    kb = load()
    surnames = sorted(kb.surnames)
    weights = [30 if s in ("Nguyễn", "Trần", "Lê", "Phạm") else 3 for s in surnames]
    national = ["Tổng Bí thư", "Thủ tướng Chính phủ", "Chủ tịch Quốc hội", "Thường trực Ban Bí thư",
                "Phó Thủ tướng Chính phủ", "Ủy viên Bộ Chính trị"] + [f"Bộ trưởng {m}" for m in ministries] + [
                f"Thứ trưởng {m}" for m in ministries]
    provincial = ["Bí thư Tỉnh ủy", "Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh",
                  "Chủ tịch HĐND tỉnh", "Giám đốc Sở Ngoại vụ", "Giám đốc Sở Tài chính", "Trưởng Ban Tổ chức Tỉnh ủy"]
    out, seen = [], set()
    while len(out) < n:
        name = " ".join([rng.choices(surnames, weights)[0], rng.choice(GIVEN), rng.choice(GIVEN)])
        if name in seen:
            continue
        seen.add(name)
        if rng.random() < 0.3:
            out.append(Person(name, rng.choice(national), None))
        else:
            out.append(Person(name, rng.choice(provincial), rng.choice(provinces)))
    return out


def article(rng: random.Random, people: list[Person], provinces: list[str], ministries: list[str], i: int) -> str:
    y = rng.choice(range(2019, 2026))
    d, m = rng.randint(1, 28), rng.randint(1, 12)
    res = rng.choice([f"Nghị quyết số {rng.randint(1, 60)}-NQ/TW của Bộ Chính trị (khóa {rng.choice(['XII', 'XIII'])})",
                      f"Nghị quyết Đại hội đại biểu toàn quốc lần thứ {rng.choice(['XII', 'XIII'])} của Đảng"])
    topic = rng.choice(TOPICS).format(y=y - 1 if m < 3 else y, y1=y, res=res)
    organiser = rng.choice(ministries + ["Bộ Chính trị, Ban Bí thư Trung ương Đảng", "Ban Thường vụ Tỉnh ủy"])
    home = rng.choice(provinces)
    national = [p for p in people if p.province is None]
    local = [p for p in people if p.province == home] or [p for p in people if p.province]
    chair = rng.choice(national)
    guests = rng.sample(national, k=min(4, len(national)))
    at_home = rng.sample(local, k=min(3, len(local)))
    speaker, presenter = rng.choice(national), rng.choice(local)
    lines = [f"{organiser.split(',')[0]} tổ chức hội nghị {topic.split(' và ')[0]}", "",
             f"Đăng ngày {d:02d} - {m:02d} - {y}", "",
             f"Sáng {d}/{m}/{y}, {organiser} tổ chức hội nghị trực tuyến {topic}. {chair.title} {chair.name} "
             f"chủ trì hội nghị.", "",
             "Tham dự hội nghị có " + "; ".join(f"{p.title} {p.name}" for p in guests) + ".", "",
             f"Tại điểm cầu {home}, dự hội nghị có các đồng chí: " + "; ".join(
                 f"{p.name} - {p.title}" for p in at_home) + "; lãnh đạo các sở, ban, ngành của tỉnh.", ""]
    for _ in range(3):
        lines += [" ".join(rng.sample(PROSE, k=5)), ""]
    lines += [f"Phát biểu chỉ đạo hội nghị, {speaker.title} {speaker.name} nhấn mạnh "
              + rng.choice(PROSE).lower(), "",
              f"{presenter.title} {presenter.name} trình bày tham luận tại điểm cầu {home}.", "",
              f"{chair.title} {chair.name} phát biểu tại hội nghị.", ""]
    for _ in range(4):
        lines += [" ".join(rng.sample(PROSE, k=6)), ""]
    lines += ["Tin mới nhất", ""] + [f"{rng.choice(PROSE)[:60]}...({rng.randint(1, 28):02d}/0{rng.randint(1, 9)}/{y})"
                                     for _ in range(6)]
    return "\n".join(lines) + "\n"


def generate(n: int, folder: Path, seed: int = 20211214) -> list[Path]:
    """Write N articles to `folder` (skipped when it already holds them); returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / f"article-{i:06d}.txt" for i in range(n)]
    if all(f.exists() for f in files[-1:]) and len(list(folder.glob("*.txt"))) == n:
        return files
    rng = random.Random(seed)
    kb = load()
    provinces = sorted(p.name for p in kb.provinces.values() if p.status in ("old", "both"))
    ministries = sorted(o.name for o in kb.organizations.values() if o.kind == "ministry")
    people = _people(rng, max(300, n // 20), provinces, ministries)
    for i, f in enumerate(files):
        f.write_text(article(rng, people, provinces, ministries, i), encoding="utf-8")
    return files


if __name__ == "__main__":
    print(len(generate(int(sys.argv[1]), Path(sys.argv[2]))), "articles")
