"""Veiled and indirect wording: "a pity if your lorries caught fire", "if you get my
meaning", an industry that "will know by Monday", a post on LinkedIn, a team camped in
reception, a cell shared with interesting people, 腿还想不想要了 (COMPLIANCE.md R5).

Each pattern names a class of paraphrase, not a line: the verb or the frame that carries the
threat, with the objects it takes.
"""

from __future__ import annotations

from services.notifications.domain.wording.categories import Category
from services.notifications.domain.wording.grammar import either, en, seq, zh
from services.notifications.domain.wording.lawful import delivering, names_a_basis
from services.notifications.domain.wording.lexicon import WE, YOU, YOUR
from services.notifications.domain.wording.patterns import patterns
from services.notifications.domain.wording.rules.authority import PLACE_AHEAD

_SOCIAL_MEDIA = en(
    "linkedin|facebook|twitter|instagram|tiktok|weibo|wechat moments|social media|"
    "reddit|youtube|online forums?|review sites?|google reviews?|trustpilot|glassdoor|"
    "industry (?:forum|group|newsletter)s?"
)
_POST = en(
    "post|posts|posting|review|reviews|thread|story|video|article|expose|naming|shame|"
    "shaming|tag|tagging|warn(?:ing)? others"
)
_AUDIENCE = en(
    "customers|clients|suppliers|partners|bank|banks|investors|shareholders|staff|employees|"
    "landlord|insurers?|competitors|board|buyers|distributors|lenders|auditors"
)
_CIRCLE = en(
    "industry|sector|trade|market|town|city|street|village|network|business community|"
    "supply chain|business park|building|chamber of commerce|trade association"
)
_OFFICE = (
    en(
        "(?:high|county|district|supreme|crown|magistrates'?|people's|intermediate|federal|"
        "state|city|municipal) (?:court|courts|police|prosecutors?)|court enforcement|"
        "enforcement (?:office|officers?|unit|bureau|division)|bailiffs?(?:'s)? office|"
        "sheriff's office|tax office|ministry of [a-z]+|department of [a-z]+|"
        "police (?:station|department|headquarters)|public security bureau|prosecutor's office"
    )
    + PLACE_AHEAD
)
_FIRE = en(
    "caught fire|catch fire|burn(?:ed|t|s)? down|went up in (?:flames|smoke)|"
    "go up in (?:flames|smoke)|got (?:damaged|smashed|broken|hurt|wrecked|torched)|"
    "lost (?:all )?(?:its|their|your|the) (?:windows|roof|doors|glass)|"
    "(?:were|got|get|was) (?:damaged|smashed|broken|vandali[sz]ed|torched|scratched|"
    "slashed|keyed)|had an accident|has an accident|"
    "went missing|disappeared"
)

