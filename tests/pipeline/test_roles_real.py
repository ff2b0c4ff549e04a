"""Role titles and their scopes as real news writes them; each on a sentence written for the test."""
import pytest
from rdflib.namespace import RDFS, SKOS

from kg.pipeline import run
from kg.rdf.emit import article_triples


def holdings(text: str) -> set[tuple]:
    doc = run("t.txt", text)
    return {(h.official, h.role, h.province, h.organization, h.country) for h in doc.holdings}


def titles_of(text: str, name: str) -> set[str]:
    return {h[1] for h in holdings(text) if h[0] == name}


@pytest.mark.parametrize("text, name, title, organization", [
    # a minister written without "Bộ"
    ("Bộ trưởng Tư pháp Hà Văn Tùng trả lời chất vấn.", "Hà Văn Tùng", "Bộ trưởng Bộ Tư pháp", "Bộ Tư pháp"),
    # a ministry's abbreviation with spaces around "&"
    ("Ông Lâm Quốc Bảo - Thứ trưởng Bộ GD & ĐT - phát biểu.", "Lâm Quốc Bảo", "Thứ trưởng Bộ Giáo dục và Đào tạo",
     "Bộ Giáo dục và Đào tạo"),
    # an abbreviation the organisation table does not list
    ("Bộ trưởng Bộ KH & ĐT Vương Minh Tú dự họp.", "Vương Minh Tú", "Bộ trưởng Bộ Kế hoạch và Đầu tư",
     "Bộ Kế hoạch và Đầu tư"),
    # the abbreviation without "Bộ"
    ("Thứ trưởng NN & PTNT Lục Văn Bình kiểm tra đê.", "Lục Văn Bình",
     "Thứ trưởng Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Nông nghiệp và Phát triển nông thôn"),
    # the fields of the ministry's name joined by a dash or a space instead of "và" or a comma
    ("Bộ trưởng Bộ Thông tin Truyền thông Quách Văn Lực trả lời.", "Quách Văn Lực",
     "Bộ trưởng Bộ Thông tin và Truyền thông", "Bộ Thông tin và Truyền thông"),
    ("Thứ trưởng Bộ Tài nguyên - Môi trường Lưu Thị Vân đi kiểm tra.", "Lưu Thị Vân",
     "Thứ trưởng Bộ Tài nguyên và Môi trường", "Bộ Tài nguyên và Môi trường"),
    ("Bộ trưởng Văn hoá Thể thao và Du lịch Kiều Minh Đạt dự lễ.", "Kiều Minh Đạt",
     "Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch", "Bộ Văn hóa, Thể thao và Du lịch"),
])
def test_minister_titles_in_their_short_forms(text, name, title, organization):
    assert (name, title, None, organization, None) in holdings(text)


@pytest.mark.parametrize("text, name, title", [
    # a committee of the National Assembly, with and without "của Quốc hội"
    ("Chủ nhiệm Ủy ban Kinh tế của Quốc hội Đàm Văn Khoa trình bày báo cáo.", "Đàm Văn Khoa",
     "Chủ nhiệm Ủy ban Kinh tế"),
    # written with a dash inside its name
    ("Phó Chủ nhiệm Ủy ban Tài chính - Ngân sách Kiều Thị Loan phát biểu.", "Kiều Thị Loan",
     "Phó Chủ nhiệm Ủy ban Tài chính, Ngân sách"),
    ("Chủ tịch Hội đồng Dân tộc Sầm Văn Hưng góp ý.", "Sầm Văn Hưng", "Chủ tịch Hội đồng Dân tộc"),
    # the Central Committee of the Youth Union, abbreviated
    ("Anh Lạc Văn Khôi, Bí thư thứ nhất TƯ Đoàn, phát biểu.", "Lạc Văn Khôi", "Bí thư thứ nhất Trung ương Đoàn"),
    ("Quyền Chủ tịch nước Mạc Thị Huệ ký lệnh.", "Mạc Thị Huệ", "Quyền Chủ tịch nước"),
    ("Ông Tạ Quang Vinh - thành viên Thường trực Ban Bí thư - dự họp.", "Tạ Quang Vinh", "Thường trực Ban Bí thư"),
    ("Chủ nhiệm Văn phòng Chủ tịch nước Vi Văn Thành đón đoàn.", "Vi Văn Thành",
     "Chủ nhiệm Văn phòng Chủ tịch nước"),
    ("Ông Khổng Văn Tài, Phó Chủ tịch chuyên trách Ủy ban ATGT quốc gia, cho biết.", "Khổng Văn Tài",
     "Phó Chủ tịch chuyên trách Ủy ban An toàn giao thông quốc gia"),
])
def test_national_titles_the_tables_did_not_know(text, name, title):
    assert title in titles_of(text, name)


