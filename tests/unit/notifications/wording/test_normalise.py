"""Each step of the normaliser on its own, and the map back to what the author wrote."""

from __future__ import annotations

import pytest

from services.notifications.domain.wording import check, normalise


def forms(text: str) -> list[str]:
    return [view.text for view in normalise(text).views]


def test_full_width_letters_read_as_plain_latin() -> None:
    assert forms("ＪＡＩＬ　ｔｉｍｅ")[0] == "jail time"


def test_styled_mathematical_and_circled_letters_read_as_plain_latin() -> None:
    assert forms("𝐣𝐚𝐢𝐥 ⓙⓐⓘⓛ")[0] == "jail jail"


@pytest.mark.parametrize(
    ("written", "read"),
    [("раураl", "paypal"), ("ΡΟLΙCΕ", "police"), ("Βaіӏiffѕ", "bailiffs"), ("кill", "kill")],
)
def test_look_alike_letters_of_other_scripts_read_as_latin(written: str, read: str) -> None:
    assert read in forms(written)


@pytest.mark.parametrize(
    "invisible", ["\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\ufe0f", "\u200e", "\u202e"]
)
def test_invisible_characters_inside_a_word_are_dropped(invisible: str) -> None:
    assert forms(f"ja{invisible}il")[0] == "jail"


def test_combining_marks_and_accents_are_dropped() -> None:
    assert forms("j̶a̶i̶l̶ jáíl")[0] == "jail jail"


@pytest.mark.parametrize(
    "written", ["j.a.i.l", "j-a-i-l", "j_a_i_l", "j*a*i*l", "j a i l", "j\na\ni\nl", "j🔥a🔥i🔥l",
                "j|a|i|l", "ja.il"],
)  # fmt: skip
def test_separators_line_breaks_and_emoji_between_letters_collapse(written: str) -> None:
    assert forms(f"go to {written} now")[0] == "go to jail now"


def test_an_article_before_a_spaced_out_word_stays_a_word() -> None:
    assert forms("like a d e a d b e a t")[0] == "like a deadbeat"


def test_separators_between_chinese_characters_collapse_but_clause_marks_stay() -> None:
    assert forms("坐 牢、坐*牢，坐🙂牢")[0] == "坐牢、坐牢,坐牢"


@pytest.mark.parametrize(
    ("written", "read"),
    [("j41l", "jail"), ("p0l1c3", "police"), ("$h1t", "shit"), ("@rre5t", "arrest"),
     ("k111", "kill"), ("ja!1", "jail"), ("1d10t", "idiot")],
)  # fmt: skip
def test_leetspeak_inside_words_reads_as_letters(written: str, read: str) -> None:
    assert read in forms(written)


def test_numbers_dates_and_amounts_keep_a_plain_view_beside_the_leetspeak_one() -> None:
    leet, plain = forms("Pay within 7days, 2026-11-30, 1.5%")
    assert plain == "pay within 7days, 2026-11-30, 1.5%"
    assert leet == "pay within tdays, 2026-11-30, 1.5%"


def test_traditional_chinese_reads_as_simplified() -> None:
    assert forms("進監獄吧，我們會曝光你的欠款")[0] == "进监狱吧,我们会曝光你的欠款"


def test_chinese_is_also_spelled_in_pinyin() -> None:
    assert normalise("坐牢").pinyin.text.split() == ["zuo", "lao"]


def test_pinyin_with_tone_marks_reads_as_plain_pinyin() -> None:
    assert forms("zuò láo")[0] == "zuo lao"


def test_case_is_folded() -> None:
    assert forms("YoU WiLl Be ArReStEd")[0] == "you will be arrested"


def test_a_capital_i_among_small_letters_may_be_an_l() -> None:
    assert "police" in forms("PoIice")


def test_a_finding_quotes_what_the_author_wrote_invisible_characters_and_all() -> None:
    text = "We will call the p\u200bo\u200bl\u200bi\u200bc\u200be today."
    [finding] = check(text)
    assert finding.quote == "call the p\u200bo\u200bl\u200bi\u200bc\u200be"
    assert text[finding.start : finding.end] == finding.quote