PATTERNS = (
    *patterns(
        Category.VIOLENCE,
        (
            "pity_if",
            seq(
                en("shame|pity|terrible|awful|sad|unfortunate|tragedy|tragic|bad luck"),
                en("if|should|were"),
                _FIRE,
                within=8,
            ),
        ),
        (
            "end_up_in",
            en(
                "(?:end|ends|ended|wind|winds|wound) up in (?:a ?&? ?e|hospital|the hospital|"
                "intensive care|icu|a wheelchair|casualty|the er|a cast|plaster|a coffin|"
                "the morgue)|how fragile|how easily (?:a |your |the )?[a-z]+ (?:breaks?|burns?|"
                "shatters?)|how flammable"
            ),
        ),
        (
            "veiled_meaning",
            en(
                "if (?:you|u) (?:get|catch) my (?:meaning|drift)|if (?:you|u) know what i mean|"
                "(?:you|u) know what i(?:'m| am) saying|if (?:you|u) understand me|nudge nudge|"
                "wink wink|mak(?:e|ing) (?:people|you|u) see sense|persuasive (?:friends|lads|boys)"
            ),
        ),
        (
            "zh_veiled",
            zh(
                "(?:腿|手|胳膊|命|脸|牙)(?:还)?(?:想|要)不(?:想|要)|好好[\"“”']?关照|"
                "关照一下(?:你|您)|[\"“”']关照[\"“”']"
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.ARREST,
        (
            "cell",
            en(
                "shar(?:e|ing) a cell|cell ?mates?|prison cell|a cell (?:with|for)|"
                "orange jumpsuits?|in the slammer|in the clink|in the nick|doing porridge|"
                "prison (?:food|uniform)|visiting (?:day|hours) (?:in|at) (?:prison|jail)"
            ),
        ),
    ),
    *patterns(
        Category.FALSE_AUTHORITY,
        (
            "calling_from_an_office",
            seq(
                en(
                    "calling|writing|phoning|ringing|contacting (?:you|u)|speaking|representing|"
                    "officer|agent|investigator|here|this is|i am|i'm|we are|we're"
                ),
                en("from|at|of|on behalf of|for|with") + r"(?: the| a| an)?",
                _OFFICE,
                within=1,
            ),
        ),
    ),
    *patterns(
        Category.SHAMING,
        (
            "circle_will_know",
            seq(
                en("everyone|everybody|all|the whole|the rest of"),
                _CIRCLE,
                en("will|'ll|is going to|are going to|gonna|shall|would|is about to|are about to"),
                en("know|hear|learn|find out|be told|see|read|talk"),
                within=3,
            ),
        ),
        ("post_about", either(_SOCIAL_MEDIA, _POST, within=3)),
        (
            "warn_others",
            en(
                "warn(?:ing|s)? (?:others|everyone|people|the (?:market|industry|trade)|other "
                "(?:suppliers|businesses|companies|customers)) (?:about|against|of) (?:you|u|your)"
            ),
        ),
        (
            "audience_would_like_to_hear",
            seq(
                YOUR,
                _AUDIENCE,
                en("might|may|would|will|could|'d"),
                en("like|love|want|be interested|be curious|be keen|enjoy|appreciate"),
                en("to hear|to know|to learn|to find out|to read|to see|hearing|knowing|learning"),
                within=2,
            ),
        ),
    ),
    *patterns(
        Category.INSULT,
        (
            "only_a_crook",
            seq(
                en("only|just") + r"(?: (?:a|an|the|some))?",
                en(
                    "crooks?|thief|thieves|fraudsters?|con ?m[ae]n|cheats?|liars?|idiots?|morons?|"
                    "fools?|scoundrels?|swindlers?|charlatans?|cowboys?|clowns?|amateurs?|"
                    "deadbeats?|scumbags?|lowlifes?|parasites?"
                ),
                en("would|could|does|do|behaves?|runs?|acts?"),
                within=1,
            ),
        ),
    ),
    *patterns(
        Category.SEIZURE,
        (
            "clear_out",
            seq(
                WE,
                en("will|'ll|are going to|gonna|shall|may|might|could|would|intend to|plan to"),
                en(
                    "clear out|clean out|empty|strip|take away|remove|cart off|haul away|load up|"
                    "drive off with|walk off with|help ourselves to|carry off"
                ),
                YOUR,
                en(
                    "stockroom|warehouse|stock|inventory|shop|office|premises|machines|machinery|"
                    "equipment|vans|lorries|trucks|furniture|goods|everything|computers|cars?|"
                    "house|home|belongings"
                ),
                within=2,
            ),
        ),
    ),
    *patterns(
        Category.SEIZURE,
        (
            "send_a_team",
            seq(
                en("send|sending|sent|dispatch|dispatching|despatch|bring|bringing"),
                en(
                    "a team|people|someone|our (?:team|people|men|staff|agents|lads)|men|a van|"
                    "a truck|a lorry|movers|removal men"
                ),
                en("to") + r"(?: [a-z]+)?",
                en("collect|take|remove|pick up|seize|load|clear out|repossess|carry off|empty"),
                YOUR,
                within=2,
            ),
        ),
        (
            "zh_take_away",
            zh(
                "(?:派人|带人|找人|安排人)[^。]{0,6}(?:搬走|拉走|拖走|扣下|收走|抬走)|(?:搬走|拉走|拖走|收走)(?:你|你们|贵司)"
            ),
        ),
    ),
    *patterns(
        Category.UNOWED_FEE,
        (
            "zh_costs_on_you",
            zh(
                "(?:催款|催收|追讨|上门|外访|律师|诉讼|追债)(?:所|而)?(?:产生|发生)?的?(?:一切|全部|所有)?(?:费用|成本|开支)"
                "[^。]{0,8}(?:由|归)(?:你|你方|贵司|你们|您)[^。]{0,3}(?:承担|负担|支付|出)"
            ),
        ),
        (
            "bill_for_chasing",
            seq(
                en("bill|charge|invoice"),
                en("you|u|your company") + r"(?: [a-z]+)?",
                en("for|with"),
                en(
                    "the time|our time|the cost|the costs|every call|each call|every letter|"
                    "chasing|the chasing|collecting|collection"
                ),
                within=3,
            ),
        ),
        guards=(names_a_basis,),
    ),
    *patterns(
        Category.HARASSMENT,
        (
            "camped_until",
            seq(
                en(
                    "camp|camped|camping|sit|sitting|stay|staying|stationed|parked|stand|"
                    "standing|wait|waiting|occupy|occupying"
                ),
                en("in|at|outside|in front of|by|on"),
                YOUR,
                en(
                    "reception|lobby|office|offices|door|doorstep|gate|premises|house|home|shop|"
                    "factory|warehouse|front door|car park|site"
                ),
                en("until|till|unless|day and night|all day|every day|around the clock|24/7"),
                within=3,
            ),
        ),
        guards=(delivering,),
    ),
    *patterns(
        Category.LEGAL_STATUS,
        (
            "disputing_wont_help",
            seq(
                en(
                    "disputing|challenging|contesting|objecting|arguing|complaining|appealing|"
                    "questioning|a dispute|an objection|a complaint|an appeal"
                ),
                en(
                    "won't|will not|wont|doesn't|does not|isn't going to|is not going to|can't|"
                    "cannot|will never|would not|wouldn't"
                ),
                en(
                    "help|work|change|matter|save|get (?:you|u)|make (?:a|any) difference|"
                    "go anywhere"
                ),
                within=3,
            ),
        ),
        (
            "already_decided",
            en(
                "(?:the )?(?:matter|case|issue|claim|outcome|question) (?:is|has been|was) "
                "(?:already )?(?:decided|determined|ruled on)"
            ),
        ),
        negatable=False,
    ),
)

PATTERNS = (
    *PATTERNS,
    *patterns(
        Category.VIOLENCE,
        (
            "persuasive_people",
            seq(
                en("associates|friends|lads|boys|people|colleagues|men|guys|partners"),
                en("can be|are|get|can get|will be")
                + r"(?: (?:very|quite|extremely|rather|really))?",
                en(
                    "persuasive|convincing|rough|physical|unpleasant|forceful|heavy-?handed|"
                    "hands-?on|nasty"
                ),
                within=1,
            ),
        ),
        (
            "zh_unsafe",
            zh(
                "(?:可就|就|可)(?:不|没那么)安全了|"
                "(?:难保|保不准|说不准)[^。]{0,6}(?:出|发生)(?:什么)?(?:事|意外)"
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.FALSE_AUTHORITY,
        (
            "zh_issued_by_a_body",
            zh(
                "(?:由|来自|代表)[^。]{0,3}(?:公安|警方|派出所|检察院|法院|税务局|税务|工商局|"
                "市场监管局|政府|纪委|监委|经侦)[^。]{0,6}(?:发出|下发|签发|送达|通知|出具)"
            ),
        ),
    ),
    *patterns(
        Category.LEGAL_STATUS,
        (
            "changes_nothing",
            seq(
                en(
                    "disputing|challenging|contesting|objecting|arguing|complaining|appealing|"
                    "questioning|a dispute|an objection|a complaint|an appeal|complaints|disputes"
                ),
                en(
                    "will change nothing|changes nothing|change nothing|won't change anything|"
                    "makes no difference|will make no difference|will get (?:you|u) nowhere|"
                    "gets (?:you|u) nowhere|is pointless|are pointless|is useless|is futile|"
                    "is a waste of time"
                ),
                within=3,
            ),
        ),
        (
            "zh_no_right",
            zh(
                "(?:你|您|贵司|你们)[^。]{0,2}(?:无权|没有(?:任何)?(?:权利|资格)|没(?:有)?资格)"
                "[^。]{0,4}(?:异议|申诉|拒绝|争议|抗辩|申辩|投诉|质疑)"
            ),
        ),
        negatable=False,
    ),
)

_THIRD_PARTIES = en(
    "suppliers?|customers?|clients?|partners?|distributors?|buyers?|lenders?|banks?|"
    "investors?|shareholders?|neighbou?rs?|landlord|tenants?|competitors?|contacts|"
    "business partners|trade partners|approved list|supplier list|customer list|"
    "mailing list|network"
)
_DEBT_NOUN = en(
    "arrears|debts?|unpaid (?:bills?|invoices?)|late payments?|non-?payment|what (?:you|u) owe|"
    "the money (?:you|u) owe|your (?:balance|account|payment record|payment history)|"
    "(?:you|u) (?:don't|do not|never) pay"
)

PATTERNS = (
    *PATTERNS,
    *patterns(
        Category.SHAMING,
        (
            "tell_every_third_party",
            seq(
                en("every|each|all|all of|all your|each of"),
                _THIRD_PARTIES,
                en("about|regarding|concerning|of|that"),
                _DEBT_NOUN,
                within=4,
            ),
        ),
        (
            "billboard",
            seq(
                en("name|names|photo|photos|picture|pictures|face|logo|company"),
                en("will be|goes|go|is going|are going|will go|shall be|ends up|end up"),
                en("on|in") + r"(?: (?:a|the))?",
                en(
                    "billboards?|posters?|banners?|flyers?|leaflets?|notice ?boards?|"
                    "newspapers?|front page|wall of shame|website|internet|public list"
                ),
                within=2,
            ),
        ),
        (
            "zh_posted",
            zh(
                "(?:照片|名字|姓名|公司名|大名|头像)[^。]{0,8}(?:贴|挂|登|发|公布|张贴|喷)[^。]{0,2}(?:到|在|上)"
                "[^。]{0,6}(?:门口|小区|大门|电梯|公告栏|网上|报纸|朋友圈|群里|街上|楼下)"
            ),
        ),
    ),
    *patterns(
        Category.VIOLENCE,
        (
            "unsafe_around",
            seq(
                en("feel|be|feeling|being|stay|are|is"),
                en("unsafe|in danger|at risk|vulnerable|exposed|afraid|scared|nervous"),
                en("coming to|going to|at|walking|on the way|in|around|getting to|leaving"),
                within=3,
            ),
        ),
        (
            "habit_of_breaking",
            seq(
                en("things|stuff|windows|machines|vans|trucks|people|accidents"),
                en("have a habit of|tend to|seem to|have a way of|keep|often|always"),
                en(
                    "break|breaking|burn|burning|go missing|going missing|get hurt|getting hurt|"
                    "happen|happening|catch fire|catching fire|fall apart"
                ),
                within=2,
            ),
        ),
        (
            "zh_fire_check",
            zh(
                "(?:消防|防火|安保|保安|门锁|监控)[^。]{0,10}(?:最好|建议|记得|小心)[^。]{0,4}(?:检查|看看|注意|留意)"
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.FALSE_AUTHORITY,
        (
            "zh_word_with_officials",
            zh(
                "(?:和|跟|与|找|托)[^。]{0,3}(?:公安|警方|派出所|检察院|法院|税务局|工商局|市场监管局|政府|"
                "领导|上面)[^。]{0,4}(?:打过招呼|打了招呼|打招呼|说好了|有关系|关系很好|是朋友|很熟)"
            ),
        ),
    ),
    *patterns(
        Category.HARASSMENT,
        (
            "zh_see_our_people",
            zh(
                "(?:每天|天天|每晚|每个早上|每天早上|每天晚上|以后)[^。]{0,10}(?:看到|见到|碰到)(?:我们的人|我们)"
            ),
        ),
    ),
    *patterns(
        Category.INSULT,
        (
            "zh_vermin",
            zh("蛀虫|寄生虫|吸血鬼|人渣|败类|垃圾公司|害群之马|社会的毒瘤|毒瘤|臭虫|蛆"),
        ),
        (
            "couldnt_organise",
            en(
                "couldn't organi[sz]e a [a-z-]+ in a [a-z]+|could not organi[sz]e a [a-z-]+ in a "
                "[a-z]+|piss-?up in a brewery|couldn't run a bath|brain(?:s)? of a "
                "(?:goldfish|rock|plank)|thick as (?:a brick|two short planks)"
            ),
        ),
    ),
    *patterns(
        Category.SEIZURE,
        (
            "zh_drive_off",
            zh(
                "(?:车|货车|汽车|设备|机器|货物|库存)[^。]{0,8}(?:开走|拉走|拖走|扣下|扣押|搬走)"
                "[^。]{0,4}(?:抵押|抵债|抵账|顶账|作抵)?"
            ),
        ),
    ),
    *patterns(
        Category.LEGAL_STATUS,
        (
            "forfeited",
            seq(
                YOU + r"(?: (?:have|'ve|has|already))?",
                en("forfeited|lost|waived|gave up|given up|surrendered|lost all"),
                en("any|all|your|the") + r"?",
                en("right|rights|chance|claim") + r"(?: to)?",
                within=2,
            ),
        ),
        negatable=False,
    ),
)

PATTERNS = (
    *PATTERNS,
    *patterns(
        Category.VIOLENCE,
        (
            "lovely_family_shame",
            en(
                "(?:lovely|nice|beautiful|sweet|charming|wonderful|precious) (?:family|wife|"
                "husband|kids|children|daughter|son|home|house|grandchildren)[^.!?。]{0,80}?"
                "(?:shame|pity|sad|terrible|awful|unfortunate)"
            ),
        ),
        (
            "zh_take_care",
            zh(
                "(?:注意安全|小心点|当心点|小心些|当心些)[^。]{0,12}(?:不太平|不安全|出事|意外|危险)|路上不太平"
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.ARREST,
        (
            "tray_and_years",
            en(
                "eat(?:ing)? off a (?:metal|tin|plastic) tray|doors? that lock(?:s)? from the "
                "outside|years inside|a few years inside|inside for years"
            ),
        ),
    ),
    *patterns(
        Category.HARASSMENT,
        (
            "school_gate",
            seq(
                en("wait|waiting|be|meet|meeting|watch|watching|see|seeing|stand|standing"),
                en(
                    "school gates?|school run|(?:your|the) (?:kids'|children's|child's) school|"
                    "nursery|kindergarten"
                ),
                within=5,
            ),
        ),
    ),
    *patterns(
        Category.UNOWED_FEE,
        (
            "on_top",
            seq(
                en("fees?|charges?|surcharges?|levy|levies|penalt(?:y|ies)|costs?"),
                en("on top of|in addition to|over and above"),
                en("the|your|this") + r"?",
                en("invoice|invoices|balance|amount|debt|bill|sum"),
                within=8,
            ),
        ),
        guards=(names_a_basis,),
    ),
    *patterns(
        Category.SEIZURE,
        (
            "repo_men",
            en(
                "repo (?:men|man|team|truck|agents?|crew)|repossession (?:men|team|agents?|crew)|"
                "tow (?:truck|trucks) (?:for|to take)"
            ),
        ),
    ),
)
