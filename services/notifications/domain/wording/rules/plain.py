"""Plain wording the other modules' phrase shapes miss: papers and bodies invoked by name
(a subpoena "attached", "comes from the government", 政府部门的通知), credit files held over the
reader (征信), public naming, ruin of a business, family whereabouts, visits at the door,
a time-barred debt pursued anyway (COMPLIANCE.md R5).
"""

from __future__ import annotations

from services.notifications.domain.wording.categories import Category
from services.notifications.domain.wording.grammar import either, en, seq, zh, zh_either, zh_seq
from services.notifications.domain.wording.lawful import asks_the_reader
from services.notifications.domain.wording.lexicon import WE, YOU, YOUR
from services.notifications.domain.wording.patterns import patterns
from services.notifications.domain.wording.rules.authority import PLACE_AHEAD

_PAPERS = en(
    "subpoenas?|court orders?|writs?|summons(?:es)?|warrants?|arrest warrants?|"
    "bailiff(?:'s)? notices?|notices? of (?:seizure|distraint|eviction)|"
    "official (?:summons|warrant|court notice)"
)
_BODY = (
    en(
        "government|ministry|state council|federal|municipal|public security|tax bureau|"
        "revenue service|court|tribunal|police|attorney general|department of justice"
    )
    + PLACE_AHEAD
)
_CREDIT_FILE = en(
    "credit (?:bureaus?|agenc(?:y|ies)|reference agenc(?:y|ies)|reporting agenc(?:y|ies)|"
    "score|rating|record|file|history|report)|experian|equifax|transunion|"
    "dun (?:and|&) bradstreet|creditsafe"
)
_HURT = en(
    "suffer|drop|plummet|tank|crash|ruined|wrecked|destroyed|damaged|hurt|harmed|"
    "affected|trashed|blackened|stained|marked|flagged|tarnished|impacted|hit"
)
_ZH_BODIES = zh(
    "公安|警方|警察|派出所|检察院|检察官|法院|法官|税务局|工商局|市场监管局|市场监督管理局|"
    "政府|国务院|纪委|监委|银保监|证监会|人民银行|经侦"
)

PATTERNS = (
    *patterns(
        Category.FALSE_AUTHORITY,
        (
            "papers_enclosed",
            either(
                _PAPERS,
                en(
                    "attached|enclosed|herewith|included|issued|served|signed|on its way|is coming|"
                    "against (?:you|u|your)|in (?:your|ur) name|with (?:your|ur) name"
                ),
                within=4,
            ),
        ),
        (
            "from_a_body",
            seq(
                en(
                    "comes?|coming|sent|issued|written|message|notice|letter|call|this|acting|"
                    "on behalf"
                ),
                en("from|by|of|for") + r"(?: the| a| an)?",
                _BODY,
                within=2,
            ),
        ),
        (
            "we_are_officials",
            seq(
                en("we are|we're|this is|i am|i'm|speaking as|acting as"),
                en("a|an|the|your|from (?:the|a)") + r"?",
                en(
                    "law firm|lawyers?|attorneys?|solicitors?|barristers?|bailiffs?|"
                    "court officers?|government (?:officials?|agents?|department)|police|"
                    "officers? of the court"
                ),
                within=1,
            ),
        ),
        (
            "zh_tell_a_body",
            zh_seq(
                zh("通知|告知|联系|找|叫|报告|移交|交给|转交|举报|报案|报给|上报|交由|惊动"),
                _ZH_BODIES,
                within=4,
            ),
        ),
        (
            "zh_from_a_body",
            zh(
                "(?:政府|国家|公安|法院|检察院|税务)(?:部门|机关|机构)?(?:的)?(?:通知|公函|文件|命令|函件|名义)|"
                "(?:代表|受|来自)(?:政府|国家|公安|法院|检察院|税务)|这是(?:政府|公安|法院|检察院)"
            ),
        ),
        guards=(asks_the_reader,),
    ),
    *patterns(
        Category.SHAMING,
        (
            "name_in_public",
            en(
                "(?:publicly|openly|in public) (?:name|list|expose|shame|identify|out|announce)|"
                "name and shame|naming and shaming|name (?:you|u|your company|your firm) publicly|"
                "wall of shame|hall of shame"
            ),
        ),
        (
            "credit_file",
            either(
                en("report|reporting|reported|notify|notifying|list|listing|file with|flag"),
                _CREDIT_FILE,
                within=4,
            ),
        ),
        ("credit_file_hurt", seq(_CREDIT_FILE, _HURT, within=4)),
        (
            "zh_credit_file",
            zh_either(
                zh(
                    "影响|上报|报送|纳入|上了?|记入|列入|污点|花了|黑了?|毁了?|不良|留下|报到|录入|拉低|降低"
                ),
                zh("征信|信用记录|信用报告|信用评分|信用分|企业信用|信用档案"),
                within=4,
            ),
        ),
    ),
    *patterns(
        Category.VIOLENCE,
        (
            "ruin_you",
            seq(
                WE,
                en("will|'ll|shall|are going to|gonna|can|could|would|might|may|intend to|plan to"),
                en(
                    "destroy|ruin|wreck|crush|finish|bury|end|bankrupt|annihilate|wipe out|"
                    "take down"
                ),
                f"(?:{YOU}|{YOUR}|{en('this company|that company|the business')})",
                within=2,
            ),
        ),
        (
            "plain_threat",
            en(
                "this is a threat|consider (?:this|it) (?:a|your|the) (?:threat|final warning)|"
                "(?:you|u) (?:have|'ve) been warned|this is your (?:last|final) warning|"
                "take this as a threat"
            ),
        ),
        (
            "zh_family_whereabouts",
            zh_either(
                zh("子女|孩子|儿子|女儿|家人|老婆|妻子|丈夫|父母|老人|家里人|小孩"),
                zh("学校|住哪|住在哪|在哪|哪个学校|上学|放学|住址|家在|单位"),
                within=6,
            ),
        ),
    ),
    *patterns(
        Category.HARASSMENT,
        (
            "zh_at_the_door",
            zh(
                "上门(?:拜访|催|找|讨|要债|堵|拜会|面谈)|(?:明天|今天|今晚|马上|随时|亲自|派人|带人|组织人)"
                "上门|登门(?:拜访|讨|催)|堵(?:你|您)?(?:家|门|公司)"
            ),
        ),
        (
            "at_the_door",
            seq(
                WE,
                en("will|'ll|are going to|gonna|shall|may|might|could"),
                en(
                    "come|turn up|show up|drop by|stop by|visit|be|pay a visit|call round|"
                    "come round|knock"
                ),
                en("to|at|on|by|round") + r"(?: [a-z]+)?",
                en("your (?:door|doorstep|house|home|office|premises|place|front door)"),
                within=2,
            ),
        ),
    ),
    *patterns(
        Category.LEGAL_STATUS,
        (
            "pursue_barred",
            seq(
                en(
                    "pursue|pursuing|chase|chasing|collect|collecting|enforce|enforcing|recover|"
                    "recovering|sue|suing|claim|claiming|demand|demanding|go after"
                ),
                en("this|the|your|that|an?") + r"?",
                en("time-?barred|statute-?barred|expired|prescribed|out-of-time|old"),
                within=2,
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.LEGAL_STEP,
        (
            "lawyers_preparing",
            seq(
                en("lawyers?|solicitors?|attorneys?|legal (?:team|department)|law firm"),
                en("are|is|have been|has been") + r"(?: [a-z]+)?",
                en("preparing|drafting|getting ready|filing|readying|drawing up|working on"),
                within=1,
            ),
        ),
    ),
)