@pytest.mark.parametrize("text, name, title, province", [
    # the province written without "tỉnh" / "thành phố", the body without its unit
    ("Bí thư Hải Phòng Âu Văn Long tiếp đoàn.", "Âu Văn Long", "Bí thư Thành ủy", "Hải Phòng"),
    ("Ông Ninh Văn Sáu (Chủ tịch UBND Cần Thơ) đón đoàn.", "Ninh Văn Sáu", "Chủ tịch UBND thành phố", "Cần Thơ"),
    # a province written with the abbreviation of its unit
    ("Bà Lò Thị Xuân - chủ tịch Ủy ban MTTQ Việt Nam TP. HCM - phát biểu.", "Lò Thị Xuân",
     "Chủ tịch Ủy ban MTTQ Việt Nam thành phố", "Hồ Chí Minh"),
    # a term inside the title, before the province
    ("Ông Hứa Văn Tâm, Trưởng Đoàn ĐBQH khóa XV tỉnh Sóc Trăng, phát biểu.", "Hứa Văn Tâm", "Trưởng Đoàn ĐBQH tỉnh",
     "Sóc Trăng"),
    # lower-case provincial offices behind a dash
    ("Ông Mẫn Văn Sơn - chánh văn phòng UBND tỉnh Bắc Kạn, cho biết.", "Mẫn Văn Sơn", "Chánh Văn phòng UBND tỉnh",
     "Bắc Kạn"),
    ("Ông Lã Văn Lộc, Chánh Thanh tra tỉnh Kon Tum, ký kết luận.", "Lã Văn Lộc", "Chánh Thanh tra tỉnh", "Kon Tum"),
])
def test_provincial_titles(text, name, title, province):
    assert any(h[:3] == (name, title, province) for h in holdings(text))


def test_bare_secretary_needs_a_province_right_after():
    # "Bí thư" alone is no title; "Bí thư" and a province is the party committee's
    assert titles_of("Ông Trịnh Văn Hòa làm bí thư chi bộ.", "Trịnh Văn Hòa") == set()


def test_a_province_written_with_the_last_title_is_the_whole_list():
    # the article's other province (named more often) does not take the first titles
    text = ("Tỉnh Gia Lai tổ chức hội nghị. Lãnh đạo tỉnh Gia Lai dự. Ông Hồ Đình Nam, Phó Bí thư Tỉnh ủy, "
            "Chủ tịch UBND tỉnh Quảng Trị, được điều động.")
    found = holdings(text)
    assert ("Hồ Đình Nam", "Phó Bí thư Tỉnh ủy", "Quảng Trị", "Tỉnh ủy Quảng Trị", None) in found
    assert ("Hồ Đình Nam", "Chủ tịch UBND tỉnh", "Quảng Trị", "UBND tỉnh Quảng Trị", None) in found


def test_a_province_named_in_the_sentence_before_comes_ahead_of_the_home_province():
    text = ("Lãnh đạo nhiều tỉnh tái cử. Tỉnh Bình Định, tỉnh Bình Định và tỉnh Bình Định đều họp. "
            "Đại hội Đảng bộ tỉnh Lai Châu đã kết thúc. Ông Giàng Văn Páo được bầu làm Bí thư Tỉnh ủy.")
    assert ("Giàng Văn Páo", "Bí thư Tỉnh ủy", "Lai Châu", "Tỉnh ủy Lai Châu", None) in holdings(text)


