"""Legal status misstated, and lawful legal steps.

``LEGAL_STATUS`` (banned): suing on a time-barred debt, a debt that "never expires", no
right to dispute, proceedings or judgments that do not exist. ``LEGAL_STEP`` (allowed only
where the policy places it, see :func:`..check.check`): "we may refer the matter to our
lawyers, who may issue proceedings", 我们可能依法向人民法院提起诉讼. The US time-barred
disclosure ("because of the age of your debt, we will not sue you for it") is neither.
"""

from __future__ import annotations

from services.notifications.domain.wording.categories import Category
from services.notifications.domain.wording.grammar import en, seq, zh, zh_seq
from services.notifications.domain.wording.lexicon import YOU, YOUR
from services.notifications.domain.wording.patterns import patterns
from services.notifications.domain.wording.rules.authority import PLACE_AHEAD

_TIME_BARRED = en(
    "how old|however old|the age of (?:the|this|your) debt|old (?:the|this|your) debt is|"
    "time-?barred|statute[- ]barred|statutes? of limitations?|limitation periods?|"
    "limitations? periods?|too old|out of statute|past the (?:limitation|statute)|expired|"
    "prescribed|old debt|aged debt|years old|limitation"
)
_SUE = en(
    "sue|sued|suing|lawsuit|legal action|take (?:you|u|this|it) to court|court|proceedings|"
    "judg(?:e)?ment|litigation|file (?:a )?(?:claim|suit)"
)
_STILL = en(
    "even though|although|though|despite|regardless of|no matter|notwithstanding|irrespective of|"
    "doesn't matter|does not matter|even if|whether or not"
)
_PROCEEDING = en(
    "lawsuit|suit|case|claim|complaint|action|proceedings|petition|judg(?:e)?ment|court case|"
    "legal case|criminal case|default judg(?:e)?ment"
)
_STARTED = en(
    "filed|lodged|issued|started|commenced|opened|entered|granted|obtained|registered|initiated|"
    "brought|approved|awarded|ruled"
)

