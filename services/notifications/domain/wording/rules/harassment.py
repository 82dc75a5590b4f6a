"""Harassment: contact by frequency or at night, calls that never stop, visits to
intimidate (COMPLIANCE.md R5, T1, T3; "surprise appearances" are never built)."""

from __future__ import annotations

from services.notifications.domain.wording.categories import Category
from services.notifications.domain.wording.grammar import en, seq, zh, zh_seq
from services.notifications.domain.wording.lawful import contacts_us, delivering
from services.notifications.domain.wording.lexicon import WE, YOU, YOUR, ZH_YOU
from services.notifications.domain.wording.patterns import patterns

_CONTACT = en(
    "call|calls|calling|called|ring|ringing|rings|phone|phoning|phone calls?|text|texts|texting|"
    "message|messages|messaging|e-?mail|e-?mails|e-?mailing|contact|contacting|chase|chasing|"
    "visit|visits|visiting|hound|hounding|bother|bothering|pester|pestering|hassle|hassling|spam|"
    "spamming|bombard|bombarding|flood|flooding|blow up|blowing up|harass|harassing|knock|"
    "knocking|show up|showing up|turn up|turning up|come round|come by|come over|hit (?:you|u) up|"
    "hear from us|hear from me|hearing from us|hearing from me|be on (?:you|u|your case)|"
    "be in touch|remind|reminding|reminders?|"
    "follow up|following up|dial|dialling|dialing|buzz|ping|pinging|wake (?:you|u) up|"
    "keep after (?:you|u)|be at your door"
)
_OFTEN = en(
    "every (?:single )?(?:hour|minute|half[- ]?hour|few (?:minutes|hours)|(?:\\d+|two|three|five|"
    "ten|fifteen|twenty|thirty) (?:minutes|mins|hours)|morning|night|evening|waking (?:hour|"
    "moment|minute)|day and (?:every )?night|single day|day|weekend|sunday|saturday|holiday|"
    "lunch ?time|meal)|(?:day|morning|noon) and night|night and day|24/?7|24 ?x ?7|24 ?- ?7|"
    "24 hours a day|twenty-?four (?:hours|seven)|round the clock|around the clock|non-?stop|"
    "constantly|continually|continuously|relentlessly|repeatedly|incessantly|again and again|"
    "over and over(?: again)?|all day(?: long)?|all night(?: long)?|day in,? day out|"
    "at all hours|at any hour|at any time of (?:the )?(?:day or night|night)|(?:at|after|past|"
    "around) midnight|in the middle of the night|at (?:[1-5]|one|two|three|four|"
    "five)(?::\\d\\d)? ?a\\.?m|late at night|early in the morning and late at night|before dawn|"
    "at night|overnight|dozens of times|hundreds of times|(?:\\d+|ten|twenty|thirty|fifty|"
    "a hundred|a dozen|many|several|multiple) times (?:a|per|each|every) (?:day|hour|night)|"
    "until (?:you|u) (?:pay|answer|give in|crack|break|cave|beg|can't take|cannot take|go crazy|"
    "lose your mind|pick up|respond)|till (?:you|u) (?:pay|answer|give in|crack|break|cave|beg|"
    "pick up)|on weekends and holidays|on your (?:wedding|birthday|holiday|vacation|day off)|"
    "during (?:your )?(?:dinner|sleep|family time)|at dinner ?time|while you sleep|(?:in|"
    "on) the hour,? every hour"
)
_NEVER_STOP = seq(
    en(
        "won't stop|will not stop|never stop|not going to stop|don't stop|keep|keeps|kept|"
        "continue|continue to|won't quit|won't let up|not let up|won't rest|will not rest|"
        "never rest|carry on|go on"
    ),
    en(
        "calling|ringing|phoning|texting|messaging|chasing|visiting|coming|bothering|hounding|"
        "knocking|harassing|pestering|showing up|turning up|blowing up|call|ring|text|come|visit|"
        "knock|harass|pester"
    ),
    within=1,
)
_INTIMIDATE = en(
    "(?:blow|blowing) up (?:your|ur) (?:phone|inbox|line|mailbox|e-?mail|voicemail|office|"
    "switchboard|mobile)|(?:bombard|flood|spam|swamp|jam|overload|clog|hammer|"
    "carpet-?bomb)(?:ing|ed)? (?:your|ur) (?:phone|inbox|line|mailbox|e-?mail|voicemail|office|"
    "switchboard|mobile|reception)|make (?:your|ur) life (?:a )?(?:living )?(?:hell|misery|"
    "miserable|nightmare|difficult|unbearable)|sleepless nights|drive (?:you|u) (?:crazy|mad|"
    "insane|nuts|up the wall)|wear (?:you|u) down|(?:a )?fatigue (?:campaign|tactics)|"
    "ring off the hook|(?:surprise|unannounced|uninvited|unexpected|late-?night|midnight|"
    "night-?time|daily) (?:visits?|calls?|house calls?|appearances?)|(?:turn|"
    "show) up (?:unannounced|uninvited|without (?:warning|notice)|out of the blue)|"
    "door-?step(?:ping)? (?:you|u)|(?:camp|camping|sit|sitting|wait|waiting|stand|standing|park|"
    "parking|stay|staying|station|stationed|loiter|loitering) (?:outside|in front of|at|"
    "in) (?:your|ur) (?:home|house|door|doorstep|flat|apartment|lobby|reception|office|gate|"
    "building|driveway|street|kids' school|school|premises)|(?:follow|following|stalk|"
    "stalking) (?:you|u)|hound (?:you|u)|harass(?:ing|ment|ed)?"
)
_NO_PEACE = en(
    "(?:you|u)(?:'ll| will)? (?:never|not|won't|will not|will never|no longer) (?:ever )?(?:get|"
    "have|"
    "know|enjoy|see|find) (?:a|another|one|any|a single)? ?(?:single )?(?:moment's |minute's |"
    "night's |day's )?(?:peace|rest|sleep|quiet (?:night|day|moment|weekend|evening)|good night's "
    "sleep|calm|break|day off|holiday)|(?:first|last) (?:thing|voice|call|message|person|face) "
    "(?:you|u) (?:hear|see|get)|"
    "(?:never|not|won't|will not|will never) (?:leave|let) (?:you|u) (?:alone|in peace|be|rest|"
    "sleep)|(?:you|u) (?:won't|will not|will never|shall not|will no longer) (?:get|have|know|"
    "find|sleep|rest)(?: a)?(?: moment's| moment of| minute's| single)? (?:peace|rest|sleep|"
    "quiet|calm)|no (?:peace|rest|sleep) (?:for you|until)|(?:can't|cannot|"
    "won't be able to) sleep|won't go away|(?:we're|we are|we will be|we'll be) everywhere|"
    "phone (?:won't|will not|will never) stop|not (?:a )?(?:single )?(?:day|night|hour) (?:of|"
    "without) (?:peace|a call|calls)"
)
_HOME = en(
    "home|house|door|doorstep|front door|flat|apartment|family|kids' school|school|"
    "parents' (?:house|home)|neighbou?rhood|street|bedroom|private address|residence"
)