@pytest.mark.parametrize("text, name, title", [
    # a verb gives the title, after the name's own list
    ("Ông Đàm Quang Huy, Phó Chủ tịch UBND tỉnh, được bầu làm Bí thư Tỉnh ủy Tây Ninh.", "Đàm Quang Huy",
     "Bí thư Tỉnh ủy"),
    # the verb after the object of "bầu"
    ("Hội nghị bầu ông Quách Văn Lợi làm Chủ tịch HĐND tỉnh Bạc Liêu.", "Quách Văn Lợi", "Chủ tịch HĐND tỉnh"),
    # "tái cử chức", with words between the name and the verb
    ("Ông Lưu Văn Định được tín nhiệm tái cử chức Bí thư Tỉnh ủy Vĩnh Long.", "Lưu Văn Định", "Bí thư Tỉnh ủy"),
    # a list of names takes the title together (the second name is known from elsewhere)
    ("Ông Trần Văn Tùng dự họp. Các ông Phùng Văn Lâm, Trần Văn Tùng được bầu giữ chức Phó Bí thư Tỉnh ủy Bến Tre.",
     "Phùng Văn Lâm",
     "Phó Bí thư Tỉnh ủy"),
    # a caption's note between the name and the verb
    ("Ông Doãn Văn Khải (trái) nhận quyết định về làm Phó Bí thư Tỉnh ủy Hà Nam.", "Doãn Văn Khải",
     "Phó Bí thư Tỉnh ủy"),
    # "chức danh", "cương vị", "vị trí" after the verbs that take up an office
    ("Ông Lò Văn Sáng chính thức đảm nhận chức danh Chủ tịch UBND tỉnh Lai Châu.", "Lò Văn Sáng",
     "Chủ tịch UBND tỉnh"),
    ("Bà Vi Thị Hạnh sẽ đảm nhiệm cương vị Phó Chủ tịch HĐND tỉnh Lạng Sơn.", "Vi Thị Hạnh",
     "Phó Chủ tịch HĐND tỉnh"),
    ("Ông Mạc Đăng Khoa giữ vị trí Bí thư Tỉnh ủy Cà Mau từ tháng trước.", "Mạc Đăng Khoa", "Bí thư Tỉnh ủy"),
    ("Ông Ksor Y Phun nhận chức Giám đốc Sở Nội vụ tỉnh Gia Lai.", "Ksor Y Phun", "Giám đốc Sở Nội vụ"),
    # a word of time or addition before "là": the title is held now
    ("Ông Quan Văn Đức vẫn là Trưởng đoàn ĐBQH tỉnh Bắc Kạn.", "Quan Văn Đức", "Trưởng Đoàn ĐBQH tỉnh"),
    ("Bà Hà Thị Nga hiện đang là Phó Chủ tịch UBND tỉnh Tuyên Quang.", "Hà Thị Nga", "Phó Chủ tịch UBND tỉnh"),
    ("Ông Đinh Văn Thạch đồng thời là Chủ tịch HĐND tỉnh Kon Tum.", "Đinh Văn Thạch", "Chủ tịch HĐND tỉnh"),
])
def test_titles_given_by_a_verb(text, name, title):
    assert title in titles_of(text, name)


@pytest.mark.parametrize("text, name", [
    # a former office is not held
    ("Ông Triệu Văn Bình, nguyên Bí thư Tỉnh ủy Cao Bằng, dự lễ.", "Triệu Văn Bình"),
    # "thôi giữ chức": no longer held
    ("Ông Hầu Văn Kiên thôi giữ chức Chủ tịch UBND tỉnh Hòa Bình.", "Hầu Văn Kiên"),
    # "từng làm": a career step
    ("Ông La Văn Thắm từng làm Bí thư Tỉnh ủy Điện Biên.", "La Văn Thắm"),
])
def test_titles_no_longer_held(text, name):
    assert titles_of(text, name) == set()


def test_former_title_inside_a_list_does_not_end_it():
    found = titles_of("Ông Tôn Thất Hòa - Phó Bí thư Tỉnh ủy Phú Yên, nguyên Thứ trưởng Bộ Y tế, được bầu làm "
                      "Chủ tịch UBND tỉnh.", "Tôn Thất Hòa")
    assert found == {"Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"}


@pytest.mark.parametrize("text, name, title, country", [
    # a foreign country after a title makes it that country's office, even for a name of Vietnamese shape
    ("Thủ tướng Singapore Lý Minh Đạo chủ trì phiên họp.", "Lý Minh Đạo", "Thủ tướng", "Singapore"),
    ("Chủ tịch Triều Tiên Kim Yong Chol gửi điện.", "Kim Yong Chol", "Chủ tịch", "Triều Tiên"),
    ("Điện mừng gửi Thủ tướng Nội các Triều Tiên Pak Chol Su.", "Pak Chol Su", "Thủ tướng Nội các", "Triều Tiên"),
    # a Vietnamese body's title with a country after it
    ("Chủ tịch Quốc hội Lào Bounmy Saysana đón đoàn.", "Bounmy Saysana", "Chủ tịch Quốc hội", "Lào"),
])
def test_foreign_offices_take_the_country_written_after_them(text, name, title, country):
    assert (name, title, None, None, country) in holdings(text)