PATTERNS = (
    *patterns(
        Category.LEGAL_STATUS,
        ("sue_anyway", seq(_STILL, _TIME_BARRED, _SUE, within=10)),
    ),
    *patterns(
        Category.LEGAL_STATUS,
        (
            "nothing_you_can_do",
            en(
                "nothing (?:you|u) can do (?:to|about)|(?:there is|there's) no (?:point|use) "
                "(?:in )?(?:disputing|challenging|arguing|complaining|objecting)|(?:court|judge|"
                "judg(?:e)?ment|tribunal) (?:has|have)? ?(?:already )?(?:ruled|decided|found|"
                "sided) "
                "(?:in our favou?r|against (?:you|u|your)|for us)|(?:you|u) (?:have|"
                "has) (?:already )?"
                "lost (?:the|this|your) case|(?:your|ur) (?:right|rights) to (?:object|dispute|"
                "appeal|"
                "challenge) (?:has|have) (?:been )?(?:waived|expired|lapsed|forfeited|removed)"
            ),
        ),
        (
            "zh_pointless",
            zh(
                "有意见也没用|(?:异议|申诉|投诉|抗辩|解释)(?:也|都)?(?:没用|无效|白搭)|说什么都没用|"
                "(?:你|您|贵司)(?:的)?(?:权利|权力)(?:已经)?(?:丧失|作废|没了)"
            ),
        ),
        (
            "never_expires",
            en(
                "(?:debts?|this|it|the (?:debt|balance|amount)) (?:never|do not|does not|don't|"
                "doesn't|will never|cannot|can't|won't) (?:expire|go away|disappear|lapse|die|"
                "time ?out|become time-?barred)|no (?:statute of limitations?|limitation period|"
                "time limit) (?:applies|on|for)|(?:statute of limitations?|limitation period|"
                "time limit|time-?bar) (?:does not|doesn't|won't|will not|cannot|can't|"
                "never) (?:apply|protect|matter|save|help|stop)|limitations? (?:has|"
                "have) been (?:waived|suspended|extended|reset|restarted) (?:by|because)|(?:debt|"
                "it) (?:is|remains) (?:enforceable|collectable|collectible) forever"
            ),
        ),
        (
            "no_right_to_dispute",
            en(
                "(?:you|u) (?:have|has) no (?:legal )?(?:right|rights|grounds|"
                "basis) to (?:dispute|challenge|contest|object|refuse|question|appeal|complain)|"
                "(?:you|u) (?:cannot|can't|may not|are not allowed to|"
                "are not entitled to) (?:dispute|challenge|contest|object to|question|appeal)|"
                "(?:this|the) (?:debt|claim|amount|balance|invoice) (?:cannot|can't|"
                "may not) be (?:disputed|challenged|contested|questioned|appealed)|"
                "disputes? (?:are|is|will be) (?:ignored|not (?:accepted|considered|allowed|"
                "entertained)|pointless|futile|useless)|(?:no|any) disputes? (?:will be|"
                "are) (?:accepted|entertained|considered)|(?:you|u) (?:have|"
                "has) no (?:legal )?(?:rights|defen[cs]e|choice)|(?:you|u) (?:have|"
                "has) waived (?:all|any|your) rights|no (?:defen[cs]e|"
                "appeal) (?:is )?(?:possible|available)"
            ),
        ),
        (
            "proceedings_exist",
            seq(
                f"(?:{en('a|an|the|our|this')}|{YOUR})",
                _PROCEEDING,
                en(
                    "has been|have been|was|were|is being|is now|is already|"
                    "has already been|was already|were already"
                )
                + r"(?: [a-z]+)?",
                _STARTED,
                en("against") + r"(?: [a-z]+)?",
                f"(?:{YOU}|{YOUR})",
                within=1,
            ),
        ),
        (
            "you_have_been_sued",
            seq(
                YOU,
                en("have been|are being|were|have already been|are now being|are|'ve been")
                + r"(?: [a-z]+)?",
                en(
                    "sued|taken to court|named (?:as|in)|judged|convicted|found liable|"
                    "declared (?:a )?(?:defaulter|bankrupt)|listed as (?:a )?defaulter|"
                    "reported to (?:the )?court|summoned"
                ),
                within=1,
            ),
        ),
        (
            "legal_already",
            en(
                "(?:legal|court) (?:action|proceedings) (?:has|"
                "have) (?:already )?(?:been )?(?:started|begun|commenced|initiated|filed|taken)|"
                "judg(?:e)?ment (?:has been|was|is) (?:entered|granted|issued|obtained|"
                "awarded) (?:against|in)|(?:we|our lawyers|our attorneys|the court) (?:have|"
                "has) (?:already )?(?:filed|issued|started|commenced|obtained|won) (?:a |an |"
                "the )?(?:lawsuit|suit|claim|case|proceedings|judg(?:e)?ment|legal action|"
                "court action|warrant|summons)"
            ),
        ),
        (
            "legal_obligation_now",
            en(
                "(?:law|legally|by law) (?:requires|obliges|compels|forces) (?:you|"
                "u) to pay (?:immediately|today|now|at once|within)|(?:you|u) are (?:legally|"
                "criminally) (?:required|obliged|bound|compelled|liable) to pay (?:immediately|"
                "today|now|at once|within (?:\\d+|one|two|24|48) hours)|(?:it is|it's) (?:illegal|"
                "unlawful|a crime|against the law) (?:for you )?(?:not to|to not|to refuse to|"
                "to ignore)"
            ),
        ),
        (
            "zh_sue_anyway",
            zh_seq(
                zh("虽然|尽管|即使|哪怕|就算|不管|无论"),
                zh("诉讼时效|时效|追诉期"),
                zh("起诉|诉讼|法院|告你|打官司|追究"),
                within=24,
            ),
        ),
        (
            "zh_status",
            zh(
                "(?:诉讼时效|时效)(?:对(?:你|贵司|你们))?(?:不适用|没用|无效|不存在|管不了|救不了)|(?:欠款|债务|欠债|这笔钱)(?:永远|永不|"
                "永远不会|不会)(?:过期|失效|作废|消失|一笔勾销)|没有(?:诉讼)?时效|(?:你|您|贵司|你们)(?:无权|没有权利|没资格|"
                "无资格)(?:提出)?(?:任何)?(?:异议|申诉|拒绝|争议|抗辩|申辩|复议|投诉)|不接受(?:任何)?(?:异议|争议|申诉|抗辩|解释)|"
                "异议(?:无效|没用|"
                "不予受理)|(?:法院|法官)(?:已经|已)(?:判决|判了|立案|受理|下达|冻结|查封|裁定|开庭)|(?:已经|已)(?:被)?(?:立案|判决|"
                "列入失信|列为被执行人|起诉到法院|成为被告)|(?:你|您|贵司|你们)(?:已|已经)(?:被)?(?:起诉|立案|列为被执行人|成为被告|被法院)|"
                "(?:判决|裁定|执行令)(?:已|已经)(?:生效|下达)|(?:你|您|贵司|你们)(?:已经|早就|已)?(?:败诉|输了官司|输了)|欠钱不还(?:是|"
                "就是|"
                "属于)(?:违法|犯法)"
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.LEGAL_STEP,
        (
            "sue",
            en(
                "sue|suing|lawsuits?|legal action|legal proceedings|court proceedings|court action|"
                "proceedings|litigation|litigate|arbitration|arbitral|claim form|county court|"
                "small claims(?: court| track)?|money claim|"
                "take (?:you|u|this|it|the matter|your company) to court|judg(?:e)?ments?|"
                "enforce(?:ment of)? (?:the |a |any )?judg(?:e)?ment|statutory demand|"
                "winding[- ]up(?: petition)?|insolvency proceedings|"
                "bankruptcy (?:petition|proceedings)|payment order|charging order|"
                "attachment of earnings|freezing order|letter before (?:action|claim)|pre-?action|"
                "(?:apply|application) to the court|enforcement (?:action|proceedings|officers?)|"
                "(?:legal|court) (?:costs|fees)"
            )
            + PLACE_AHEAD,
        ),
        (
            "refer_to_lawyers",
            seq(
                en(
                    "refer|referring|referred|pass|passing|passed|hand|handing|"
                    "handed|instruct|instructing|instructed|transfer|transferring|transferred|"
                    "escalate|escalating|escalated|assign|assigning|assigned|send|sending"
                ),
                en(
                    "lawyers?|solicitors?|attorneys?|legal (?:team|department|counsel|advisers?|"
                    "advisors?|representatives?)|law firm|debt collection agency|collection agency|"
                    "collections? agency|recovery agency|agency|counsel"
                ),
                within=5,
            ),
        ),
        (
            "our_lawyers_will",
            seq(
                en("our|a|the|external") + r"(?: [a-z]+)?",
                en("lawyers?|solicitors?|attorneys?|law firm|legal (?:team|department|counsel)"),
                en("will|may|could|shall|would|might|are instructed|have been instructed|can"),
                within=1,
            ),
        ),
        (
            "zh_step",
            zh(
                "起诉|诉讼|提起诉讼|仲裁|法律途径|法律程序|法律手段|司法途径|依法追究|依法追偿|依法主张|法律责任|支付令|强制执行|财产保全|诉前保全|"
                "申请[^。]{0,6}(?:查封|冻结|保全|执行)|律师函|律师|律所|律师事务所|法务|向[^。]{0,8}法院|"
                "(?:人民)?法院(?!路|街|巷|大道|东路|西路|南路|北路|大街|胡同|站|小区|广场|大厦|宿舍)|打官司|对簿公堂|判决|裁定|执行程序"
            ),
        ),
    ),
    *patterns(
        Category.LEGAL_STATUS,
        (
            "right_expired",
            seq(
                en("right|rights|chance|window|time|deadline")
                + " "
                + en("to")
                + " "
                + en("dispute|object|challenge|appeal|contest|complain|query"),
                en(
                    "expired|lapsed|ended|gone|passed|closed|has been waived|been forfeited|"
                    "is over|"
                    "ran out|has run out"
                ),
                within=4,
            ),
        ),
        (
            "zh_time_bar_anyway",
            zh_seq(
                zh("时效|诉讼时效"),
                zh("也|照样|照旧|一样|照常"),
                zh("要还|起诉|告你|打官司|追究|追讨"),
                within=8,
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.LEGAL_STATUS,
        (
            "or_not",
            en(
                "(?:time-?barred|statute-?barred|limitation|old|expired|out of time) or not|drag "
                "(?:you|u|your company) through the courts|(?:have|has|there is|there's|with) no "
                "(?:statute of limitations?|limitation period|time limit|expiry date)|you(?:'ll| "
                "will) always owe|(?:objections?|complaints?|challenges?|queries|appeals?|"
                "disputes?) "
                "(?:are|is|will be) not (?:accepted|considered|allowed|entertained|possible)"
            ),
        ),
        (
            "zh_court_already",
            zh(
                "(?:法院|法官)(?:已经|已)[^。]{0,6}(?:判决|判了|立案|受理|下达|冻结|查封|裁定|开庭|判决书)"
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.LEGAL_STATUS,
        (
            "sue_though_barred",
            seq(_SUE, _STILL, _TIME_BARRED, within=10),
        ),
        (
            "no_defence",
            en(
                "no (?:defen[cs]e|answer|case) (?:to|against) (?:this|the|your|our) (?:claim|debt|"
                "demand|action)|don't bother (?:disputing|challenging|objecting|contesting|"
                "complaining|appealing)"
            ),
        ),
        (
            "zh_court_on_our_side",
            zh("法院(?:只认|肯定|一定|只会|必定)(?:我们|我方|我司)|法院(?:是)?站在我们"),
        ),
        negatable=False,
    ),
)
