"""Finding people's names in real-news shapes, each on a sentence written for the test."""
import pytest

from kg.document import Kind
from kg.pipeline import run
from kg.pipeline.names import is_fragment, vietnamese_shaped


def officials(text: str) -> set[str]:
    return {m.key for m in run("t.txt", text).of_kind(Kind.OFFICIAL)}


@pytest.mark.parametrize("text, name", [
    # an ethnic-minority family name after a provincial title
    ("Phó Chủ tịch UBND tỉnh Lò Văn Pấng kiểm tra công trình.", "Lò Văn Pấng"),
    # a rarer Kinh family name after "ông", with a lower-case title after a dash
    ("Dự hội nghị có ông Tất Minh Khôi - thành ủy viên, phó trưởng ban.", "Tất Minh Khôi"),
    # "Đồng" is a family name, not only the first syllable of "đồng chí"
    ("Ông Đồng Văn Lực, phó chủ tịch UBND tỉnh, phát biểu.", "Đồng Văn Lực"),
    # a Buddhist monk: "Thích" is the family name, "hòa thượng" a religious title
    ("Hòa thượng Thích Minh Hạnh - trưởng ban trị sự, đọc diễn văn.", "Thích Minh Hạnh"),
    # a priest
    ("Linh mục Phan Đức Lâm - chủ tịch ủy ban đoàn kết, phát biểu.", "Phan Đức Lâm"),
])
def test_family_names_outside_the_commonest(text, name):
    assert name in officials(text)


@pytest.mark.parametrize("text, name", [
    # "Country - ông Name" in a list of ambassadors
    ("Các đại sứ gồm: Pháp - ông Lucien Barrault; Na Uy - bà Ingrid Solberg.", "Lucien Barrault"),
    ("Các đại sứ gồm: Pháp - ông Lucien Barrault; Na Uy - bà Ingrid Solberg.", "Ingrid Solberg"),
    # an Indian name of three words after "ông"
    ("Ấn Độ - ông Rakesh Kumar Mehta trình quốc thư.", "Rakesh Kumar Mehta"),
    # initials inside a name, the line wrapped after them
    ("Đại sứ Kuwait là ông Fahad K.A.\nAlmutairi, ông đến trình quốc thư.", "Fahad K.A. Almutairi"),
    # a Korean name with a hyphen, after a title and a country
    ("Chủ tịch Triều Tiên Kim Yong-chol đến Hà Nội.", "Kim Yong-chol"),
    # a Korean name after a long title that no table knows, then the country
    ("Thủ tướng gửi điện tới Chủ tịch Ủy ban thường vụ Hội nghị nhân dân tối cao Triều Tiên "
     "Ri Man Gon nhân dịp này.", "Ri Man Gon"),
])
def test_foreign_names(text, name):
    assert name in officials(text)


@pytest.mark.parametrize("text, expected", [
    # a spaced hyphen inside a foreign given name is one name, written closed
    ("Ngoại trưởng Pháp Marc - Olivier Dufresne hoài nghi.", {"Marc-Olivier Dufresne"}),
    # a Korean given name, its second half in lower case
    ("Chủ tịch Quốc hội Hàn Quốc Park Ji - hoon phát biểu.", {"Park Ji-hoon"}),
    # a long foreign word before a dash and a short lower-case word: a title follows, not a Korean name
    ("Bà Ingrid Solberg - cao ủy châu Âu, phát biểu.", {"Ingrid Solberg"}),
    # a lower-case word with marks after a dash is the clause, not a name; a family name alone is no official
    ("Ông Dufresne - người từng làm đại sứ, cho biết.", set()),
    ("Ông Paul Dufresne - người từng làm đại sứ, cho biết.", {"Paul Dufresne"}),
    # a spaced hyphen between a Vietnamese name and a title still ends the name
    ("Ông Lê Văn An - Bí thư Tỉnh ủy phát biểu.", {"Lê Văn An"}),
    # a foreign name of two words goes on over short syllables that look Vietnamese (issue 13)
    ("Thủ tướng Thái Lan Somsak Chan - o - wong dự hội nghị.", {"Somsak Chan-o-wong"}),
    ("Tổng thống Hàn Quốc Yoon Tae - Ho phát biểu.", {"Yoon Tae-Ho"}),
    ("Cựu Tổng thư ký Liên hợp quốc Lee Ki - moon phát biểu.", {"Lee Ki-moon"}),
    # ... but not over a photo credit, a Vietnamese word, or a lower-case word after a three-word name
    ("Tổng thống Pháp Louis Martin - Ảnh: TTXVN.", {"Louis Martin"}),
    ("Ông Kim Yo Jung - em gái ông Kim, phát biểu.", {"Kim Yo Jung"}),
])
def test_spaced_hyphens(text, expected):
    assert officials(text) == expected


