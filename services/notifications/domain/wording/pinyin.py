"""Banned Chinese words written in pinyin ("zuo lao", "lao lai") or half in pinyin (坐lao).

The words are the strong ones — banned in any sentence — so a pinyin spelling needs no
context. Their pinyin comes from pypinyin (phrase-aware readings). A match counts when part
of it was written in Latin letters; in Chinese characters alone only for the words in
:data:`BY_SOUND` — long or unmistakable ones whose homophones (谐音: 暴光, 做牢, 嘿名单) are
evasions — since most short words have lawful homophones (经查 "upon checking" sounds like
警察 "police", 居留 "residence" like 拘留 "detention").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pypinyin import Style, lazy_pinyin

from services.notifications.domain.wording.categories import Category

_TERMS: dict[Category, tuple[str, ...]] = {
    Category.ARREST: (
        "坐牢",
        "吃牢饭",
        "蹲监狱",
        "监狱",
        "拘留",
        "逮捕",
        "判刑",
        "刑事责任",
        "犯罪",
        "进局子",
        "抓起来",
        "看守所",
    ),
    Category.FALSE_AUTHORITY: (
        "报警",
        "公安局",
        "派出所",
        "法院传票",
        "传票",
        "逮捕令",
        "通缉令",
        "警察上门",
    ),
    Category.SHAMING: (
        "你的家人",
        "你家人",
        "你的老板",
        "你老板",
        "你的同事",
        "你的父母",
        "你的孩子",
        "你老婆",
        "曝光",
        "黑名单",
        "通讯录",
        "社死",
        "老赖名单",
        "身败名裂",
        "上征信",
        "失信名单",
        "发朋友圈",
        "挂网上",
        "社会性死亡",
    ),
    Category.INSULT: (
        "老赖",
        "傻逼",
        "混蛋",
        "王八蛋",
        "骗子",
        "废物",
        "不要脸",
        "人渣",
        "贱人",
        "畜生",
        "去死",
        "他妈的",
        "滚蛋",
        "白痴",
        "弱智",
    ),
    Category.VIOLENCE: (
        "打死",
        "弄死",
        "砍死",
        "杀了你",
        "后果自负",
        "走着瞧",
        "要你好看",
        "打断你的腿",
        "你等着",
        "小心点",
        "有你好看",
        "灭门",
    ),
    Category.HARASSMENT: (
        "每天给你打电话",
        "天天给你打电话",
        "天天打",
        "电话轰炸",
        "短信轰炸",
        "呼死你",
        "上门讨债",
        "骚扰你",
        "打爆你电话",
        "每天打",
    ),
    Category.SEIZURE: ("查封", "扣押", "冻结账户", "没收", "倾家荡产"),
    Category.UNOWED_FEE: ("手续费", "催收费", "滞纳金", "上门费"),
    Category.FALSE_URGENCY: ("最后通牒", "最后机会", "最后警告"),
}


_BY_SOUND = (
    "坐牢 吃牢饭 蹲监狱 老赖 曝光 黑名单 通讯录 社死 身败名裂 老赖名单 傻逼 王八蛋 打死 弄死 砍死 "
    "杀了你 后果自负 要你好看 倾家荡产 最后通牒 电话轰炸 呼死你 法院传票 逮捕令 通缉令 社会性死亡"
)
BY_SOUND = frozenset(re.findall(r"\S+", _BY_SOUND))


@dataclass(frozen=True)
class PinyinTerm:
    category: Category
    word: str
    regex: re.Pattern[str]

    @property
    def by_sound(self) -> bool:
        """Matched in Chinese characters too, by sound (a homophone is an evasion)."""
        return self.word in BY_SOUND


def _spelling(word: str) -> str:
    syllables = lazy_pinyin(word, style=Style.NORMAL, v_to_u=False)
    parts = [re.escape(s).replace("v", "(?:v|u|yu)") + "[1-5]?" for s in syllables]
    return r"(?<![a-z])" + r"[ '\-]*".join(parts) + r"(?![a-z])"


@cache
def terms() -> tuple[PinyinTerm, ...]:
    """Every strong term with its pinyin pattern (built once, on first use)."""
    return tuple(
        PinyinTerm(category, word, re.compile(_spelling(word)))
        for category, words in _TERMS.items()
        for word in words
    )
