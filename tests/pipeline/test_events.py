"""Several events in one article, which sentence speaks of which, and who took part how.

Every article here is written for the test, in the shapes real news uses.
"""
import datetime as dt

import pytest

from kg.document import Kind
from kg.pipeline import run
from kg.pipeline.dates import context_year


def _kinds(doc):
    return {(p.official, p.conference): sorted(k.value for k in p.kinds) for p in doc.participations}


TWO_EVENTS = """Tỉnh Lâm Hà có chủ tịch mới

Sáng 12/3/2024, tại Hà Tĩnh, ông Trần Quang Vinh, Trưởng Ban Tổ chức Trung ương, đã trao quyết định của Bộ Chính trị về công tác cán bộ.
Phát biểu tại hội nghị, ông Lê Văn Khải, Bí thư Tỉnh ủy Hà Tĩnh, cảm ơn sự tin tưởng của Trung ương.
Chiều cùng ngày, HĐND tỉnh Hà Tĩnh tiến hành kỳ họp thứ 12 để bầu Chủ tịch UBND tỉnh.
Chủ tọa kỳ họp, ông Võ Minh Quân, Chủ tịch HĐND tỉnh, nêu rõ yêu cầu của nhiệm vụ mới.
"""


def test_two_events_on_one_day_are_two_conferences_with_their_own_organisers():
    doc = run("t.txt", TWO_EVENTS)
    names = {c.name: c for c in doc.conferences}
    # the first is met only as "tại hội nghị"; a plain name takes its body
    assert set(names) == {"Hội nghị", "Kỳ họp thứ 12 HĐND tỉnh Hà Tĩnh"}
    assert names["Kỳ họp thứ 12 HĐND tỉnh Hà Tĩnh"].organizers == ["HĐND tỉnh Hà Tĩnh"]
    assert {c.date for c in doc.conferences} == {dt.date(2024, 3, 12)}  # "Chiều cùng ngày": the same day
    assert len({c.key for c in doc.conferences}) == 2


def test_each_sentence_speaks_of_its_own_event():
    doc = run("t.txt", TWO_EVENTS)
    key = {c.name: c.key for c in doc.conferences}
    got = _kinds(doc)
    assert got[("Lê Văn Khải", key["Hội nghị"])] == ["attendee", "speaker"]
    session = key["Kỳ họp thứ 12 HĐND tỉnh Hà Tĩnh"]
    assert got[("Võ Minh Quân", session)] == ["attendee", "chair", "speaker"]
    assert ("Võ Minh Quân", key["Hội nghị"]) not in got
    assert ("Lê Văn Khải", session) not in got


def test_a_bare_mention_refers_back_and_an_earlier_event_is_only_mentioned():
    doc = run("t.txt", """Hội nghị sơ kết của tỉnh

Sáng 4/6/2024, UBND tỉnh Nam Định tổ chức hội nghị sơ kết công tác 6 tháng đầu năm.
Tại Đại hội XIII, ông Đỗ Văn Tám đã phát biểu về cải cách hành chính.
Hội nghị đã nghe ông Phạm Đức Lân, Giám đốc Sở Tài chính, trình bày báo cáo.
""")
    [c] = doc.conferences  # "Đại hội XIII" is an earlier event, named only
    assert c.organizers == ["UBND tỉnh Nam Định"]
    assert _kinds(doc) == {("Phạm Đức Lân", c.key): ["attendee", "presenter"]}


NINE_PROVINCES = """Nhiều tỉnh bầu bí thư

Ngày 30/9/2015, Ban Chấp hành Đảng bộ tỉnh Bắc Ninh tổ chức hội nghị lần thứ nhất bầu Ban Thường vụ.
Tại hội nghị lần thứ nhất diễn ra chiều 28/9/2015, Ban Chấp hành Đảng bộ tỉnh Hà Giang đã bầu Ban Thường vụ Tỉnh ủy.
Tại phiên họp thứ nhất, Ban Chấp hành Đảng bộ tỉnh Thái Bình đã bầu 15 người vào Ban Thường vụ Tỉnh ủy.
"""