def test_a_foreign_surname_takes_the_full_name_of_the_article():
    doc = run("t.txt", "Tổng thống Pháp Jean Moreau đến Hà Nội. Tổng thống Moreau nói chuyến thăm rất quan trọng.")
    assert {m.key for m in doc.of_kind(Kind.OFFICIAL)} == {"Jean Moreau"}
    assert [m.surface for m in doc.of_kind(Kind.OFFICIAL)] == ["Jean Moreau", "Moreau"]


def test_a_given_name_after_a_form_of_address_takes_the_full_name():
    doc = run("t.txt", "Bộ trưởng Công Thương Trần Quang Vĩnh dự họp. Ông Quang Vĩnh cho biết thêm.")
    assert [m.key for m in doc.of_kind(Kind.OFFICIAL)] == ["Trần Quang Vĩnh", "Trần Quang Vĩnh"]


@pytest.mark.parametrize("text, name", [
    # after a title of a body no table knows, with more lower-case words than a title's own
    ("Phó chủ tịch Hội đồng bầu cử quốc gia Lò Thị Mai đề nghị Tiểu ban nhân sự thận trọng.", "Lò Thị Mai"),
    # introduced by what the person stands for, not by a title
    ("Đại diện thế hệ trẻ, Hà Thị Thu Trang - học sinh trường chuyên - cho biết em rất xúc động.",
     "Hà Thị Thu Trang"),
])
def test_a_name_with_thi_after_its_family_name_is_a_persons(text, name):
    """ "Thị" stands second only in a woman's name: with nothing that makes the run a place, a person."""
    assert name in officials(text)


def test_a_street_named_after_a_woman_stays_a_street():
    assert officials("Đoàn đi bộ trên phố Nguyễn Thị Minh Khai đến chợ.") == set()


@pytest.mark.parametrize("text, name, not_a_place", [
    # a given name that is a province: the person wins, and the province is not mentioned
    ("Phó Thủ tướng Lê Hòa Bình chủ trì hội nghị.", "Lê Hòa Bình", "Hòa Bình"),
    # a country inside a name ("Mỹ")
    ("Tham dự có bà Phan Thị Mỹ Lan (Phó Bí thư Tỉnh ủy).", "Phan Thị Mỹ Lan", "Hoa Kỳ"),
])
def test_a_name_that_holds_a_place(text, name, not_a_place):
    doc = run("t.txt", text)
    assert name in {m.key for m in doc.of_kind(Kind.OFFICIAL)}
    assert not_a_place not in {m.key for m in doc.mentions if m.kind in (Kind.PROVINCE, Kind.COUNTRY)}


@pytest.mark.parametrize("text", [
    # a district that looks like a name: after "huyện", then after a district title
    "Ông Trần Văn Bình sinh ở huyện Hoàng Lâm. Ông từng là Bí thư Huyện ủy Hoàng Lâm.",
    # a district followed by its province, then after a district title
    "Ông Trần Văn Bình quê xã Tân Lập (Hoàng Lâm, Bắc Giang), từng là Chủ tịch HĐND huyện Hoàng Lâm.",
    # a district named in a career before a title, and written as its province's district
    "Ông Trần Văn Bình quê xã Tân Lập (Hoàng Lâm, Bắc Giang), từng là Phó giám đốc Trung tâm giống cây trồng "
    "Hoàng Lâm, Chủ tịch UBND huyện Hoàng Lâm.",
])
def test_a_place_that_looks_like_a_name_is_not_a_person(text):
    assert officials(text) == {"Trần Văn Bình"}


def test_a_district_title_before_a_name_still_gives_a_person():
    assert officials("Bí thư Huyện ủy Nguyễn Tấn Lộc phát biểu.") == {"Nguyễn Tấn Lộc"}


@pytest.mark.parametrize("text, name", [
    # a family name that is also the head of a body ("Đoàn đại biểu")
    ("Ông Đoàn Văn Khải được bầu làm Phó Bí thư Tỉnh ủy.", "Đoàn Văn Khải"),
])
def test_a_family_name_that_heads_a_body(text, name):
    assert name in officials(text)