def test_a_province_named_after_a_country_is_not_that_country():
    # "Lào Cai" starts with "Lào": the title stays the province's
    assert ("Sùng Văn Páo", "Chủ tịch UBND tỉnh", "Lào Cai", "UBND tỉnh Lào Cai", None) in holdings(
        "Chủ tịch UBND tỉnh Lào Cai Sùng Văn Páo phát biểu.")


def test_a_vietnamese_minister_of_foreign_affairs_is_not_a_foreign_office():
    found = holdings("Bộ trưởng Ngoại giao Mai Văn Đức gửi điện mừng tới Bộ trưởng Ngoại giao Triều Tiên Ri Son Gwon.")
    assert ("Mai Văn Đức", "Bộ trưởng Bộ Ngoại giao", None, "Bộ Ngoại giao", None) in found
    assert ("Ri Son Gwon", "Ngoại trưởng", None, None, "Triều Tiên") in found


@pytest.mark.parametrize("text, name, title, organization", [
    # "Việt Nam" after a national title, as foreign-affairs news writes it, is the title's own country
    ("Thủ tướng Việt Nam Đoàn Minh Khải hội kiến Tổng thống Pháp.", "Đoàn Minh Khải", "Thủ tướng Chính phủ",
     "Chính phủ"),
    ("Bộ trưởng Quốc phòng Việt Nam Hứa Văn Tiến tiếp đoàn.", "Hứa Văn Tiến", "Bộ trưởng Bộ Quốc phòng",
     "Bộ Quốc phòng"),
    ("Hội nghị có Phó Thủ tướng, Bộ trưởng Ngoại giao Việt Nam Lạc Minh Hòa và ngoại trưởng các nước.",
     "Lạc Minh Hòa", "Bộ trưởng Bộ Ngoại giao", "Bộ Ngoại giao"),
])
def test_a_national_title_followed_by_viet_nam(text, name, title, organization):
    assert (name, title, None, organization, None) in holdings(text)


def test_titles_written_with_viet_nam_are_ours_beside_a_foreign_leader():
    # the foreign leader before keeps his office alone; the list ending in "Việt Nam" is the next name's,
    # and a Korean title read after that name does not make its other titles Korea's
    found = holdings("Dự phiên thảo luận có Thủ tướng Sri Lanka Ranil Perera, Phó Thủ tướng, Bộ trưởng Ngoại giao "
                     "Việt Nam Lạc Minh Hòa, Bộ trưởng Ngoại giao Hàn Quốc, bà Kim Soo-jin.")
    assert {h for h in found if h[0] == "Ranil Perera"} == {("Ranil Perera", "Thủ tướng", None, None, "Sri Lanka")}
    assert {("Lạc Minh Hòa", "Phó Thủ tướng Chính phủ", None, "Chính phủ", None),
            ("Lạc Minh Hòa", "Bộ trưởng Bộ Ngoại giao", None, "Bộ Ngoại giao", None)} <= found


@pytest.mark.parametrize("text, name, title, district", [
    # "Chủ tịch huyện X" is the chairman of the district's People's Committee
    ("Ông Bế Văn Sơn, Chủ tịch huyện Bảo Lâm, cho biết.", "Bế Văn Sơn", "Chủ tịch UBND huyện", "Bảo Lâm"),
    ("Bí thư Quận ủy Cái Răng Trần Văn Dũng dự lễ.", "Trần Văn Dũng", "Bí thư Quận ủy", "Cái Răng"),
])
def test_district_titles(text, name, title, district):
    assert any(h[0] == name and h[1] == title and district in (h[3] or "") for h in holdings(text))


def test_a_district_title_without_its_name_takes_the_district_named_before():
    text = "Kỳ họp HĐND huyện Mèo Vạc đã kết thúc. Ông Thào Văn Mua (Phó Bí thư Huyện ủy) được giới thiệu."
    assert ("Thào Văn Mua", "Phó Bí thư Huyện ủy") in {h[:2] for h in holdings(text)}
    assert any(h[0] == "Thào Văn Mua" and h[3] == "Huyện ủy Mèo Vạc" for h in holdings(text))