def test_one_event_name_in_two_places_is_two_events():
    doc = run("t.txt", NINE_PROVINCES)
    assert [(c.date, c.name) for c in doc.conferences] == [
        (dt.date(2015, 9, 30), "Hội nghị lần thứ nhất Ban Chấp hành Đảng bộ tỉnh Bắc Ninh"),
        (dt.date(2015, 9, 28), "Hội nghị lần thứ nhất"),
        (None, "Phiên họp thứ nhất Ban Chấp hành Đảng bộ tỉnh Thái Bình"),  # a plain name takes its body
    ]


def test_a_background_event_does_not_take_the_story():
    doc = run("t.txt", """Quốc hội khai mạc kỳ họp

Sáng 21/10/2024, Quốc hội khai mạc kỳ họp thứ 8 tại Hà Nội.
Trước đó, theo thông cáo (ngày 3/10), trong khuôn khổ Hội nghị Trung ương 10, Trung ương đã thống nhất nhân sự.
Thủ tướng Chính phủ Phạm Văn Lâm trình bày báo cáo tình hình kinh tế - xã hội.
""")
    session = next(c for c in doc.conferences if c.name.startswith("Kỳ họp"))
    assert _kinds(doc) == {("Phạm Văn Lâm", session.key): ["attendee", "presenter"]}


@pytest.mark.parametrize("sentence, expected", [
    # a word of speech at the conference is speaking there
    ("Bí thư Tỉnh ủy Hoàng Văn Sơn nhấn mạnh vai trò của cơ sở.", ["attendee", "speaker"]),
    # the same word said to the press is an interview, not the conference
    ("Trao đổi với phóng viên, Bí thư Tỉnh ủy Hoàng Văn Sơn cho biết tỉnh sẽ sớm hoàn thành.", None),
    # the speech named before the speaker
    ("Trong bài phát biểu bế mạc, Bí thư Tỉnh ủy Hoàng Văn Sơn đề nghị các cấp ủy hành động.", ["attendee", "speaker"]),
    # a fronted verb of presenting, then a word of speech: one act, a presentation
    ("Trình bày báo cáo chính trị, Bí thư Tỉnh ủy Hoàng Văn Sơn thông tin về kết quả 5 năm.", ["attendee", "presenter"]),
    # "Theo X, ...": what follows is X's word at the conference
    ("Theo Bí thư Tỉnh ủy Hoàng Văn Sơn, năm qua tỉnh tăng trưởng khá.", ["attendee", "speaker"]),
    # "Báo cáo của X cho thấy": X presented the report
    ("Báo cáo của Bí thư Tỉnh ủy Hoàng Văn Sơn cho thấy tỉnh tăng trưởng khá.", ["attendee", "presenter"]),
    # a talk on a topic is a presentation
    ("Bí thư Tỉnh ủy Hoàng Văn Sơn chia sẻ chuyên đề về chuyển đổi số.", ["attendee", "presenter"]),
    # a word of time before the fronted verb
    ("Trước đó, phát biểu tại hội nghị, Bí thư Tỉnh ủy Hoàng Văn Sơn cho biết tỉnh tăng trưởng khá.",
     ["attendee", "speaker"]),
    # a verb of speech to come
    ("Bí thư Tỉnh ủy Hoàng Văn Sơn sẽ phát biểu bế mạc vào ngày mai.", None),
    # the programme of the coming days is not a report of taking part
    ("Theo chương trình, chiều mai Bí thư Tỉnh ủy Hoàng Văn Sơn sẽ trình bày báo cáo.", None),
])
def test_words_of_speech(sentence, expected):
    doc = run("t.txt", "Tỉnh tổng kết năm\n\nSáng 5/1/2024, Tỉnh ủy Thanh Hóa tổ chức hội nghị tổng kết năm 2023.\n"
                       + sentence)
    got = {p.official: sorted(k.value for k in p.kinds) for p in doc.participations}
    assert got.get("Hoàng Văn Sơn") == expected


