"""Fees, surcharges and penalties not owed (COMPLIANCE.md R5: unauthorised fees).

A charge is lawful when the contract, a statute or a judgment provides for it (late
interest at the contract rate, the EU/UK fixed compensation, court costs awarded); a bank's
own transfer charges are the bank's. Collection, processing, handling and service fees,
手续费 and 催收费 are never owed merely because a creditor asks for them.
"""

from __future__ import annotations

from services.notifications.domain.wording.categories import Category
from services.notifications.domain.wording.grammar import en, seq, zh, zh_seq
from services.notifications.domain.wording.lawful import (
    bank_charges,
    names_a_basis,
)
from services.notifications.domain.wording.patterns import patterns

_FEE = en(
    "fee|fees|charge|charges|surcharge|surcharges|penalty|penalties|fine|fines|cost|costs|levy|"
    "premium|mark-?up|tax|toll"
)
_NEVER_OWED = en(
    "collection|collections|collecting|collector's|processing|handling|admin|administration|"
    "administrative|convenience|chasing|reminder|reminder letter|dunning letter|demand letter|"
    "visit|visiting|field visit|house call|tracing|trace|investigation|reactivation|escalation|"
    "urgent|urgency|paperwork|notification|account maintenance|file opening|case handling|dunning|"
    "delinquency|non-?payment|debt|recovery agent's|inconvenience|nuisance|trouble|hassle|special|"
    "extra|additional|mystery|miscellaneous|unblocking|unfreezing|release"
)
_IF_AGREED = en(
    "late|late payment|default|overdue|penalty|legal|lawyer's|lawyers'|lawyer|attorney's|"
    "attorneys'|attorney|solicitor's|solicitors'|court|enforcement|recovery|debt recovery|"
    "collection agency"
)
_ADD = en(
    "add|adding|added|impose|imposing|imposed|levy|levying|levied|slap|slapping|tack on|"
    "tacking on|pass on|passing on|increase|increasing|raise|raising|hike|hiking|fine|fining|"
    "fined|penali[sz]e|penali[sz]ing|top up|bump up|inflate"
)
_CHARGE = en("charge|charging|charged|bill|billing|billed|demand|apply")
_EXTRA = (
    r"(?:(?:an? )?(?:extra|additional|further|surcharge|penalty|punitive|hefty|big)"
    r"(?: [a-z]+)? (?:fees?|charges?|amounts?|sums?|penalt(?:y|ies)|costs?|money|fines?|"
    r"surcharges?|[$£€¥]|\d)|(?<![\d.,])\d[\d,.]* ?(?:%|percent|per ?cent))"
)
_AMOUNT = (
    rf"(?:{_EXTRA}|(?:[$£€¥]|rmb|cny|usd|gbp|eur|us\$) ?\d[\d,.]*|\d[\d,.]* ?(?:dollars|pounds|"
    r"euros|yuan|rmb|usd|gbp|eur|cny|quid|bucks))"
)
_YOUR_MONEY = (
    en("your|ur|the")
    + " "
    + en("bill|account|balance|invoice|tab|debt|total|amount owed|statement")
)
_DETERMINER = (
    r"(?:(?<![a-z])(?:a|an|the|our|this|that|additional|extra|further|new|special|flat|"
    r"mandatory|compulsory|one-off|fixed|plus|of|pay|charge|add|added|applies|apply|"
    r"with|\d[\d,.]*%?|[$£€¥]\d[\d,.]*|usd|gbp|eur|cny|rmb)) "
)
_PER_CONTACT = en(
    "(?:for|per|each|every|on each|with each) (?:call|phone call|letter|reminder|e-?mail|"
    "sms|text|message|visit|notice|attempt|contact|follow-?up|day you (?:delay|wait|ignore)|"
    "week you (?:delay|wait)|time we (?:call|write|contact|chase|remind))",
)
_BALLOON = en(
    "(?:double|triple|quadruple|multiply|inflate) (?:your|the|this) (?:debt|balance|bill|amount|"
    "invoice|sum|total)|(?:debt|balance|bill|amount|total|sum) (?:will|shall|is going to|could|"
    "may)? ?(?:double|triple|quadruple|skyrocket|balloon|explode)|(?:daily|hourly|"
    "weekly) (?:penalty|penalties|fine|fines|fees?|charges?|surcharges?|interest of \\d)|"
    "\\d+ ?% (?:a|per|each|every) (?:day|hour|week)|interest (?:of|at) \\d+ ?% (?:a|per|each|"
    "every) (?:day|hour|week)"
)