@pytest.mark.parametrize("text, names", [
    # a number before the plural title, "là" and forms of address in the list
    ("Hội nghị cử 3 phó chủ tịch Hội Nông dân tỉnh Yên Bái là bà Hà Thị Nga, ông Lò Văn Tú và ông Hoàng Văn Hùng.",
     {"Hà Thị Nga", "Lò Văn Tú", "Hoàng Văn Hùng"}),
    # no opener at all after "các"
    ("Dự họp có các Phó Thủ tướng Trần Thị Mai, Lê Văn Tiến.", {"Trần Thị Mai", "Lê Văn Tiến"}),
])
def test_names_listed_after_a_plural_title(text, names):
    doc = run("t.txt", text)
    assert names <= {h.official for h in doc.holdings}


def test_title_then_dash_and_form_of_address():
    assert "Chủ nhiệm Ủy ban Đối ngoại" in titles_of(
        "Chủ nhiệm Ủy ban Đối ngoại của Quốc hội - ông Nông Văn Hải cho biết.", "Nông Văn Hải")


def test_deputy_of_a_delegation_after_a_comma():
    assert ("Lý Thị Hoa", "Đại biểu Quốc hội", "Hà Giang") in {h[:3] for h in holdings(
        "Phát biểu có đại biểu Lý Thị Hoa, đoàn Đại biểu Quốc hội tỉnh Hà Giang.")}


def test_a_name_followed_by_its_title_with_only_a_space():
    assert ("Phí Văn Lực", "Bí thư Tỉnh ủy", "Thái Nguyên") in {h[:3] for h in holdings(
        "Nhiều người tái cử như ông Phí Văn Lực Bí thư Tỉnh ủy Thái Nguyên.")}


def test_a_title_with_its_term_keeps_the_term_free_label():
    text = "Ông Lê Hữu Phúc, Bí thư Tỉnh ủy khóa XV, Chủ tịch HĐND tỉnh Hưng Yên, phát biểu."
    assert {"Bí thư Tỉnh ủy", "Chủ tịch HĐND tỉnh"} <= titles_of(text, "Lê Hữu Phúc")
    triples = article_triples(run("t.txt", text))
    alt = {str(o) for _, p, o in triples if p in (SKOS.altLabel, SKOS.prefLabel, RDFS.label)}
    assert {"Bí thư Tỉnh ủy khóa XV", "Bí thư Tỉnh ủy"} <= alt


def test_envoys_listed_each_after_a_country():
    # an unknown country ("Narnia") is stepped over; initials are part of a name ("J.R. Diaz")
    found = holdings("Đó là các đại sứ của Thái Lan - ông Somchai Wong; Narnia - ông Aslan Lion; Úc - bà Jane Rose "
                     "Miller; Colombia - ông J.R. Diaz; Ấn Độ - ông Ravi Kumar.")
    assert {(h[0], h[4]) for h in found if h[1] == "Đại sứ"} == {
        ("Somchai Wong", "Thái Lan"), ("Jane Rose Miller", "Australia"), ("J.R. Diaz", "Colombia"),
        ("Ravi Kumar", "Ấn Độ")}


def test_a_bare_minister_title_then_a_foreign_country():
    assert ("Kim Sung Ho", "Bộ trưởng", None, None, "Hàn Quốc") in holdings(
        "Bộ trưởng Hàn Quốc Kim Sung Ho thăm Việt Nam.")


@pytest.mark.parametrize("text, name", [
    # a commune's council is not the province's
    ("Tỉnh Hà Nam kỷ luật ông Nguyễn Văn Chính - Phó Chủ tịch HĐND xã.", "Nguyễn Văn Chính"),
    # an urban district of a city, abbreviated
    ("Ông Lê Văn Hiếu, chủ tịch UBND Q. 3, cho biết.", "Lê Văn Hiếu"),
])
def test_a_body_below_the_province_is_not_the_province(text, name):
    assert not titles_of(text, name) & {"Phó Chủ tịch HĐND tỉnh", "Chủ tịch UBND tỉnh", "Chủ tịch UBND thành phố"}


