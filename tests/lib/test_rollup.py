"""Consolidation rules: each rule by hand, presentation, Vietnamese input, constraints, and algebraic properties."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuyengiao.lib.periods import Period
from tuyengiao.lib.rollup import (
    MAX_FIGURE,
    Comparison,
    Constraint,
    Ratio,
    Rule,
    RuleError,
    ValueType,
    average,
    check_all,
    collect_text,
    consolidate,
    count_yes,
    latest_per_unit,
    present,
    total,
    validate,
    weighted_average,
)

D = Decimal
INTEGER, DECIMAL, PERCENT, BOOLEAN, TEXT = (
    ValueType.INTEGER,
    ValueType.DECIMAL,
    ValueType.PERCENT,
    ValueType.BOOLEAN,
    ValueType.TEXT,
)


def districts(yes: int, no: int, silent: int = 0) -> dict[str, bool | None]:
    """Answers of yes + no + silent districts to one yes/no question, in that order."""
    answers: list[bool | None] = [True] * yes + [False] * no + [None] * silent
    return {f"huyen_{i:02d}": answer for i, answer in enumerate(answers, start=1)}


# --- Which rules fit which value types --------------------------------------------------------------------------------


def test_each_value_type_is_offered_only_the_rules_that_make_sense_for_it():
    assert Rule.allowed_for(INTEGER) == (
        Rule.SUM,
        Rule.WEIGHTED_AVERAGE,
        Rule.AVERAGE,
        Rule.MIN,
        Rule.MAX,
        Rule.LATEST,
    )
    assert Rule.allowed_for(DECIMAL) == Rule.allowed_for(INTEGER)
    assert Rule.allowed_for(PERCENT) == (Rule.WEIGHTED_AVERAGE, Rule.AVERAGE, Rule.MIN, Rule.MAX)
    assert Rule.allowed_for(BOOLEAN) == (Rule.COUNT_YES,)
    assert Rule.allowed_for(TEXT) == (Rule.TEXT,)


def test_every_rule_fits_at_least_one_value_type_and_has_a_vietnamese_label():
    for rule in Rule:
        assert any(rule.fits(value_type) for value_type in ValueType)
        assert rule.label
    for value_type in ValueType:
        assert value_type.label


def test_percentages_cannot_be_added_up_and_the_error_lists_the_rules_that_fit():
    assert not Rule.SUM.fits(PERCENT)
    with pytest.raises(RuleError, match="kiểu “Tỷ lệ \\(%\\)” theo quy tắc “Cộng”") as error:
        Rule.SUM.require(PERCENT)
    assert "“Bình quân gia quyền”" in str(error.value)
    assert isinstance(error.value, ValueError)


def test_count_yes_is_only_for_yes_no_questions_and_text_only_for_text():
    Rule.COUNT_YES.require(BOOLEAN)
    Rule.TEXT.require(TEXT)
    with pytest.raises(RuleError, match="Đếm số đơn vị"):
        Rule.COUNT_YES.require(INTEGER)
    with pytest.raises(RuleError, match="Tổng hợp ý kiến"):
        Rule.TEXT.require(BOOLEAN)


def test_stored_identifiers_are_accepted_and_unknown_ones_refused():
    assert Rule.allowed_for("boolean") == (Rule.COUNT_YES,)
    assert consolidate("sum", {"a": 1, "b": 2}) == 3
    with pytest.raises(RuleError, match="Kiểu giá trị không hợp lệ"):
        Rule.allowed_for("float")
    with pytest.raises(RuleError, match="Quy tắc tổng hợp không hợp lệ"):
        consolidate("median", {"a": 1})


def test_only_weighted_average_needs_weights():
    assert [rule for rule in Rule if rule.needs_weights] == [Rule.WEIGHTED_AVERAGE]


# --- SUM, AVERAGE, MIN, MAX, LATEST -------------------------------------------------------------------------------


def test_sum_adds_the_reported_values_and_skips_units_that_did_not_report():
    sessions = {"xa_a": 12, "xa_b": 30, "xa_c": None}
    assert consolidate(Rule.SUM, sessions) == 42
    assert type(consolidate(Rule.SUM, sessions)) is int


def test_sum_is_none_when_nobody_reported_but_zero_when_zeros_were_reported():
    assert consolidate(Rule.SUM, {"xa_a": None, "xa_b": None}) is None
    assert consolidate(Rule.SUM, {}) is None
    assert consolidate(Rule.SUM, {"xa_a": 0, "xa_b": None}) == 0


def test_sum_of_decimals_is_exact_and_keeps_the_exponent():
    assert consolidate(Rule.SUM, {"a": D("0.1"), "b": D("0.2")}) == D("0.3")
    assert str(total({"a": D("1.50"), "b": D("2.25")})) == "3.75"
    assert str(total({"a": D("1.50"), "b": 2})) == "3.50"


def test_average_is_unweighted_over_the_units_that_reported():
    assert consolidate(Rule.AVERAGE, {"a": D(50), "b": D(80), "c": None}) == D(65)
    assert consolidate(Rule.AVERAGE, {"a": 1, "b": 2}) == D("1.5")
    assert consolidate(Rule.AVERAGE, {"a": None}) is None
    assert average({"a": 1, "b": 1, "c": 2}) == D("1.333333333333333333333333333")


def test_min_and_max_are_over_the_reported_values_and_keep_their_type():
    coverage = {"a": D("72.5"), "b": None, "c": D("91.0"), "d": D("64.3")}
    assert consolidate(Rule.MIN, coverage) == D("64.3")
    assert consolidate(Rule.MAX, coverage) == D("91.0")
    assert consolidate(Rule.MAX, {"a": 3, "b": 7}) == 7
    assert consolidate(Rule.MIN, {"a": None}) is None
    assert consolidate(Rule.MAX, {}) is None


def test_latest_sums_each_units_latest_month_not_the_months():
    # Lecturers in the network: a stock. Commune A last reported in August (so its September gap does not zero it).
    months = [Period.parse(code) for code in ("2024M07", "2024M08", "2024M09")]
    series = {
        "xa_a": {months[0]: 10, months[1]: 11, months[2]: None},
        "xa_b": {months[0]: 5, months[1]: 5, months[2]: 6},
        "xa_c": {},
    }
    latest = latest_per_unit(series, Period.parse("2024Q3"))
    assert latest == {"xa_a": 11, "xa_b": 6, "xa_c": None}
    assert consolidate(Rule.LATEST, latest) == 17


# --- WEIGHTED_AVERAGE -----------------------------------------------------------------------------------------------


def test_weighted_average_of_party_member_share_is_weighted_by_attendees():
    # 40 attendees of whom 50% Party members, 60 attendees of whom 80%: (20 + 48) / 100 = 68%.
    share = {"xa_a": D(50), "xa_b": D(80)}
    attendees = {"xa_a": 40, "xa_b": 60}
    result = consolidate(Rule.WEIGHTED_AVERAGE, share, weights=attendees)
    assert result == D(68)
    assert present(result, PERCENT) == "68,0%"
    assert present(consolidate(Rule.AVERAGE, share), PERCENT) == "65,0%"  # unweighted would be wrong


def test_weighted_average_leaves_out_units_without_a_value_or_without_a_weight():
    share = {"a": D(50), "b": D(80), "c": None, "d": D(10)}
    attendees = {"a": 40, "b": 60, "c": 1000, "d": None}  # c has no share, d has no weight
    assert weighted_average(share, attendees) == D(68)
    assert weighted_average({"a": D(50), "e": D(10)}, {"a": 40}) == D(50)  # e is missing from the weights


def test_weighted_average_is_none_when_there_is_no_weight():
    assert consolidate(Rule.WEIGHTED_AVERAGE, {"a": D(50)}, weights={"a": 0}) is None
    assert consolidate(Rule.WEIGHTED_AVERAGE, {"a": None}, weights={"a": 10}) is None
    assert consolidate(Rule.WEIGHTED_AVERAGE, {}, weights={}) is None


def test_weighted_average_needs_weights_and_refuses_negative_ones():
    with pytest.raises(RuleError, match="cần giá trị của chỉ tiêu dùng làm trọng số"):
        consolidate(Rule.WEIGHTED_AVERAGE, {"a": D(50)})
    with pytest.raises(RuleError, match="Trọng số của đơn vị 'a' không được âm"):
        weighted_average({"a": D(50)}, {"a": -1})


def test_a_weighted_average_that_does_not_divide_evenly_is_rounded_only_when_presented():
    result = weighted_average({"a": D(100), "b": D(0)}, {"a": 1, "b": 2})
    assert result == D("33.33333333333333333333333333")
    assert present(result, PERCENT) == "33,3%"


# --- COUNT_YES and Ratio --------------------------------------------------------------------------------------------


def test_count_yes_reproduces_seed_004_nine_of_fifteen_districts():
    ratio = consolidate(Rule.COUNT_YES, districts(yes=9, no=6))
    assert ratio == Ratio(9, 15, 15)
    assert str(ratio) == "9/15"
    assert present(ratio, BOOLEAN) == "9/15"
    assert isinstance(ratio, Ratio) and ratio.percent == D("60.0")


def test_count_yes_reproduces_seed_004_all_184_communes():
    communes = {f"xa_{i:03d}": True for i in range(184)}
    ratio = count_yes(communes)
    assert (ratio.n, ratio.m, ratio.answered) == (184, 184, 184)
    assert str(ratio) == "184/184"
    assert ratio.percent == D("100.0")


def test_units_that_did_not_answer_still_count_in_the_denominator():
    # 7 districts connected online down to communes, 5 not, 3 did not report: still 7/15.
    ratio = count_yes(districts(yes=7, no=5, silent=3))
    assert ratio == Ratio(7, 15, 12)
    assert ratio.missing == 3


def test_expected_units_absent_from_the_values_count_in_the_denominator():
    ratio = consolidate(Rule.COUNT_YES, districts(yes=7, no=5), expected=15)
    assert ratio == Ratio(7, 15, 12)
    assert str(ratio) == "7/15"


def test_count_yes_refuses_more_answers_than_expected_units_and_non_boolean_answers():
    with pytest.raises(RuleError, match="Có 12 đơn vị trả lời nhưng chỉ 10"):
        count_yes(districts(yes=7, no=5), expected=10)
    with pytest.raises(RuleError, match="không phải là Có/Không"):
        count_yes({"a": 1})


def test_a_ratio_of_nothing_expected_has_no_percentage():
    assert count_yes({}) == Ratio(0, 0, 0)
    assert Ratio(0, 0).percent is None


def test_a_ratio_percentage_is_rounded_half_up_to_one_decimal():
    assert Ratio(1, 3).percent == D("33.3")
    assert Ratio(2, 3).percent == D("66.7")
    assert Ratio(1, 8).percent == D("12.5")
    assert Ratio(1, 16).percent == D("6.3")  # 6.25 → 6.3 (half-up, not half-even)
    assert Ratio(3, 16).percent == D("18.8")  # 18.75 → 18.8


def test_ratios_are_written_with_thousands_separators_and_stored_as_json():
    assert str(Ratio(3321, 3321)) == "3.321/3.321"
    assert Ratio(9, 15).as_json() == {"n": 9, "m": 15}
    assert Ratio(7, 15, 12).as_json() == {"n": 7, "m": 15, "answered": 12}
    assert Ratio.from_json({"n": 9, "m": 15}) == Ratio(9, 15)
    assert Ratio.from_json(Ratio(7, 15, 12).as_json()) == Ratio(7, 15, 12)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"n": 9}, "Tỷ lệ n/m không hợp lệ"),
        ({"n": 9, "m": 15, "x": 1}, "Tỷ lệ n/m không hợp lệ"),
        ([9, 15], "Tỷ lệ n/m không hợp lệ"),
        ({"n": 16, "m": 15}, "không được lớn hơn số đơn vị phải báo cáo"),
        ({"n": "9", "m": 15}, "số nguyên không âm"),
        ({"n": -1, "m": 15}, "số nguyên không âm"),
        ({"n": True, "m": 15}, "số nguyên không âm"),
        ({"n": 9, "m": 15, "answered": 8}, "phải nằm giữa"),
        ({"n": 9, "m": 15, "answered": 16}, "phải nằm giữa"),
    ],
)
def test_an_impossible_ratio_is_refused(data, fragment):
    with pytest.raises(RuleError, match=fragment):
        Ratio.from_json(data)


def test_ratios_of_disjoint_groups_add_up():
    assert Ratio(4, 8, 7) + Ratio(5, 7, 7) == Ratio(9, 15, 14)
    assert Ratio(4, 8) + Ratio(5, 7, 7) == Ratio(9, 15)


# --- TEXT -------------------------------------------------------------------------------------------------------------


def test_text_is_listed_unit_by_unit_in_the_given_order_skipping_blanks():
    limitations = {
        "xa_b": "  Đội ngũ báo cáo viên còn mỏng. ",
        "xa_a": "",
        "xa_c": None,
        "xa_d": "   ",
        "xa_e": "Thiếu kinh phí.",
    }
    labels = {"xa_b": "Xã Bình Minh", "xa_e": "Phường Hòa Bình"}
    entries = consolidate(Rule.TEXT, limitations, labels=labels)
    assert entries == (("Xã Bình Minh", "Đội ngũ báo cáo viên còn mỏng."), ("Phường Hòa Bình", "Thiếu kinh phí."))
    assert present(entries, TEXT) == "Xã Bình Minh: Đội ngũ báo cáo viên còn mỏng.\nPhường Hòa Bình: Thiếu kinh phí."


def test_text_without_labels_uses_the_unit_ids_and_nothing_written_is_empty():
    assert collect_text({7: "Ý kiến", 8: None}) == (("7", "Ý kiến"),)
    assert consolidate(Rule.TEXT, {"a": None, "b": " "}) == ()


# --- Misuse -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", [Rule.SUM, Rule.AVERAGE, Rule.MIN, Rule.MAX, Rule.LATEST])
@pytest.mark.parametrize("bad", [1.5, True, "12", D("NaN"), D("Infinity")])
def test_numeric_rules_refuse_floats_booleans_strings_and_non_finite_decimals(rule, bad):
    with pytest.raises(RuleError, match="đơn vị 'b'"):
        consolidate(rule, {"a": 1, "b": bad})


def test_arguments_that_a_rule_does_not_use_are_refused_rather_than_ignored():
    with pytest.raises(RuleError, match="không dùng trọng số"):
        consolidate(Rule.SUM, {"a": 1}, weights={"a": 1})
    with pytest.raises(RuleError, match="không dùng số đơn vị phải báo cáo"):
        consolidate(Rule.SUM, {"a": 1}, expected=3)
    with pytest.raises(RuleError, match="không dùng tên đơn vị"):
        consolidate(Rule.COUNT_YES, {"a": True}, labels={"a": "A"})
    with pytest.raises(RuleError, match="không phải là văn bản"):
        consolidate(Rule.TEXT, {"a": 5})
    with pytest.raises(RuleError, match="bảng đơn vị → giá trị"):
        consolidate(Rule.SUM, [1, 2])


# --- Presentation ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "value_type", "expected"),
    [
        (1234, INTEGER, "1.234"),
        (1234567, INTEGER, "1.234.567"),
        (0, INTEGER, "0"),
        (-1234, INTEGER, "-1.234"),
        (D("1234.5"), DECIMAL, "1.234,5"),
        (D("1234.50"), DECIMAL, "1.234,5"),
        (D("1234.567"), DECIMAL, "1.234,57"),
        (D("0.005"), DECIMAL, "0,01"),  # half-up
        (D("-0.004"), DECIMAL, "0"),  # no "-0"
        (D("12"), DECIMAL, "12"),
        (D("2.5"), INTEGER, "2,5"),  # the average of a count
        (D("85.3"), PERCENT, "85,3%"),
        (D("68"), PERCENT, "68,0%"),
        (D("85.25"), PERCENT, "85,3%"),  # half-up, not half-even
        (D("85.35"), PERCENT, "85,4%"),
        (D("100"), PERCENT, "100,0%"),
        (True, BOOLEAN, "Có"),
        (False, BOOLEAN, "Không"),
        (Ratio(9, 15), BOOLEAN, "9/15"),
        ("Thiếu kinh phí", TEXT, "Thiếu kinh phí"),
        (None, INTEGER, ""),
        (None, BOOLEAN, ""),
    ],
)
def test_values_are_presented_the_vietnamese_way(value, value_type, expected):
    assert present(value, value_type) == expected


def test_presentation_can_fix_the_number_of_decimals():
    assert present(D("1234.5"), DECIMAL, places=2) == "1.234,50"
    assert present(D("1234.5"), DECIMAL, places=0) == "1.235"
    assert present(D("85.25"), PERCENT, places=2) == "85,25%"
    with pytest.raises(RuleError, match="Số chữ số thập phân"):
        present(D(1), DECIMAL, places=-1)


def test_presenting_a_value_of_the_wrong_type_is_an_error():
    with pytest.raises(RuleError, match="Có/Không không hợp"):
        present(True, INTEGER)
    with pytest.raises(RuleError, match="Giá trị số không hợp"):
        present(5, TEXT)
    with pytest.raises(RuleError, match="Không trình bày được"):
        present(1.5, DECIMAL)


# --- Parsing input --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value_type", "raw", "expected"),
    [
        (INTEGER, "1234", 1234),
        (INTEGER, "1.234", 1234),
        (INTEGER, "1.234.567", 1234567),
        (INTEGER, "1 234", 1234),
        (INTEGER, "1\u00a0234", 1234),
        (INTEGER, " 42 ", 42),
        (INTEGER, "12,0", 12),
        (INTEGER, "0", 0),
        (DECIMAL, "1.234,5", D("1234.5")),
        (DECIMAL, "85,3", D("85.3")),
        (DECIMAL, "0,50", D("0.50")),
        (DECIMAL, "7", D("7")),
        (PERCENT, "85,3", D("85.3")),
        (PERCENT, "85,3%", D("85.3")),
        (PERCENT, "85,3 %", D("85.3")),
        (PERCENT, "100", D("100")),
        (PERCENT, "0%", D("0")),
        (BOOLEAN, "có", True),
        (BOOLEAN, "Có", True),
        (BOOLEAN, "CÓ", True),
        (BOOLEAN, "co", True),
        (BOOLEAN, "x", True),
        (BOOLEAN, "X", True),
        (BOOLEAN, "Đạt", True),
        (BOOLEAN, "không", False),
        (BOOLEAN, "Không", False),
        (BOOLEAN, "khong", False),
        (BOOLEAN, "ko", False),
        (BOOLEAN, "chưa", False),
        (TEXT, "  Thiếu kinh phí. ", "Thiếu kinh phí."),
        (TEXT, "Ho\u0300a Bi\u0300nh", "Hòa Bình"),  # decomposed input is stored NFC
    ],
)
def test_vietnamese_input_is_read(value_type, raw, expected):
    value = validate(value_type, raw)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("value_type", list(ValueType))
@pytest.mark.parametrize("raw", ["", "   ", "\u00a0"])
def test_blank_input_means_not_reported(value_type, raw):
    assert validate(value_type, raw) is None


@pytest.mark.parametrize(
    ("value_type", "raw", "message"),
    [
        (DECIMAL, "12,a", "“12,a” không phải là số"),
        (DECIMAL, "abc", "“abc” không phải là số"),
        (DECIMAL, "1,2,3", "“1,2,3” không phải là số"),
        (DECIMAL, "85%", "“85%” không phải là số"),  # a percent sign only for percentages
        (INTEGER, "12,5", "“12,5” không phải là số nguyên"),
        (INTEGER, "mười", "“mười” không phải là số nguyên"),
        (INTEGER, "1.23", "dấu chấm dùng để phân cách hàng nghìn"),
        (DECIMAL, "1.5", "phần thập phân viết sau dấu phẩy"),
        (INTEGER, "1.2345", "“1.2345” không phải là số: dấu chấm"),
        (INTEGER, "1.234 567", "không phải là số nguyên"),  # mixed separators
        (INTEGER, "-5", "“-5” là số âm"),
        (DECIMAL, "−2,5", "là số âm"),  # typographic minus
        (PERCENT, "120", "“120” nằm ngoài khoảng 0–100%"),
        (PERCENT, "100,1%", "nằm ngoài khoảng 0–100%"),
        (PERCENT, "-1", "nằm ngoài khoảng 0–100%"),
        (BOOLEAN, "có lẽ", "“có lẽ” không phải là Có/Không"),
        (INTEGER, "9" * 50, "quá dài"),
    ],
)
def test_unreadable_input_is_refused_with_a_vietnamese_message_quoting_it(value_type, raw, message):
    with pytest.raises(RuleError, match=message):
        validate(value_type, raw)


def test_negative_numbers_are_accepted_when_the_indicator_allows_them():
    assert validate(INTEGER, "-1.234", allow_negative=True) == -1234
    assert validate(DECIMAL, "−2,5", allow_negative=True) == D("-2.5")


def test_input_that_is_not_a_string_is_refused():
    with pytest.raises(RuleError, match="chuỗi ký tự"):
        validate(INTEGER, 5)


def test_what_is_presented_reads_back_to_the_same_value():
    for value, value_type in [(1234567, INTEGER), (D("1234.5"), DECIMAL), (D("85.3"), PERCENT), (True, BOOLEAN)]:
        assert validate(value_type, present(value, value_type)) == value


# --- Cross-indicator constraints --------------------------------------------------------------------------------------

NAMES = {"nguoi_du": "Số người tham dự", "dang_vien_du": "Số đảng viên tham dự"}
MEMBERS_AT_MOST_ATTENDEES = Constraint("dang_vien_du", "nguoi_du")


def test_a_constraint_that_holds_gives_no_message():
    assert MEMBERS_AT_MOST_ATTENDEES.check({"nguoi_du": 100, "dang_vien_du": 80}, names=NAMES) == []
    assert MEMBERS_AT_MOST_ATTENDEES.check({"nguoi_du": 100, "dang_vien_du": 100}, names=NAMES) == []


def test_a_broken_constraint_names_both_indicators_and_their_values():
    messages = MEMBERS_AT_MOST_ATTENDEES.check({"nguoi_du": 1000, "dang_vien_du": 1200}, names=NAMES)
    assert messages == ["“Số đảng viên tham dự” (1.200) không được lớn hơn “Số người tham dự” (1.000)"]


def test_a_constraint_without_names_shows_the_codes():
    messages = Constraint("a", "b", Comparison.GE).check({"a": D("1.5"), "b": 2})
    assert messages == ["“a” (1,5) không được nhỏ hơn “b” (2)"]
    assert Constraint("a", "b", Comparison.EQ).check({"a": 1, "b": 2}) == ["“a” (1) phải bằng “b” (2)"]


def test_a_constraint_is_not_checked_until_both_indicators_are_reported():
    assert MEMBERS_AT_MOST_ATTENDEES.check({"dang_vien_du": 1200}) == []
    assert MEMBERS_AT_MOST_ATTENDEES.check({"dang_vien_du": 1200, "nguoi_du": None}) == []


def test_constraints_are_data():
    data = MEMBERS_AT_MOST_ATTENDEES.as_json()
    assert data == {"left": "dang_vien_du", "op": "<=", "right": "nguoi_du"}
    assert Constraint.from_json(data) == MEMBERS_AT_MOST_ATTENDEES
    assert Constraint.from_json({"left": "dang_vien_du", "right": "nguoi_du"}) == MEMBERS_AT_MOST_ATTENDEES
    assert Constraint.from_json({"left": "a", "op": ">=", "right": "b"}).op is Comparison.GE
    assert str(MEMBERS_AT_MOST_ATTENDEES) == "dang_vien_du ≤ nguoi_du"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"left": "a"}, "Ràng buộc không hợp lệ"),
        ({"left": "a", "right": "a"}, "với chính nó"),
        ({"left": "a", "right": ""}, "chuỗi khác rỗng"),
        ({"left": "a", "op": "<", "right": "b"}, "Phép so sánh không hợp lệ"),
    ],
)
def test_an_invalid_constraint_is_refused(data, fragment):
    with pytest.raises(RuleError, match=fragment):
        Constraint.from_json(data)


def test_checking_a_constraint_on_non_numbers_is_an_error():
    with pytest.raises(RuleError, match="không phải là số"):
        MEMBERS_AT_MOST_ATTENDEES.check({"dang_vien_du": True, "nguoi_du": 3})


def test_check_all_collects_every_broken_constraint_in_order():
    constraints = [MEMBERS_AT_MOST_ATTENDEES, Constraint("buoi_truc_tuyen", "buoi")]
    values = {"nguoi_du": 10, "dang_vien_du": 12, "buoi": 3, "buoi_truc_tuyen": 4}
    messages = check_all(constraints, values, names=NAMES)
    assert len(messages) == 2
    assert messages[0].startswith("“Số đảng viên tham dự” (12)")
    assert messages[1] == "“buoi_truc_tuyen” (4) không được lớn hơn “buoi” (3)"


def test_a_constraint_that_holds_for_every_unit_holds_for_their_sums():
    units = {"a": (40, 20), "b": (60, 48)}
    attendees = total({unit: pair[0] for unit, pair in units.items()})
    members = total({unit: pair[1] for unit, pair in units.items()})
    assert MEMBERS_AT_MOST_ATTENDEES.check({"nguoi_du": attendees, "dang_vien_du": members}) == []


# --- Properties -------------------------------------------------------------------------------------------------------

PARTS = 4
optional_counts = st.one_of(st.none(), st.integers(min_value=0, max_value=10**9))
optional_amounts = st.one_of(st.none(), st.decimals(min_value=-(10**6), max_value=10**6, places=2))
optional_percents = st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=1))
optional_weights = st.one_of(st.none(), st.integers(min_value=0, max_value=100_000))


def split(values: dict[int, object], assignment: list[int]) -> list[dict[int, object]]:
    """The units of ``values`` divided into PARTS groups by ``assignment`` (some groups may be empty)."""
    parts: list[dict[int, object]] = [{} for _ in range(PARTS)]
    for (unit, value), part in zip(values.items(), assignment, strict=False):
        parts[part][unit] = value
    return parts


@given(
    values=st.lists(st.one_of(optional_counts, optional_amounts), max_size=30),
    assignment=st.lists(st.integers(min_value=0, max_value=PARTS - 1), min_size=30, max_size=30),
)
def test_sum_over_a_partition_equals_the_sum_of_the_parts_sums(values, assignment):
    by_unit = dict(enumerate(values))
    part_sums = [total(part) for part in split(by_unit, assignment)]
    assert total(by_unit) == total(dict(enumerate(part_sums)))
    assert (total(by_unit) is None) == all(value is None for value in values)


@given(
    values=st.lists(st.tuples(optional_percents, optional_weights), max_size=30),
    assignment=st.lists(st.integers(min_value=0, max_value=PARTS - 1), min_size=30, max_size=30),
)
def test_weighted_average_of_the_whole_equals_that_of_the_parts_weighted_by_their_weight_sums(values, assignment):
    shares = {unit: pair[0] for unit, pair in enumerate(values)}
    weights = {unit: pair[1] for unit, pair in enumerate(values)}
    part_averages: dict[int, Decimal | None] = {}
    part_weights: dict[int, int] = {}
    for index, part in enumerate(split(shares, assignment)):
        part_averages[index] = weighted_average(part, weights)
        part_weights[index] = sum(w for u, v in part.items() if v is not None and (w := weights[u]) is not None)
    whole = weighted_average(shares, weights)
    combined = weighted_average(part_averages, part_weights)
    if whole is None:
        assert combined is None
    else:
        assert combined is not None
        assert abs(whole - combined) < D("1e-20")
        assert present(whole, PERCENT) == present(combined, PERCENT)
        reported = [v for v, w in values if v is not None and w]
        assert min(reported) <= whole <= max(reported)


@given(
    answers=st.lists(st.one_of(st.none(), st.booleans()), max_size=40),
    extra=st.integers(min_value=0, max_value=20),
)
def test_count_yes_never_counts_more_yes_than_answers_nor_more_answers_than_expected_units(answers, extra):
    by_unit = dict(enumerate(answers))
    for expected in (None, len(answers) + extra):
        ratio = count_yes(by_unit, expected)
        assert ratio.answered is not None
        assert 0 <= ratio.n <= ratio.answered <= ratio.m
        assert ratio.n == answers.count(True)
        assert ratio.answered == len(answers) - answers.count(None)
        if ratio.percent is not None:
            assert D(0) <= ratio.percent <= D(100)


@given(
    answers=st.lists(st.one_of(st.none(), st.booleans()), max_size=40),
    assignment=st.lists(st.integers(min_value=0, max_value=PARTS - 1), min_size=40, max_size=40),
)
def test_count_yes_over_a_partition_is_the_sum_of_the_parts_ratios(answers, assignment):
    by_unit = dict(enumerate(answers))
    parts = [count_yes(part) for part in split(by_unit, assignment)]
    assert sum(parts[1:], start=parts[0]) == count_yes(by_unit)


@given(
    st.one_of(st.integers(min_value=0, max_value=int(MAX_FIGURE)), st.decimals(min_value=0, max_value=10**9, places=2))
)
def test_presented_numbers_read_back_unchanged(number):
    value_type = INTEGER if isinstance(number, int) else DECIMAL
    assert validate(value_type, present(number, value_type)) == number


@pytest.mark.parametrize(
    ("value_type", "raw", "message"),
    [
        (INTEGER, "9999999999999999", "quá lớn (tối đa 999.999.999.999)"),
        (INTEGER, "1.000.000.000.000", "quá lớn"),
        (DECIMAL, "-1.000.000.000.000", "quá lớn"),
        (DECIMAL, "1,12345", "quá nhiều chữ số thập phân (tối đa 4)"),
        (PERCENT, "12,34567", "quá nhiều chữ số thập phân"),
    ],
)
def test_a_figure_beyond_what_the_database_holds_is_refused_in_vietnamese(value_type, raw, message):
    with pytest.raises(RuleError, match=re.escape(message)):
        validate(value_type, raw, allow_negative=True)


def test_the_largest_figure_and_four_decimals_are_accepted():
    assert validate(INTEGER, "999.999.999.999") == 999_999_999_999
    assert validate(DECIMAL, "1,2345") == D("1.2345")