def test_the_one_who_congratulates_and_then_speaks_is_the_speaker():
    doc = run("t.txt", "Tỉnh có chủ tịch mới\n\nSáng 5/1/2024, Tỉnh ủy Thanh Hóa tổ chức hội nghị công bố quyết định.\n"
                       "Bà Lò Thị Mai, Bí thư Tỉnh ủy, đã chúc mừng ông Đinh Công Tuấn, đồng thời cho rằng ông Tuấn "
                       "là cán bộ trẻ.")
    got = {p.official: sorted(k.value for k in p.kinds) for p in doc.participations}
    assert got["Lò Thị Mai"] == ["attendee", "speaker"]
    assert "speaker" not in got.get("Đinh Công Tuấn", [])


def test_organisers_after_do_anywhere_the_conference_is_spoken_of():
    doc = run("t.txt", "Hội nghị dân vận\n\nSáng 9/1/2024, tại Hà Nội, Thủ tướng Phạm Văn Lâm dự hội nghị tổng kết "
                       "công tác dân vận.\nHội nghị do Ban Dân vận Trung ương và Bộ Nội vụ phối hợp tổ chức.")
    [c] = doc.conferences
    assert c.organizers == ["Ban Dân vận Trung ương", "Bộ Nội vụ"]


def test_a_name_stops_before_another_event_named_in_it():
    doc = run("t.txt", "Họp báo\n\nSáng 28/9/2024, tại Hà Nội, Văn phòng Trung ương Đảng tổ chức họp báo thông tin về "
                       "Hội nghị lần thứ 10 Ban Chấp hành Trung ương Đảng khóa XIII.")
    [c] = doc.conferences
    assert c.name == "Họp báo thông tin"
    assert c.organizers == ["Văn phòng Trung ương Đảng"]


def test_an_official_of_one_province_joins_a_nationwide_online_conference_from_it():
    doc = run("t.txt", "Chính phủ họp với địa phương\n\nSáng 2/7/2024, Chính phủ tổ chức hội nghị trực tuyến toàn quốc "
                       "đánh giá tình hình 6 tháng đầu năm.\nChủ tịch UBND tỉnh Nghệ An Nguyễn Đức Trung trình bày "
                       "kiến nghị của tỉnh.")
    [p] = doc.participations
    assert p.connection_point[1] == "Nghệ An"


@pytest.mark.parametrize("text, year", [
    # an anniversary counts from its year
    ("Lễ kỷ niệm 50 năm cuộc Tổng tiến công Xuân Mậu Thân 1968 diễn ra sáng 31/1.", 2018),
    # ... unless the text says the year it falls in (2018 then counts as a year, not 2033)
    ("các hoạt động kỷ niệm 15 năm quan hệ đối tác trong năm 2018.", 2018),
    # a count is not a year; a month's year is
    ("hơn 2000 trường tham gia từ tháng 8-2018.", 2018),
    # the first year of a term counts, a target does not
    ("Đại hội nhiệm kỳ 2019-2024 đề ra mục tiêu đến năm 2030.", 2019),
    # a full date beats a bare year; a birth date is not the article's
    ("Ông sinh ngày 5/3/1961. Năm 2015 ông được bầu. Ngày 20/9/2016 Bộ Chính trị phân công ông.", 2016),
])
def test_context_year(text, year):
    assert context_year(text) == year