def test_a_body_read_from_its_shape_does_not_cut_a_name():
    # "Trường" heads a school's name: the shape reads "Trường Sơn trả" as one
    doc = run("t.txt", "Phó Trưởng Ban Tuyên giáo Trung ương Lê Trường Sơn trả lời báo chí.")
    assert {m.key for m in doc.of_kind(Kind.OFFICIAL)} == {"Lê Trường Sơn"}
    assert not any(m.key.startswith("Trường") for m in doc.of_kind(Kind.ORGANIZATION))


def test_a_body_is_not_a_person():
    assert officials("Đoàn đại biểu Quốc hội tỉnh làm việc với Đoàn Thanh niên.") == set()


@pytest.mark.parametrize("text, expected", [
    # "Nội" (of "Nội các") after a foreign title is not a name; the name after the country is
    ("Thủ tướng gửi điện tới Thủ tướng Nội các Triều Tiên Pak Yong Nam.", {"Pak Yong Nam"}),
    # "Quốc Vương" read across "Trung Quốc Vương" must not cut "Vương Lâm" down to "Lâm"
    ("Ngoại trưởng Trung Quốc Vương Lâm hội đàm với đoàn.", {"Vương Lâm"}),
    # a name is not cut after "Thị" by a country word inside it
    ("Phó bí thư tỉnh ủy Đồng Nai Phan Thị Mỹ Lan nói.", {"Phan Thị Mỹ Lan"}),
])
def test_no_fragment_is_an_official(text, expected):
    assert officials(text) == expected


@pytest.mark.parametrize("text, names", [
    # a plural title, no colon, names separated by commas
    ("Hội nghị do các Phó Thủ tướng Lê Hòa Bình, Trần Minh Hải, Phạm Thu Hà chủ trì.",
     {"Lê Hòa Bình", "Trần Minh Hải", "Phạm Thu Hà"}),
    # a plural form of address
    ("Các ông Lê Văn An, Phạm Minh Tú được bầu làm Phó Bí thư Tỉnh ủy.", {"Lê Văn An", "Phạm Minh Tú"}),
])
def test_names_in_lists(text, names):
    assert names <= officials(text)


@pytest.mark.parametrize("text, name", [
    # a title the tables know only by its head, the body abbreviated
    ("Thứ trưởng Bộ GD & ĐT Nguyễn Thị Ngân phát biểu.", "Nguyễn Thị Ngân"),
    # a minister named with the field only
    ("Bộ trưởng Tư pháp Lê Thành Nam cho biết.", "Lê Thành Nam"),
    # a head, then a body in lower case
    ("Chủ tịch Hội đồng dân tộc Hà Ngọc Sơn góp ý.", "Hà Ngọc Sơn"),
    # a lower-case title after a dash, no form of address
    ("Nguyễn Hữu Tâm - phó giám đốc Sở Tài chính, cho biết.", "Nguyễn Hữu Tâm"),
    # "Anh" (the Youth Union's form of address) is no evidence, the title after is
    ("Anh Bùi Quang Vinh, Bí thư thứ nhất Trung ương Đoàn, phát biểu.", "Bùi Quang Vinh"),
    # the city of the title written as "TP" before the name
    ("Phó bí thư thường trực Thành ủy TP Trần Văn Lộc dự họp.", "Trần Văn Lộc"),
])
def test_a_name_after_or_before_a_title_no_table_knows_whole(text, name):
    assert name in officials(text)


def test_a_capitalised_run_after_a_title_and_lower_case_words_is_not_a_person():
    assert officials("Ông Trần Văn Bình, Trưởng ban Quản lý Khu kinh tế mở Hoàng Lâm, cho biết.") == {"Trần Văn Bình"}


@pytest.mark.parametrize("text, alias, name", [
    # a revolutionary alias first, the name in parentheses after a title
    ("Ông Sáu Hùng (nguyên Thủ tướng Võ Văn Khải) từng nói. Ông Sáu Hùng là người Nam Bộ.", "Sáu Hùng",
     "Võ Văn Khải"),
    # the name first, a titled alias in parentheses ("tức")
    ("Đồng chí Lê Văn Tám (tức ông Sáu Tám), Bí thư Xứ ủy, phát biểu.", "Sáu Tám", "Lê Văn Tám"),
])
def test_an_alias_is_not_a_second_official(text, alias, name):
    doc = run("t.txt", text)
    assert {m.key for m in doc.of_kind(Kind.OFFICIAL)} == {name}
    assert alias in {m.surface for m in doc.of_kind(Kind.OFFICIAL)}