PATTERNS = (
    *patterns(
        Category.UNOWED_FEE,
        ("never_owed", rf"{_NEVER_OWED}(?: [a-z]+)? {_FEE}"),
        ("surcharge", en("surcharges?|surcharged|processing charges?")),
        (
            "per_contact",
            seq(
                f"(?:{_FEE}|{_AMOUNT}|{en('cost|costs|pay|charge|bill|owe')})",
                _PER_CONTACT,
                within=4,
            ),
        ),
        (
            "zh_never_owed",
            zh(
                "手续费|催收费|催缴费|催款费|催告费|上门费|上门处理费|外访费|外勤费|通知费|短信费|调查费|账户管理费|逾期管理费|逾期费|逾期手续费|催收服务费|"
                "逾期服务费|上门服务费|委托催收费|催收佣金|跑腿费|风险费|解冻费|附加费|额外费用|(?:每(?:次|通|个|条|封|天)(?:电话|催收|催款|上门|"
                "短信|通知|催款函|提醒|联系))[^。]{0,8}(?:收|加|费|元|块|扣)"
            ),
        ),
        guards=(bank_charges,),
    ),
    *patterns(
        Category.UNOWED_FEE,
        ("service_fee", _DETERMINER + en("service fees?|servicing fees?|service charges?")),
        (
            "zh_service_fee",
            "(?:的|额外|另|另行|收取|加收|支付|缴纳|承担|催收|逾期|上门|手续|元|%|倍|一笔|这笔)服务费",
        ),
        guards=(bank_charges,),
    ),
    *patterns(
        Category.UNOWED_FEE,
        ("if_agreed", rf"{_IF_AGREED}(?: [a-z]+)? {_FEE}"),
        ("add_amount", seq(_ADD, _AMOUNT, within=4)),
        ("charge_extra", seq(_CHARGE, _EXTRA, within=3)),
        (
            "amount_added",
            seq(
                f"(?:{_AMOUNT}|{_FEE})",
                en("will|shall|is|are|has|have|gets?|may|might|could|would") + r"(?: [a-z]+)?",
                en("added|imposed|levied|tacked on"),
                within=2,
            ),
        ),
        (
            "fee_charged",
            seq(
                _FEE,
                en("will|shall|may|might|could|would") + r"(?: [a-z]+)?",
                en("charged|applied|billed|payable|apply"),
                within=2,
            ),
        ),
        (
            "each_contact_costs",
            seq(
                en(
                    "(?:each|every|any|per) (?:single )?(?:phone call|call|letter|reminder|e-?mail|"
                    "sms|text|message|visit|notice|follow-?up|attempt|day of delay|week of delay|"
                    "day you (?:wait|delay|ignore us)|week you (?:wait|delay)|hour you (?:wait|"
                    "delay))"
                ),
                en("costs?|will cost|is going to cost|adds|will add|carries|incurs|means|is|are"),
                _AMOUNT,
                within=4,
            ),
        ),
        (
            "more_you_wait",
            en(
                "the (?:longer|more) (?:you|u) (?:wait|delay|leave it|take|ignore us)[^.!?;]{0,40}"
                "the more (?:we|you|it)|(?:for|to cover) (?:our|the) (?:trouble|time|effort|"
                "inconvenience|hassle|chasing)|on top for (?:our|the)|an? (?:extra|additional|"
                "further) \\d[\\d,.]* ?(?:%|percent|per ?cent)"
            ),
        ),
        (
            "goes_on_your_bill",
            seq(
                en(
                    "(?:each|every|any) (?:single )?(?:phone call|call|letter|reminder|e-?mail|sms|"
                    "text|message|visit|notice|follow-?up|hour|day)"
                ),
                en(
                    "goes on|go on|added to|will be added to|be added to|charged to|billed to|"
                    "put on|comes out of|on top of|lands on"
                )
                + " "
                + _YOUR_MONEY,
                within=6,
            ),
        ),
        ("balloon", _BALLOON),
        (
            "zh_costs_on_you",
            zh_seq(
                zh(
                    "差旅费|交通费|上门费|人工费|催收成本|各项费用|一切费用|所有费用|全部费用|食宿费|油费|误工费"
                ),
                zh("由你|由您|由贵司|你来|你们来|你们|你得|你要|得你|要你|让你|该你|算你"),
                zh("承担|出|负担|支付|掏|买单|报销"),
                within=4,
            ),
        ),
        (
            "zh_if_agreed",
            zh(
                "违约金|滞纳金|罚款|罚金|罚息|律师费|诉讼费|催收成本|追偿费用|(?:加收|额外收取|另收|另行收取|多收|收取额外|额外(?:支付|缴纳|收取|加收)|"
                "再(?:加|收(?!到|悉|件|信|货|款|取消))|加(?:收|罚)|罚(?:你|款|钱)|翻倍|翻番|双倍|利滚利|(?:每天|每日|每小时|每周)(?:加收|罚|收取|增加|多收|加|扣))"
            ),
        ),
        (
            "zh_add_amount",
            zh_seq(
                zh("加收|另收|多收|罚|额外(?:支付|收取|加收|缴纳)|再加|加价|加罚|翻"),
                r"(?:\d[\d,.]*|[一二三四五六七八九十百千万两]+)(?:%|％|元|块|万|倍|"
                "个点)",
                within=6,
            ),
        ),
        guards=(bank_charges, names_a_basis),
    ),
    *patterns(
        Category.UNOWED_FEE,
        (
            "billing_our_time",
            en(
                "(?:bill|billing|billed|charge|charging|charged|invoice|invoicing) (?:you|u) for "
                "(?:every|each|any|all the) (?:hour|minute|call|letter|reminder|visit|e-?mail|text|"
                "time)(?! of (?:consulting|service|support|work))|(?:for|of) (?:the )?(?:time|"
                "hours|effort) (?:our |the )?(?:collectors?|staff|agents?|team) (?:spend|spent|"
                "spends|put in)"
            ),
        ),
        guards=(names_a_basis,),
    ),
    *patterns(
        Category.UNOWED_FEE,
        (
            "zh_late_adds",
            zh(
                "催[^。]{0,3}费|(?:拖|晚|迟)(?:一天|一周|一个月|一小时|一日)(?:就)?(?:加|多|罚|收|涨)"
            ),
        ),
        guards=(bank_charges,),
    ),
)