@pytest.mark.parametrize("lead, name, organizers", [
    # a province holding it with a body: the body organises, the province is a place
    ("Sáng 2/9/2024, Ban Chấp hành Trung ương Đảng cùng TP HCM tổ chức lễ kỷ niệm Quốc khánh.",
     "Lễ kỷ niệm Quốc khánh", ["Ban Chấp hành Trung ương Đảng"]),
    # a body named in the event's name did not hold it
    ("Sáng 2/10/2024, Hội nghị lần thứ 10 Ban Chấp hành Trung ương Đảng khóa XIII khai mạc tại Hà Nội.",
     "Hội nghị lần thứ 10 Ban Chấp hành Trung ương Đảng khóa XIII", []),
    # "của" right behind the event's noun names its holder; "TP." does not end a name
    ("Sáng 2/7/2024, hội nghị trực tuyến của UBND TP. Hải Phòng đánh giá tình hình kinh tế diễn ra.",
     "Hội nghị trực tuyến của UBND TP. Hải Phòng đánh giá tình hình kinh tế", ["UBND thành phố Hải Phòng"]),
    # the holder after the name's lower-case tail: "... trong 6 tháng đầu năm 2024 của <body>"
    ("Sáng 10/7/2024, tại Tam Kỳ, diễn ra hội nghị giao ban công tác nội chính trong 6 tháng đầu năm 2024 "
     "của Tỉnh ủy Quảng Nam.", "Hội nghị giao ban công tác nội chính", ["Tỉnh ủy Quảng Nam"]),
    # the body that meets others in the event's name holds it
    ("Sáng 5/3/2024, hội nghị trực tuyến UBND tỉnh Nghệ An với các huyện đã diễn ra.",
     "Hội nghị trực tuyến UBND tỉnh Nghệ An với các huyện", ["UBND tỉnh Nghệ An"]),
    # a lower-case body before the verb
    ("Sáng 9/1/2024, tỉnh ủy Thanh Hóa đã tiến hành họp Ban Chấp hành Đảng bộ tỉnh để lấy phiếu tín nhiệm.",
     "Họp Ban Chấp hành Đảng bộ tỉnh", ["Tỉnh ủy Thanh Hóa"]),
])
def test_organisers_and_names(lead, name, organizers):
    doc = run("t.txt", "Tin hoạt động trong ngày\n\n" + lead)
    [c] = doc.conferences
    assert (c.name, c.organizers) == (name, organizers)


def test_what_an_event_decided_says_it_took_place():
    doc = run("t.txt", "Đại hội Mặt trận\n\nSáng 28/6/2024, Đại hội MTTQ Việt Nam tỉnh Nghệ An lần thứ XI bế mạc.\n"
                       "Trước đó, hội nghị Ủy ban MTTQ tỉnh lần thứ nhất khóa XI đã thống nhất cử bà Võ Thị Lan "
                       "làm Chủ tịch.")
    assert [c.name for c in doc.conferences] == ["Đại hội MTTQ Việt Nam tỉnh Nghệ An lần thứ XI",
                                                 "Hội nghị Ủy ban MTTQ tỉnh lần thứ nhất khóa XI"]


@pytest.mark.parametrize("text, names", [
    # a place named after events is not one
    ("Sáng 8/3/2024, tại Trung tâm hội nghị quốc gia, Bộ Y tế tổ chức hội thảo về dược liệu.",
     ["Hội thảo về dược liệu"]),
    # "Sau lễ ..." dates what follows; a reception is no conference
    ("Sau lễ trình quốc thư, Chủ tịch nước Lương Văn Cường đã tiếp các đại sứ.", []),
    # an event still to come
    ("Đại hội Đảng bộ tỉnh Lâm Đồng dự kiến sẽ diễn ra vào tháng 10.", []),
    # a sitting of the event just named is that event
    ("Đại hội Đoàn toàn quốc lần thứ XII sáng 15/12/2022 đã họp phiên thứ nhất tại Hà Nội.",
     ["Đại hội Đoàn toàn quốc lần thứ XII"]),
])
def test_what_is_not_an_event_of_its_own(text, names):
    doc = run("t.txt", "Tin trong ngày\n\n" + text)
    assert [c.name for c in doc.conferences] == names


def test_a_verb_with_another_subject_after_a_comma():
    doc = run("t.txt", "Tin trong ngày\n\nSáng 5/1/2024, Thành ủy Đà Nẵng tổ chức hội nghị.\n"
                       "Về trường hợp ông Lê Văn Hải có trong danh sách, đại diện Ủy ban Kiểm tra cho biết sẽ xem xét.")
    assert doc.participations == []


def test_an_event_spoken_of_in_another_event_leaves_the_story_with_it():
    doc = run("t.txt", """Họp báo trước hội nghị

Sáng 3/10/2024, Hội nghị lần thứ 10 Ban Chấp hành Trung ương Đảng khóa XIII khai mạc tại Hà Nội.
Trước đó, sáng 1/10/2024, Văn phòng Trung ương Đảng tổ chức họp báo thông tin về Hội nghị lần thứ 10.
Trong chương trình nghị sự của Hội nghị lần thứ 10, Trung ương sẽ xem xét nhân sự, ông Đỗ Văn Chiến cho biết.
Trả lời câu hỏi này, đồng chủ trì họp báo, ông Lê Hoài Trung, Chánh Văn phòng Trung ương Đảng cho biết thêm.
""")
    press = next(c.key for c in doc.conferences if c.name.startswith("Họp báo"))
    assert _kinds(doc) == {("Đỗ Văn Chiến", press): ["attendee", "speaker"],
                           ("Lê Hoài Trung", press): ["attendee", "chair", "speaker"]}


