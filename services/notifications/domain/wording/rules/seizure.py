"""Seizure, garnishment, frozen accounts, property taken (COMPLIANCE.md R5).

A remedy sought from a court ("apply for a freezing order", 申请财产保全) is a legal step,
not a threat of self-help, and is left to :mod:`.legal`.
"""

from __future__ import annotations

from services.notifications.domain.wording.categories import Category
from services.notifications.domain.wording.grammar import en, seq, zh, zh_seq
from services.notifications.domain.wording.lawful import through_the_court
from services.notifications.domain.wording.lexicon import WILL, YOU, YOUR, ZH_YOU
from services.notifications.domain.wording.patterns import patterns

_BELONGINGS = en(
    "house|home|flat|apartment|car|cars|truck|trucks|van|vans|vehicles?|equipment|machines?|"
    "machinery|tools|stock|inventory|goods|property|properties|assets?|belongings|possessions|"
    "furniture|everything|savings|money|wages|salary|pay|pension|company|factory|shop|store|"
    "warehouse|office|land|shares|computers?|laptops?|phones?|jewel(?:le)?ry|valuables|"
    "bank accounts?|personal accounts?|funds|deposits?|cash|kids?|children|premises|livelihood"
)
_TAKE = en(
    "take|taking|took|take away|taking away|seize|seizing|seized|confiscate|confiscating|impound|"
    "impounding|grab|remove|removing|auction(?: off)?|sell(?: off)?|strip|empty|clean out|"
    "clear out|freeze|freezing|froze|frozen|garnish|garnishing|levy|drain|repossess|repossessing|"
    "padlock|chain|tow|towing|clamp|cart off|haul away|load up|carry off"
)
_BODY = en(
    "seiz(?:e|ed|es|ing|ure|ures)|confiscat(?:e|ed|es|ing|ion)|impound(?:ed|ing)?|garnish(?:ed|"
    "es|ing|ment|ments)?|wage garnishment|repossess(?:ed|es|ing|ion)?|distrain(?:t)?|"
    "levy on (?:your|ur)|asset stripping|bailiffs?|enforcement agents?|sheriff(?:'s)? officers?|"
    "(?:accounts?|assets|funds|wages|salary|savings|property|house|home|car|goods) (?:will|shall|"
    "are going to|is going to|could|may|might)? ?(?:be|get) (?:frozen|seized|taken|confiscated|"
    "auctioned|sold off|repossessed|impounded|garnished|attached|emptied)|take everything (?:you|"
    "u) (?:own|have|love)|lose everything|bankrupt (?:you|u)|put (?:you|u) out of business|"
    "wipe (?:you|u) out|ruin (?:you|u) financially|(?:shut|close) (?:you|u|your (?:business|"
    "company|shop|doors)) down|(?:shut|close) down (?:your|ur) (?:business|company|shop)|"
    "clean (?:you|u) out|strip (?:you|u) of|leave (?:you|u) with nothing|"
    "take the shirt off your back|(?:empty|strip) (?:your|ur) (?:house|office|warehouse|shop|"
    "home)"
)