def test_a_deputy_of_a_city_delegation():
    assert ("Lê Thị Thu", "Đại biểu Quốc hội", "Hồ Chí Minh", "Đoàn ĐBQH thành phố Hồ Chí Minh", None) in holdings(
        "Ý kiến của đại biểu Lê Thị Thu (Đoàn ĐBQH TP. Hồ Chí Minh) được ghi nhận.")


def test_titles_left_together_are_all_former():
    found = titles_of("Bộ Chính trị phân công ông Hà Minh Tâm thôi giữ chức Bí thư Ban cán sự đảng và Bộ trưởng "
                      "Bộ Y tế để giữ chức Phó Trưởng Ban Tuyên giáo Trung ương.", "Hà Minh Tâm")
    assert "Bộ trưởng Bộ Y tế" not in found


@pytest.mark.parametrize("text, name, title, body", [
    # lower case, the board after a comma
    ("Ông Vương Văn Sơn, phó vụ trưởng vụ Đào tạo bồi dưỡng cán bộ, ban Tổ chức Trung ương cho biết.",
     "Vương Văn Sơn", "Phó Vụ trưởng Vụ Đào tạo bồi dưỡng cán bộ", "Ban Tổ chức Trung ương"),
    # the ministry right after the department, then the name
    ("Vụ trưởng Vụ Tổ chức cán bộ Bộ Y tế Lã Văn Lâm công bố quyết định.", "Lã Văn Lâm",
     "Vụ trưởng Vụ Tổ chức cán bộ", "Bộ Y tế"),
    # no parent written: the department itself
    ("Cục trưởng Cục Quản lý đấu thầu Trịnh Văn Tường nói.", "Trịnh Văn Tường", "Cục trưởng Cục Quản lý đấu thầu",
     "Cục Quản lý đấu thầu"),
])
def test_department_heads(text, name, title, body):
    assert (name, title, None, body, None) in holdings(text)


def test_an_unknown_title_never_holds_another_person():
    # "Tất" is no known family name: the next title is still not the first person's
    found = holdings("Dự có bà Lê Thị Thư - trưởng Ban Tuyên giáo Thành ủy, ông Tất Minh Cang - Thành ủy viên.")
    assert ("Lê Thị Thư", "Thành ủy viên") not in {h[:2] for h in found}


@pytest.mark.parametrize("text, name, title", [
    # "tân" (new) before a title in the list after a name
    ("Ông Lý Văn Khang - tân Bí thư Thành ủy Đà Nẵng, phát biểu.", "Lý Văn Khang", "Bí thư Thành ủy"),
    # "Phó ban" is short for "Phó Trưởng Ban"
    ("Bà Mạc Thị Hạnh - Phó ban Tổ chức Thành ủy, cho biết.", "Mạc Thị Hạnh", "Phó Trưởng Ban Tổ chức Thành ủy"),
    # the standing deputy head of a central board
    ("Ông Đỗ Văn Chiến, Phó Trưởng Ban Thường trực Ban Tổ chức Trung ương, cho biết.", "Đỗ Văn Chiến",
     "Phó Trưởng Ban Thường trực Ban Tổ chức Trung ương"),
    # abbreviations of the Fatherland Front committee and the labour federation
    ("Ông Chu Văn Hòa - Phó Chủ tịch UBMTTQ Việt Nam TP Đà Nẵng, phát biểu.", "Chu Văn Hòa",
     "Phó Chủ tịch Ủy ban MTTQ Việt Nam thành phố"),
    ("Ông Nông Văn Quý - chủ tịch LĐLĐ tỉnh Quảng Ninh, cho biết.", "Nông Văn Quý",
     "Chủ tịch Liên đoàn Lao động tỉnh"),
    # "Bí thư quận X" is the secretary of the district's party committee
    ("Ông Hà Văn Tuấn - Bí thư quận Ba Đình, cho hay.", "Hà Văn Tuấn", "Bí thư Quận ủy"),
])
def test_more_title_shapes_of_real_news(text, name, title):
    assert title in titles_of(text, name)


def test_a_former_secretary_written_cuu():
    assert titles_of("Ông Kiều Văn Hải - cựu Bí thư Thành ủy Đà Nẵng, dự lễ.", "Kiều Văn Hải") == set()