def test_a_district_body_as_connection_point_and_its_officials():
    doc = run("t.txt", "Tin\n\nSáng 21/6/2024, UBND tỉnh Nghệ An tổ chức hội nghị trực tuyến.\n"
                       "Điểm cầu UBND huyện Tân Kỳ do ông Phan Văn Tư - chủ tịch UBND huyện Tân Kỳ - chủ trì.\n"
                       "Sau đó ông Tư giao lại cho ông Hồ Văn Lợi - phó chủ tịch UBND huyện Tân Kỳ - tiếp tục chủ trì.")
    got = {p.official: p.connection_point for p in doc.participations}
    assert got == {"Phan Văn Tư": (Kind.ORGANIZATION, "UBND huyện Tân Kỳ"),
                   "Hồ Văn Lợi": (Kind.ORGANIZATION, "UBND huyện Tân Kỳ")}  # an official of the point's body


def test_a_related_article_s_teaser_names_people_but_reports_no_event_here():
    doc = run("t.txt", "Tin\n\nSáng 18/1/2024, Trung ương Đoàn khai mạc hội nghị học tập nghị quyết.\n"
                       "Khai mạc hội nghị Ban Chấp hành Trung ương Đoàn lần thứ ba TTO - Sáng 4-1, hội nghị khai mạc "
                       "với sự chủ trì của anh Bùi Quang Minh, Bí thư thứ nhất Trung ương Đoàn.")
    assert [c.name for c in doc.conferences] == ["Hội nghị học tập nghị quyết"]
    assert "Bùi Quang Minh" in {m.key for m in doc.of_kind(Kind.OFFICIAL)}  # read, with his title
    assert doc.participations == []  # he chaired another meeting, told in another article


@pytest.mark.parametrize("day, date", [
    # a December meeting that sets next year's tasks is held the year before
    ("Sáng 20/12", dt.date(2019, 12, 20)),
    # in January the tasks are this year's
    ("Sáng 8/1", dt.date(2020, 1, 8)),
])
def test_the_year_of_a_plan_dates_a_meeting_held_for_it(day, date):
    doc = run("t.txt", f"Triển khai nhiệm vụ\n\n{day}, tại Hà Nội, Bộ Nội vụ tổ chức hội nghị triển khai "
                       "nhiệm vụ năm 2020.")
    [c] = doc.conferences
    assert c.date == date


def test_everyone_listed_after_su_tham_du_cua_attends():
    doc = run("t.txt", "Hội nghị tổng kết\n\nSáng 9/1/2024, tại Hà Nội, Bộ Nội vụ tổ chức hội nghị tổng kết công tác "
                       "năm 2023.\nHội nghị có sự tham dự của Bộ trưởng Bộ Nội vụ Phạm Thị Thanh Trà, Phó Thủ tướng "
                       "Trần Lưu Quang và đại diện các bộ, ngành.")
    assert sorted(p.official for p in doc.participations) == ["Phạm Thị Thanh Trà", "Trần Lưu Quang"]


def test_a_name_after_the_list_that_opens_its_own_clause_is_not_listed():
    doc = run("t.txt", "Hội nghị tổng kết\n\nSáng 9/1/2024, Bộ Nội vụ tổ chức hội nghị tổng kết với sự điều hành "
                       "của Bộ trưởng Phạm Thị Thanh Trà, Thứ trưởng Vũ Chiến Thắng phát biểu khai mạc.")
    got = {p.official: sorted(k.value for k in p.kinds) for p in doc.participations}
    assert "chair" not in got.get("Vũ Chiến Thắng", [])


def test_a_plural_title_does_not_break_a_list_of_chairs():
    doc = run("t.txt", "Hội nghị trực tuyến\n\nSáng 2/7/2024, Chính phủ tổ chức hội nghị trực tuyến toàn quốc.\n"
                       "Hội nghị do Thủ tướng Phạm Minh Chính và các Phó Thủ tướng Trần Hồng Hà, Lê Thành Long "
                       "chủ trì.")
    chairs = sorted(p.official for p in doc.participations if any(k.value == "chair" for k in p.kinds))
    assert chairs == ["Lê Thành Long", "Phạm Minh Chính", "Trần Hồng Hà"]


