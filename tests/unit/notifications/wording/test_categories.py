"""Every category is refused in English and in Chinese, in plain words and in paraphrase."""

from __future__ import annotations

import pytest

from services.notifications.domain.wording import Category, check

C = Category
SAYINGS = [
    (C.VIOLENCE, "Pay or somebody will break your arms."),
    (C.VIOLENCE, "It would be a pity if your warehouse caught fire one night."),
    (C.VIOLENCE, "不还钱就打断你的腿。"),
    (C.VIOLENCE, "我们知道你家住在哪里，你自己掂量。"),
    (C.ARREST, "Your directors will be arrested."),
    (C.ARREST, "Keep this up and you'll be spending Christmas behind bars."),
    (C.ARREST, "不还钱就送你去坐牢。"),
    (C.ARREST, "想吃牢饭就继续拖着。"),
    (C.SEIZURE, "We will seize your delivery vans."),
    (C.SEIZURE, "Kiss goodbye to your machinery."),
    (C.SEIZURE, "明天就查封你的仓库。"),
    (C.FALSE_AUTHORITY, "We have reported your company to the police."),
    (C.FALSE_AUTHORITY, "I am writing on behalf of the district court."),
    (C.FALSE_AUTHORITY, "我们已经报警，警察会上门找你。"),
    (C.FALSE_AUTHORITY, "我们是法院执行局的工作人员。"),
    (C.SHAMING, "We will tell your employer about this."),
    (C.SHAMING, "Your boss will hear about this."),
    (C.SHAMING, "我们会把你的欠款发到朋友圈。"),
    (C.SHAMING, "让你社死。"),
    (C.HARASSMENT, "We will call you every hour until you pay."),
    (C.HARASSMENT, "Your phone won't stop ringing."),
    (C.HARASSMENT, "我们会天天打电话给你。"),
    (C.HARASSMENT, "让你睡不着觉，日子不好过。"),
    (C.INSULT, "Pay up, you deadbeat."),
    (C.INSULT, "Your company is run by clowns."),
    (C.INSULT, "你就是个老赖。"),
    (C.INSULT, "真是给脸不要脸。"),
    (C.UNOWED_FEE, "A collection fee of $150 has been added to your balance."),
    (C.UNOWED_FEE, "Every reminder we send costs you £20."),
    (C.UNOWED_FEE, "我们将收取200元手续费。"),
    (C.UNOWED_FEE, "违约金按每天5%计算。"),
    (C.FALSE_URGENCY, "Pay within two hours or face the consequences."),
    (C.FALSE_URGENCY, "This is your final warning."),
    (C.FALSE_URGENCY, "这是最后通牒，过时不候。"),
    (C.LEGAL_STATUS, "Even though the debt is time-barred, we will sue you."),
    (C.LEGAL_STATUS, "You have no right to dispute this invoice."),
    (C.LEGAL_STATUS, "虽然过了诉讼时效，我们照样起诉你。"),
    (C.LEGAL_STATUS, "你无权提出任何异议。"),
]


@pytest.mark.parametrize(("category", "text"), SAYINGS)
def test_each_category_is_refused_in_both_languages(category: Category, text: str) -> None:
    assert category in {f.category for f in check(text)}, text


def test_every_category_has_english_and_chinese_sayings_here() -> None:
    def chinese(text: str) -> bool:
        return any("\u4e00" <= c <= "\u9fff" for c in text)

    languages = {(category, chinese(text)) for category, text in SAYINGS}
    abusive = set(Category) - {Category.LEGAL_STEP}
    assert languages == {(category, is_zh) for category in abusive for is_zh in (True, False)}


def test_a_finding_names_rule_r5_its_category_and_where_it_is() -> None:
    text = "Dear customer, we will tell your employer."
    [finding] = check(text)
    assert (finding.rule, finding.category) == ("R5", Category.SHAMING)
    assert text[finding.start : finding.end] == finding.quote == "tell your employer"


EVADED = [
    "We will have you ＡＲＲＥＳＴＥＤ.",
    "We will have you аrrеstеd.",
    "We will have you ar\u200brested.",
    "We will have you a.r.r.e.s.t.e.d.",
    "We will have you 4rr35t3d.",
    "We will have you ArReStEd.",
    "你會被拘留。",
    "ni hui bei ju liu",
    "你会被ju liu的",
]


@pytest.mark.parametrize("text", EVADED)
def test_an_evasion_of_each_class_is_still_refused(text: str) -> None:
    assert check(text), text


def test_a_homophone_of_a_banned_chinese_word_is_refused() -> None:
    assert {f.category for f in check("再不还钱就把你暴光，让你上嘿名单。")} == {Category.SHAMING}
    assert check("等着做牢吧。")


def test_lawful_words_that_sound_like_short_banned_ones_pass() -> None:
    assert check("经查，贵司的居留许可材料已齐全。") == []  # 经查 ~ 警察, 居留 ~ 拘留