@pytest.mark.parametrize("name, fragment", [
    ("Nghị", True),  # one Vietnamese syllable
    ("Minh", True),  # one Vietnamese syllable without tone marks
    ("H", True),  # a letter
    ("Phan Thị", True),  # cut after the middle name of women
    ("Trump", False),  # a foreign surname alone
    ("Lê Văn An", False),
    ("Dương Ngọc Văn", False),  # "Văn" ends some names
])
def test_fragments(name, fragment):
    assert is_fragment(name) is fragment


@pytest.mark.parametrize("word, shaped", [
    ("Nội", True),  # tone marks and hooks
    ("Thanh", True),  # no marks, but onset, vowel and coda of Vietnamese
    ("Nguyen", True),  # a Vietnamese name written without marks
    ("Putin", False),  # two syllables
    ("Abe", False),  # two vowels apart
    ("Hee", False),  # "ee" is no Vietnamese vowel
])
def test_vietnamese_shaped(word, shaped):
    assert vietnamese_shaped(word) is shaped


@pytest.mark.parametrize("text, expected", [
    # a typo in the middle name, written once: one person, under the spelling written more often
    ("Ông Lê Quảng Hùng, Chủ tịch UBND huyện, vắng mặt. Chủ tịch UBND huyện Lê Quãng Hùng bị kỷ luật. "
     "Ông Lê Quảng Hùng xin lỗi.", {"Lê Quảng Hùng"}),
    # two names a given name apart are two people
    ("Ông Lê Văn Hải, Bí thư Tỉnh ủy, và ông Lê Văn Hà, Phó Bí thư Tỉnh ủy, dự họp.", {"Lê Văn Hải", "Lê Văn Hà"}),
])
def test_misspelt_middle_names(text, expected):
    assert officials(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a foreign name after a Vietnamese title of a body no country word follows
    ("Tổng thư ký LHQ Rafael Ortega nhấn mạnh.", {"Rafael Ortega"}),
    # after a Vietnamese title, a run of Vietnamese syllables is a place, not a person
    ("Bí thư Thành ủy Móng Cái phát biểu.", set()),
    # a title inside a foreign run ends the name
    ("Bà Ingrid Solberg Cao ủy về thương mại phát biểu.", {"Ingrid Solberg"}),
    # English forms of address are no part of the name
    ("Phó tổng thống Ấn Độ H.E. Mr. R. Anand Kumar sẽ phát biểu.", {"R. Anand Kumar"}),
    # a rare Kinh family name after a department's title
    ("Giám đốc Sở Giáo dục và Đào tạo Chử Văn Lâm cho biết.", {"Chử Văn Lâm"}),
])
def test_names_after_titles(text, expected):
    assert officials(text) == expected


def test_a_name_inside_a_known_body_is_the_body_s():
    from kg.document import Kind
    from kg.pipeline import run
    doc = run("t.txt", "Tin\n\nÔng Lê Văn Hòa, Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh, viếng Lăng Chủ tịch "
                       "Hồ Chí Minh.")
    # the academy's namesake is not a person written there, "Lăng Chủ" (a run into a title) is no name
    assert [(m.key, m.start) for m in doc.of_kind(Kind.OFFICIAL)] == [
        ("Lê Văn Hòa", 4), ("Hồ Chí Minh", doc.text.rindex("Hồ Chí Minh"))]


@pytest.mark.parametrize("text, person, country", [
    ("Cuộc gặp giữa Tổng thống Hàn Moon Jae - in và lãnh đạo Triều Tiên.", "Moon Jae-in", "Hàn Quốc"),
    ("Tổng thống Hàn Park Geun-hye phát biểu.", "Park Geun-hye", "Hàn Quốc"),
    ("Ông Hàn Văn Minh, Bí thư Tỉnh ủy, phát biểu.", "Hàn Văn Minh", None),  # the family name
])
def test_a_short_country_name_that_is_also_a_family_name(text, person, country):
    doc = run("t.txt", text)
    assert [m.key for m in doc.of_kind(Kind.OFFICIAL)] == [person]
    assert {h.country for h in doc.holdings if h.official == person} <= {country}
    assert ("Hàn Quốc" in {m.key for m in doc.of_kind(Kind.COUNTRY)}) == (country is not None)


def test_a_chinese_name_read_in_vietnamese_after_a_title_is_no_country():
    doc = run("t.txt", "Phó Thủ tướng Hàn Chính tiếp đoàn.")
    assert not doc.of_kind(Kind.COUNTRY)