def test_a_person_named_by_title_alone_is_the_one_holding_it():
    doc = run("t.txt", "Hội nghị trực tuyến\n\nSáng 2/7/2024, Chính phủ tổ chức hội nghị trực tuyến với các địa "
                       "phương, Thủ tướng Phạm Minh Chính dự.\nPhát biểu tại hội nghị, Phó Thủ tướng Lê Thành Long "
                       "báo cáo tình hình.\nThủ tướng nhấn mạnh yêu cầu cải cách thủ tục hành chính.")
    got = {p.official: sorted(k.value for k in p.kinds) for p in doc.participations}
    assert "speaker" in got["Phạm Minh Chính"]


def test_a_title_two_people_hold_or_no_verb_follows_names_nobody():
    doc = run("t.txt", "Hội nghị trực tuyến\n\nSáng 2/7/2024, Chính phủ tổ chức hội nghị trực tuyến với các địa "
                       "phương.\nPhó Thủ tướng Lê Thành Long và Phó Thủ tướng Trần Hồng Hà dự hội nghị.\n"
                       "Phó Thủ tướng nhấn mạnh yêu cầu cải cách.\nHội nghị bàn nhân sự ứng cử Chủ tịch nước, "
                       "Thủ tướng.")
    got = {p.official: sorted(k.value for k in p.kinds) for p in doc.participations}
    assert got == {"Lê Thành Long": ["attendee"], "Trần Hồng Hà": ["attendee"]}


def test_the_people_a_side_sends_attend():
    doc = run("t.txt", "Hội nghị dân vận\n\nSáng 9/1/2024, tại Hà Nội, Ban Dân vận Trung ương tổ chức hội nghị tổng "
                       "kết công tác dân vận.\nVề phía Trung ương có Phó Thủ tướng Lê Thành Long, Trưởng Ban Dân vận "
                       "Trung ương Bùi Thị Minh Hoài; về phía tỉnh Nghệ An có đồng chí Nguyễn Đức Trung.")
    got = {p.official: sorted(k.value for k in p.kinds) for p in doc.participations}
    assert got == {"Lê Thành Long": ["attendee"], "Bùi Thị Minh Hoài": ["attendee"], "Nguyễn Đức Trung": ["attendee"]}


@pytest.mark.parametrize("sentence, kinds", [
    # "phát biểu chỉ đạo của X": X spoke
    ("Hội nghị đã nghe phát biểu chỉ đạo của Thường trực Ban Bí thư Lương Cường.",
     {"Lương Cường": ["attendee", "speaker"]}),
    # one verb after a semicolon list applies to the whole list
    ("Bộ trưởng Bộ Nội vụ Phạm Thị Thanh Trà; Bí thư Tỉnh ủy Nghệ An Thái Thanh Quý, Phó Trưởng Ban Dân vận "
     "Trung ương Phạm Tất Thắng đồng chủ trì hội nghị.",
     {"Phạm Thị Thanh Trà": ["attendee", "chair"], "Thái Thanh Quý": ["attendee", "chair"],
      "Phạm Tất Thắng": ["attendee", "chair"]}),
    # ... but a clause of its own before the semicolon is not in the list
    ("Phó Thủ tướng Lê Thành Long phát biểu khai mạc; Bộ trưởng Phạm Thị Thanh Trà chủ trì hội nghị.",
     {"Lê Thành Long": ["attendee", "speaker"], "Phạm Thị Thanh Trà": ["attendee", "chair"]}),
    # "A, <title> và đồng chí B, <title>"
    ("Đồng chí Lê Thành Long, Phó Thủ tướng và đồng chí Phạm Thị Thanh Trà, Bộ trưởng Bộ Nội vụ chủ trì hội nghị.",
     {"Lê Thành Long": ["attendee", "chair"], "Phạm Thị Thanh Trà": ["attendee", "chair"]}),
    # what they will do, behind a quotation mark, is not done
    ('Ông Lê Thành Long và bà Phạm Thị Thanh Trà sẽ "thảo luận về cải cách".', {}),
])
def test_lists_of_people_before_and_after_a_verb(sentence, kinds):
    doc = run("t.txt", "Hội nghị dân vận\n\nSáng 9/1/2024, tại Hà Nội, Ban Dân vận Trung ương tổ chức hội nghị tổng "
                       "kết công tác dân vận.\n" + sentence)
    assert {p.official: sorted(k.value for k in p.kinds) for p in doc.participations} == kinds


