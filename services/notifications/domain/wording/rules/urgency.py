"""False urgency: deceptive deadlines, ultimatums, "last chances" (COMPLIANCE.md R5).

A real deadline stated plainly ("please pay by 15 December", 请于收到本函之日起七日内付款)
is lawful; a deadline of hours or minutes, or a deadline tied to "or else", is not.
"""

from __future__ import annotations

from services.notifications.domain.wording.categories import Category
from services.notifications.domain.wording.grammar import en, seq, zh, zh_seq
from services.notifications.domain.wording.patterns import patterns

_PAY = en(
    "pay|paid|paying|payment|payments|settle|settled|settlement|transfer|transferred|wire|wired|"
    "remit|remitted|clear|cleared|the money|the full amount|in full|funds|cash|be received|arrive"
)
_HOURS = en(
    "(?:within|in|inside|under|by|before) (?:the )?(?:next )?(?:\\d{1,2}|one|two|three|four|five|"
    "six|ten|twelve|twenty-?four|forty-?eight|a few|a couple of|an|a|half an) (?:minutes?|mins?|"
    "hours?|hrs?)|within the hour|(?:by|before) (?:tonight|midnight|noon|lunch(?:time)?|"
    "(?:the )?end of (?:the )?(?:day|business day|working day)|close of business today|"
    "\\d{1,2} ?(?:pm)? today|this (?:morning|afternoon|evening))"
)
_NOW = en("right now|right away|immediately|at once|this instant|today|tonight|this very day|now")
_THREAT_TAIL = en(
    "or else|or face|or suffer|or risk|or it will be too late|or lose|"
    "or there will be (?:consequences|trouble|hell)|no excuses|no exceptions|or regret|"
    "or pay the price|or you'll regret|or you will regret"
)
_ULTIMATUM = en(
    "or else|or face (?:the )?(?:consequences|music)|(?:last|final) (?:chance|warning|"
    "opportunity|ultimatum|call|straw)|ultimatums?|you have been warned|consider (?:this|"
    "yourself) (?:warned|your (?:last|final) warning)|before it'?s too late|too late (?:for you|"
    "to save)|time is running out|running out of time|(?:the )?clock is ticking|tick[- ]?tock|"
    "no (?:more |further )?(?:chances|warnings|excuses|extensions|second chances)(?! (?:are|"
    "is) (?:needed|required))|we won't ask again|"
    "we (?:will|shall) not ask again|this is the last time we (?:ask|contact|warn|write)|"
    "don't say (?:we|i) didn't warn|do not say (?:we|i) did not warn|countdown|"
    "count ?down has (?:started|begun)|now or never|act now|act (?:fast|quickly|"
    "immediately) (?:or|before|to avoid)|immediate action (?:is )?required|(?:only|just) (?:\\d+|"
    "one|two|three|a few|few) (?:hours?|minutes?|mins?) (?:left|remaining|to (?:pay|act|respond|"
    "avoid))|(?:expires|expiring|ends|closes|lapses|runs out|disappears|will be withdrawn|"
    "is withdrawn) (?:today|tonight|at midnight|in (?:\\d+|one|two|a few) (?:hours?|minutes?))|"
    "(?:today|tonight) only|limited[- ]time (?:offer|only|deal)|this is (?:your|the) (?:final|"
    "last) (?:notice|warning) before (?:we|action|arrest|police|court)|we are (?:done|finished|"
    "out of) (?:waiting|patience)|our patience (?:has|is) (?:run out|exhausted|wearing thin|"
    "at an end)|(?:you|u) have (?:\\d+|one|two|three|24|48|twenty-?four|forty-?eight) (?:hours?|"
    "minutes?|mins?)(?! to (?:reply|respond|contact us|call us))"
)