PATTERNS = (
    *patterns(
        Category.HARASSMENT,
        ("frequency", seq(_CONTACT, _OFTEN, within=4)),
        (
            "frequency_first",
            seq(_OFTEN, f"(?:{WE}|{YOU}|{YOUR} (?:phone|inbox|mobile))", _CONTACT, within=3),
        ),
        (
            "visit_home",
            seq(
                en(
                    "visit|visiting|come|coming|come round|come over|show up|"
                    "showing up|turn up|turning up|knock on|knocking on|be at|appear at|drop by|"
                    "drop in at|call at|call round at|pay a visit to|stop by"
                ),
                f"{YOUR} {_HOME}",
                within=3,
            ),
        ),
        (
            "at_your_door",
            seq(
                en(
                    "expect us|expect (?:a visit|our (?:agents?|team|people|men|collectors?))|"
                    "we'll be|"
                    "we will be|we'?ll turn up|we'?ll show up|see you|we'll be waiting|we will be "
                    "waiting|someone will be|our (?:agents?|men|people|team) will be"
                ),
                en("at|on|outside|in front of|by|near|around")
                + " "
                + YOUR
                + " "
                + en(
                    "home|house|door|doorstep|front door|flat|apartment|gate|driveway|kids' school|"
                    "school|bedroom window|window|car"
                ),
                within=4,
            ),
        ),
        ("intimidate", _INTIMIDATE),
        guards=(contacts_us, delivering),
    ),
    *patterns(
        Category.HARASSMENT,
        ("never_stop", _NEVER_STOP),
        ("no_peace", _NO_PEACE),
        negatable=False,
    ),
    *patterns(
        Category.HARASSMENT,
        (
            "zh_frequency",
            zh_seq(
                zh(
                    "天天|每天|每日|每晚|每早|每个小时|每小时|每隔[^。]{0,4}(?:分钟|小时|钟头)|每半小时|每(?:十|几|五|三|两)分钟|一天到晚|"
                    "日日夜夜|日夜|白天黑夜|白天晚上|没日没夜|夜以继日|二十四小时|24小时|全天候|半夜|深夜|凌晨|夜里|晚上(?:十|11|12|十一|"
                    "十二)点(?:以)?后|不停(?:地|的)?|不断(?:地|的)?|一直|连续|轮番|反复|无休止|没完没了|早中晚|早晚|一天(?:几十|上百|"
                    "\\d+|好几|十几|几)(?:次|遍|个|通)|随时随地|周末(?:和|也|都)?|节假日(?:也|都)?|时时刻刻|每时每刻|一刻不停"
                ),
                zh(
                    "打(?=你|电话|给|爆|一|个|几|过|到|$|[^\u4e00-\u9fff])",
                    "给" + ZH_YOU + "打",
                    "打" + ZH_YOU,
                    "打电话",
                    "来电",
                    "发(?:短信|信息|消息|微信|邮件)",
                    "短信",
                    "催(?:你|您|款|债|收|缴|一次)?",
                    "找(?:你|您|上门)",
                    "上门",
                    "登门",
                    "来" + ZH_YOU + "(?:家|公司|单位)",
                    "去" + ZH_YOU + "(?:家|公司|单位)",
                    "骚扰",
                    "轰炸",
                    "堵(?:你|您|门)",
                    "蹲(?:守|点)?",
                    "敲门",
                    "call",
                    "联系(?:你|您)",
                    "给" + ZH_YOU + "(?:发|打)",
                ),
                within=8,
            ),
        ),
        (
            "zh_intimidate",
            zh(
                "轰炸",
                "打爆" + ZH_YOU + "?(?:的)?(?:电话|手机)",
                "呼死你",
                "夺命连环",
                "连环call",
                "疲劳(?:战|轰炸|战术)",
                "车轮战",
                "骚扰(?:你|您|贵司|你们|你家)",
                "让"
                + ZH_YOU
                + "?(?:睡不着|不得安宁|没好日子过|日子不好过|不得安生|鸡犬不宁|寝食难安|"
                "没法(?:工作|生活|睡觉)|崩溃|受不了|抓狂)",
                "(?:天天|每天)(?:派人)?(?:堵|守|蹲)(?:在)?",
                "上门(?:讨债|催收|催债|要债|堵|闹|找你算账|收拾)",
                "(?:随时|马上|天天|每天|直接)上门",
                "上你家",
                "到你(?:家|老家)",
                "去你(?:家|老家)",
                "找到你家",
                "堵(?:在)?(?:你|您)(?:家|公司)?门口",
                "(?:守|蹲|等)在(?:你|您)(?:家|公司|单位)(?:门口|楼下)",
                "到(?:你|您)(?:家|公司|单位)(?:去)?(?:闹|堵|坐着|守着|要钱)",
                "(?:派|叫)人(?:去|到|上)(?:你|您)(?:家|公司)",
                "突然(?:上门|拜访|出现)",
                "不请自来",
                "不打招呼(?:就)?(?:上门|过来)",
                "打到(?:你|您)?(?:还钱|接|崩溃|关机|怕|受不了|服)",
                "一直打到",
                "跟踪(?:你|您)",
            ),
        ),
        guards=(contacts_us,),
    ),
    *patterns(
        Category.HARASSMENT,
        (
            "zh_phone_never_stops",
            zh(
                "(?:电话|手机)(?:会|将)?(?:响个不停|被打爆|响不停|没完没了|一直响|不停地响|打爆)|"
                "(?:你|您)(?:家|公司|单位)(?:的)?(?:门口|楼下)[^。]{0,8}(?:等你|堵你|守着|蹲着|等着你)|"
                "走到哪[^。]{0,4}跟到哪|盯(?:着|上|死)(?:你|您)|(?:你|您)去哪[^。]{0,4}(?:我们)?(?:就)?跟到哪"
            ),
        ),
        (
            "zh_no_peace",
            zh(
                "不得安宁|别想(?:睡|好过|安生|清静|过好)|(?:不|没)(?:会|得)?(?:让|放过)(?:你|您)(?:安宁|清静|好过|睡)|没完没了|没完|不罢休|"
                "一刻也?不(?:停|让你)"
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.HARASSMENT,
        (
            "see_us_everywhere",
            en(
                "without (?:seeing|hearing from|getting|finding|noticing) (?:us|our (?:number|name|"
                "calls?|messages?|e-?mails?|texts?|people|agents?))|keep sending (?:people|someone|"
                "agents|our team|our (?:people|agents|men))"
            ),
        ),
        (
            "zh_everywhere",
            zh(
                "(?:一开机|每次开机|打开手机|一打开)[^。]{0,8}(?:看到|收到|接到)|爆(?:你|您)(?:的)?(?:电话|手机)"
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.HARASSMENT,
        (
            "new_number",
            en(
                "(?:don't bother|no point|no use|pointless|useless) (?:in )?(?:changing|switching|"
                "blocking) (?:your|ur|us|our)|we(?:'ll| will) (?:find|get) (?:the new one|your new "
                "(?:number|address)|you wherever|you anywhere)"
            ),
        ),
        (
            "zh_new_number",
            zh(
                "换(?:号码|手机|电话|号|地址|住址)[^。]{0,4}(?:也)?没用|(?:照样|一样|总能|都能|照旧)找(?:得)?到(?:你|您)"
            ),
        ),
        negatable=False,
    ),
)