PATTERNS = (
    *patterns(
        Category.SEIZURE,
        ("take_belongings", seq(_TAKE, f"{YOUR}(?: [a-z']+){{0,2}} {_BELONGINGS}", within=1)),
        ("seize", _BODY),
        (
            "say_goodbye",
            seq(
                en(
                    "say goodbye to|kiss goodbye to|kiss|wave goodbye to|forget about|"
                    "you can forget"
                ),
                f"{YOUR}(?: [a-z']+){{0,2}} {_BELONGINGS}",
                within=1,
            ),
        ),
        (
            "zh_lose_it",
            zh_seq(
                zh("房子|房|车|车子|厂房|公司|资产|财产|设备|货|存款|股权|家产"),
                zh("保不住|要没了|都没了|归我们|就是我们的|别想要了|全部拿走|一件不留"),
                within=6,
            ),
        ),
        (
            "lose_belongings",
            seq(
                YOU,
                WILL,
                en("lose|be losing|forfeit"),
                f"(?:{YOUR}(?: [a-z']+){{0,2}} )?{_BELONGINGS}",
                within=1,
            ),
        ),
        (
            "zh_seize",
            zh(
                "查封",
                "扣押",
                "没收",
                "抄家",
                "抄了",
                "收缴",
                "冻结"
                + ZH_YOU
                + "?(?:的)?(?:银行)?(?:账户|账号|帐户|资产|财产|存款|资金|工资|银行卡|"
                "房产|股权|微信|支付宝)",
                "(?:账户|资产|财产|存款|资金|工资|银行卡|房产|股权|房子|车子|车辆|厂房|设备|库存|货物|家当)(?:将|会|就|马上)?"
                "(?:被)?(?:冻结|查封|扣押|没收|划走|拍卖|收走)",
                "拍卖" + ZH_YOU + "?(?:的)?(?:房|车|资产|财产|设备|厂房|股权|货物)",
                "强制(?:拿走|搬走|拉走|收走|划扣|扣款)",
                "强行(?:扣|划|拿|搬|拉)",
                "搬(?:空|走)" + ZH_YOU + "?的?",
                "拉走" + ZH_YOU + "?的?",
                "收走" + ZH_YOU + "?的?",
                "扣(?:你|您)的?(?:工资|车|货|房|钱)",
                "扣(?:押)?(?:工资|车辆|车)",
                "倾家荡产",
                "让" + ZH_YOU + "?一无所有",
                "让"
                + ZH_YOU
                + "?(?:的)?(?:公司|生意|厂|店|买卖)?(?:破产|倒闭|关门|开不下去|做不下去|混不下去)",
                "(?:你|你们|贵司)(?:的)?(?:公司|生意|厂)(?:就)?(?:别想|不用)(?:开|做|干)",
                "砸(?:了|掉)?(?:你|您)的?饭碗",
            ),
        ),
        guards=(through_the_court,),
    ),
    *patterns(
        Category.SEIZURE,
        (
            "nothing_left",
            en(
                "(?:have|with|leave (?:you|u) with) nothing (?:left|at all)|nothing left to your "
                "name|not a (?:penny|cent|dime) left|out on the streets?|on the streets|"
                "lose the roof over your head|(?:homeless|destitute|penniless) (?:by|within|when)"
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.SEIZURE,
        (
            "goodbye_to",
            seq(en("goodbye to|farewell to|forget about|kiss goodbye"), _BELONGINGS, within=4),
        ),
        (
            "belongings_taken",
            seq(
                _BELONGINGS,
                en("will be|shall be|are going to be|is going to be|gets|get|to be|will get"),
                en(
                    "frozen|seized|taken(?! back)|confiscated|auctioned|auctioned off|sold off|"
                    "repossessed|"
                    "impounded|garnished|emptied|towed|padlocked|stripped"
                ),
                within=3,
            ),
        ),
        (
            "zh_taken",
            zh(
                "(?:房子|房|车|车子|厂房|厂子|厂|店|公司|资产|财产|设备|货|存款|股权|家产|账户|工资|库存)"
                "[^。]{0,4}(?:被)(?:扣押|扣|查封|没收|拍卖|冻结|收走|拉走|拖走|搬走|封)|冻结(?:你|您|贵司)"
                "[^。]{0,4}(?:账户|资产|财产|存款|资金)|(?:就|很快就|马上就)?不(?:再)?是(?:你|您)的了|"
                "归我们(?:了|所有)"
            ),
        ),
        guards=(through_the_court,),
    ),
    *patterns(
        Category.SEIZURE,
        (
            "ours_soon",
            seq(
                f"{YOUR}(?: [a-z']+){{0,2}} {_BELONGINGS}",
                en(
                    "will be|'ll be|is going to be|are going to be|will soon be|belongs?|"
                    "will belong"
                ),
                en("on|in|at|to") + " " + en("our|us"),
                within=1,
            ),
        ),
        ("zh_ours", zh("(?:迟早|早晚|很快|马上)?(?:就)?(?:是|归|变成|成了)我们的(?:了)?")),
    ),
    *patterns(
        Category.SEIZURE,
        (
            "zh_drive_it_off",
            zh(
                "把(?:你|您|贵司)(?:的)?[^。]{0,4}(?:拖走|拉走|搬走|收走|扣下|开走|抬走|没收)|"
                "(?:家当|家产|房子|车|设备|货|库存|家具)[^。]{0,8}抵债"
            ),
        ),
        guards=(through_the_court,),
    ),
    *patterns(
        Category.SEIZURE,
        (
            "everything_you_have",
            en("(?:for|of|out of) everything (?:you|u) (?:have|own|are worth|possess)"),
        ),
        guards=(through_the_court,),
    ),
)