@pytest.mark.parametrize("text, name, title, organization", [
    # a city inside a province, after the unit word
    ("Ông Trần Văn Hòa, Bí thư Thành ủy TP Biên Hòa, phát biểu.", "Trần Văn Hòa", "Bí thư Thành ủy",
     "Thành ủy Biên Hòa"),
    # the unit word ends the title itself
    ("Chủ tịch UBND TP Biên Hòa Nguyễn Văn Lợi cho biết.", "Nguyễn Văn Lợi", "Chủ tịch UBND thành phố",
     "UBND thành phố Biên Hòa"),
    # a centrally-run city stays the province
    ("Bí thư Thành ủy TP HCM Nguyễn Văn Nhân nói.", "Nguyễn Văn Nhân", "Bí thư Thành ủy", "Thành ủy Hồ Chí Minh"),
])
def test_city_titles(text, name, title, organization):
    assert any(h[:2] == (name, title) and h[3] == organization for h in holdings(text))


@pytest.mark.parametrize("text, found", [
    # an article on one party committee: a bare "Phó bí thư" before a name is that committee's
    ("Hội nghị Thành ủy Đà Nẵng khai mạc. Báo cáo của Phó bí thư Võ Văn Trí cho thấy nhiều khó khăn.", True),
    # a district committee is named too: the bare title could be either
    ("Hội nghị Thành ủy Đà Nẵng và Huyện ủy Hòa Vang. Phó bí thư Võ Văn Trí nói.", False),
])
def test_a_bare_deputy_secretary_in_an_article_on_one_committee(text, found):
    assert (("Võ Văn Trí", "Phó Bí thư Thành ủy", "Đà Nẵng") in {h[:3] for h in holdings(text)}) is found


def test_a_bare_minister_title_takes_no_other_titles_body():
    assert ("Phạm Văn Minh", "Bộ trưởng", None, None, None) in holdings(
        "Phó Thủ tướng, Bộ trưởng Phạm Văn Minh tiếp đoàn.")


def test_a_title_of_provinces_and_cities_takes_a_city_from_context():
    # "Đại biểu Quốc hội" fits a province and a city: the article's city is its scope
    text = "Cử tri TP. HCM gặp đại biểu. Đại biểu Quốc hội Lê Văn Phước trả lời cử tri TP. HCM."
    assert ("Lê Văn Phước", "Đại biểu Quốc hội", "Hồ Chí Minh") in {h[:3] for h in holdings(text)}


@pytest.mark.parametrize("text, titles", [
    # an abbreviation the tables know, inside the list
    ("Ông Lò Văn Sơn, UVBCH Trung ương Đảng, Bí thư Tỉnh ủy Lai Châu, phát biểu.",
     {"Ủy viên Trung ương Đảng", "Bí thư Tỉnh ủy"}),
    # an abbreviation left after a known title does not end the list
    ("Ông Lò Văn Sơn, Ủy viên BTV TU, Chủ tịch UBND tỉnh Lai Châu, phát biểu.",
     {"Ủy viên Ban Thường vụ Tỉnh ủy", "Chủ tịch UBND tỉnh"}),
    # the standing deputy head of a provincial board
    ("Bà Lò Thị Mai - Phó Trưởng ban Thường trực Ban Tổ chức Tỉnh ủy Lai Châu, phát biểu.",
     {"Phó Trưởng Ban Thường trực Ban Tổ chức Tỉnh ủy"}),
])
def test_abbreviations_in_a_list_of_titles(text, titles):
    name = "Lò Thị Mai" if "Lò Thị Mai" in text else "Lò Văn Sơn"
    assert titles <= titles_of(text, name)


@pytest.mark.parametrize("text, name", [
    # proposed, not held
    ("Tỉnh ủy giới thiệu ông Lương Văn Hòa làm Bí thư Tỉnh ủy Hậu Giang.", "Lương Văn Hòa"),
    ("Ông Lương Văn Hòa được giới thiệu để HĐND tỉnh bầu giữ chức Chủ tịch UBND tỉnh Hậu Giang.", "Lương Văn Hòa"),
])
def test_a_proposed_title_is_not_held(text, name):
    assert titles_of(text, name) == set()


def test_a_title_before_an_unread_name_is_not_the_previous_persons():
    # "Hòa Bình" in the second name is a province: the name may go unread, its title stays its own
    found = titles_of("Dự họp có Phó Chủ tịch Quốc hội Tòng Văn Lan, Phó Thủ tướng Thường trực Trương Hòa Bình.",
                      "Tòng Văn Lan")
    assert "Phó Thủ tướng Thường trực Chính phủ" not in found