PATTERNS = (
    *patterns(
        Category.FALSE_URGENCY,
        ("ultimatum", _ULTIMATUM),
        ("short_deadline", seq(_PAY, _HOURS, within=6)),
        ("deadline_or_else", seq(f"(?:{_HOURS}|{_NOW})", _THREAT_TAIL, within=4)),
        (
            "must_pay_now",
            seq(
                en(
                    "must|have to|has to|need to|needs to|got to|gotta|are required "
                    "to|is required to|are obliged to|demand (?:that )?(?:you )?"
                ),
                _PAY,
                en(
                    "today|tonight|right now|this (?:morning|afternoon|evening)|this instant|"
                    "within the hour"
                ),
                within=4,
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.FALSE_URGENCY,
        (
            "zh_ultimatum",
            zh(
                "最后通牒|最后(?:一次)?(?:机会|警告|通牒|期限)|最终警告|过时不候|逾期不候|机不可失|时不我待|时间不多了?|倒计时|别怪我们不客气|"
                "别怪我(?:们)?没(?:有)?(?:提醒|警告)|别说(?:我们)?没(?:有)?提醒|丑话说在前|不要心存侥幸|不要抱(?:有)?侥幸|勿谓言之不预|"
                "没有下次|没有第二次机会|给你最后|只给你|"
                "限你|仅剩\\d+(?:个)?(?:小时|分钟)|只剩(?:\\d+|一|两|二|三|半|几)(?:个)?(?:小时|分钟)|(?:马上|立刻|立即)(?:还钱|"
                "还款|付款|打款|处理)(?:否则|不然|要不然)|否则后果|不然后果|后果(?:很|非常|十分)?严重|后果不堪设想|我们的耐心(?:有限|已经?用完|"
                "到头)|耐心(?:已经?)?(?:用完|耗尽)|今天(?:之内|内|必须|不还|不处理|不付)|今晚(?:之前|\\d+点前|十二点前|必须)|(?:\\d+|一|"
                "两|二|三|半|几|十二|二十四|四十八|24|48)(?:个)?(?:小时|分钟)(?:之内|以内|内)[^。]{0,4}(?:还|付|还清|付清|结清|"
                "打款|转账|还款|付款)"
            ),
        ),
        (
            "zh_now_or_else",
            zh_seq(
                zh(
                    "今天|今日|今晚|当天|马上|立刻|立即|现在|\\d+分钟|(?:一|两|二|三|半|几|1|2|3|12|24|48)(?:个)?小时"
                ),
                zh("还|付|打款|转账|结清"),
                zh(
                    "否则后果|不然后果|后果自负|别怪|要你好看|有你好看|就等着|你就完了|你就死定|没好果子"
                ),
                within=12,
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.FALSE_URGENCY,
        (
            "same_day_deadline",
            en(
                "(?:you have|you've got|you get|you've|we give you) (?:only )?(?:until|till|til) "
                "(?:\\d{1,2}(?::\\d\\d)? ?(?:am|pm)|noon|midnight|tonight|lunch(?:time)?|"
                "the end of "
                "(?:the )?day|close of business|end of business)(?: today| tonight)?|(?:today|"
                "tomorrow) is (?:your|the) (?:last|final) day"
            ),
        ),
        ("zh_last_chance", zh("最后的机会|最后一次机会|最后的期限|最后期限")),
        negatable=False,
    ),
    *patterns(
        Category.FALSE_URGENCY,
        (
            "exactly_hours",
            en(
                "(?:you|u) have (?:exactly|only|just|precisely|barely) (?:\\d+|one|two|three|four|"
                "five|six|twelve|24|48|twenty-?four|forty-?eight) (?:hours?|minutes?|mins?|hrs?)"
                "|(?:window|offer|chance|opportunity) (?:closes|ends|expires) (?:tonight|today|at "
                "midnight)"
            ),
        ),
        (
            "zh_only_today",
            zh("过了今天(?:就)?(?:没|不再|作废|不候|晚了)|机会只有一次|只有一次机会|过期不候"),
        ),
        negatable=False,
    ),
    *patterns(
        Category.FALSE_URGENCY,
        (
            "end_of_road",
            en(
                "end of the road|point of no return|no turning back|this is it, pay|no more waiting"
            ),
        ),
        ("zh_last_day", zh("今天是最后一天|没有(?:下次|第二次)|过了就没(?:有)?(?:机会|下次)")),
        negatable=False,
    ),
)