def test_two_provinces_same_day_bare_conferences_are_two_events():
    """Issue 13: "Hội nghị quán triệt Nghị quyết ..." has the core name "hội nghị"; two provinces'
    of one day are two events, and two outlets' reports of one province's meet in one node."""
    a = run("a.txt", "Tin\n\nSáng 5/3/2020, Ban Thường vụ Tỉnh ủy Lạng Sơn tổ chức hội nghị quán triệt "
                     "Nghị quyết số 52-NQ/TW.")
    b = run("b.txt", "Tin\n\nSáng 5/3/2020, Ban Thường vụ Tỉnh ủy Cao Bằng tổ chức hội nghị quán triệt "
                     "Nghị quyết số 52-NQ/TW.")
    again = run("c.txt", "Tin\n\nNgày 5/3/2020, Ban Thường vụ Tỉnh ủy Lạng Sơn đã tổ chức Hội nghị quán triệt, "
                         "triển khai Nghị quyết số 52-NQ/TW của Bộ Chính trị.")
    [ka], [kb], [kc] = ([c.key for c in d.conferences] for d in (a, b, again))
    assert ka != kb and ka == kc == "2020-03-05-hoi-nghi-lang-son"
    # a name of its own, or a national holder, keeps the key: reports of one event meet
    national = run("d.txt", "Tin\n\nSáng 5/3/2020, Bộ Chính trị tổ chức hội nghị quán triệt Nghị quyết số 52-NQ/TW.")
    named = run("e.txt", "Tin\n\nSáng 5/3/2020, Tỉnh ủy Lạng Sơn tổ chức hội nghị tổng kết công tác đối ngoại.")
    assert [c.key for c in national.conferences] == ["2020-03-05-hoi-nghi"]
    assert [c.key for c in named.conferences] == ["2020-03-05-hoi-nghi-tong-ket-cong-tac-doi-ngoai"]


def test_a_name_that_says_only_the_province_takes_which_one():
    """ "hội nghị Ban Chấp hành Đảng bộ tỉnh", "... của tỉnh" say "the province", not which: two
    provinces' of one day are two events; "các tỉnh" (the provinces) is one national event."""
    a = run("a.txt", "Tin\n\nNgày 3/2/2022, Bí thư Tỉnh ủy Quảng Ninh Nguyễn Xuân Ký chủ trì hội nghị Ban Chấp hành "
                     "Đảng bộ tỉnh.")
    b = run("b.txt", "Tin\n\nNgày 3/2/2022, Bí thư Tỉnh ủy Hà Giang Đặng Quốc Khánh chủ trì hội nghị Ban Chấp hành "
                     "Đảng bộ tỉnh.")
    held = run("c.txt", "Tin\n\nNgày 3/2/2022, Tỉnh ủy Cao Bằng tổ chức hội nghị tổng kết công tác của tỉnh.")
    national = run("d.txt", "Tin\n\nNgày 3/2/2022, Bộ Giao thông vận tải tổ chức hội nghị kết nối giao thông các tỉnh.")
    assert [c.key for c in a.conferences] == ["2022-02-03-hoi-nghi-ban-chap-hanh-dang-bo-tinh-quang-ninh"]
    assert [c.key for c in b.conferences] == ["2022-02-03-hoi-nghi-ban-chap-hanh-dang-bo-tinh-ha-giang"]
    assert [c.key for c in held.conferences] == ["2022-02-03-hoi-nghi-tong-ket-cong-tac-cua-tinh-cao-bang"]
    assert [c.key for c in national.conferences] == ["2022-02-03-hoi-nghi-ket-noi-giao-thong-cac-tinh"]
