"""False authority: police, court, government or a lawyer invoked or impersonated; fake
legal papers (COMPLIANCE.md R5).

An address is not an authority ("4 Court Road", 公安街), and a reader asked to report a
fraud to the police is not threatened; a real, lawful legal step is :mod:`.legal`'s.
"""

from __future__ import annotations

from services.notifications.domain.wording.categories import Category
from services.notifications.domain.wording.grammar import en, seq, zh, zh_seq
from services.notifications.domain.wording.lawful import asks_the_reader
from services.notifications.domain.wording.lexicon import YOU, YOUR
from services.notifications.domain.wording.patterns import patterns

PLACE_AHEAD = (
    r"(?! ?(?:road|rd|street|st|avenue|ave|lane|ln|way|plaza|square|place|drive|dr|"
    r"boulevard|blvd|house|building|tower|centre|center|park|row|hill|gardens?|terrace|"
    r"close|crescent|mews|walk|station|bridge|estate|village|district)(?![a-z]))"
)
_POLICE = (
    en(
        "police|police force|policemen|police officers?|(?<!our\\x20)(?<!credit\\x20)"
        "(?<!account\\x20)(?<!customer\\x20)(?<!collection\\x20)officers|cops?|the feds|fbi|irs|"
        "hmrc|"
        "law enforcement|(?:the )?authorities|detectives?|sheriff(?:'s)?|sheriffs|marshals?|"
        "federal agents?|state troopers?|troopers?|interpol|immigration(?: officers?|"
        " services?)?|tax (?:office|authorities|authority|inspectors?)|customs(?: officers?)?|"
        "the government|government agents?|department of justice|doj|attorney general|"
        "district attorney|public prosecutor|prosecutors?|crown prosecution service|cps|"
        "regulators?|financial regulator|ftc|cfpb|fraud squad|anti-?fraud (?:unit|squad|police)|"
        "economic crimes? (?:unit|police)"
    )
    + PLACE_AHEAD
)
_INVOLVE = en(
    "call|calling|called|contact|contacting|contacted|notify|notifying|notified|inform|informing|"
    "informed|alert|alerting|alerted|involve|involving|involved|report|reporting|reported|refer|"
    "referring|referred|hand|handing|handed|pass|passing|passed|send|sending|sent|bring in|"
    "bringing in|get|getting|complain to|file a (?:report|complaint) with|"
    "lodge a (?:report|complaint) with|turn (?:you|u) over to|hand (?:you|u) over to|tip off|"
    "escalate (?:this|it|the matter) to|go to|going to|went to|dial 911|dial 999|dial 110"
)
_ACT = en(
    "come|coming|visit|visiting|arrive|arriving|involved|interested(?: in (?:you|your|this))?|"
    "keen to|curious|aware of (?:you|u|your|this|it)|"
    "informed|notified|alerted|on the case|on to (?:you|u)|onto (?:you|u)|be called|be contacted|"
    "be notified|be informed|"
    "be involved|be alerted|be sent|be dispatched|be knocking|be waiting|be at your door|"
    "on (?:their|the|its|his|her) way|looking for (?:you|u)|waiting for (?:you|u)|investigating|"
    "after (?:you|u)|at your door|pick (?:you|u) up|picking (?:you|u) up|take (?:you|u) away|"
    "taking (?:you|u) away|in touch|contact (?:you|u)|call (?:on )?(?:you|u)|get involved|step in|"
    "knock|knocking|raid|search|question (?:you|u)|interview (?:you|u)|deal with (?:you|u|this)|"
    "handle (?:this|it|you)|know about (?:you|u|this)|have (?:your|ur) (?:name|file|details|case)|"
    "been (?:notified|informed|contacted|alerted|called|involved)|been given|"
    "open(?:ed)? (?:a|an) (?:case|file|investigation)|issue(?:d)? (?:a )?warrant"
)
_OFFICIAL_BODY = (
    en(
        "police|court|courts|district court|county court|high court|magistrates|"
        "magistrates' court|federal court|supreme court|the government|government|the state|"
        "federal government|sheriff(?:'s)? (?:office|department)|marshals? service|fbi|irs|hmrc|"
        "department of justice|ministry of [a-z]+|attorney general(?:'s office)?|"
        "(?:public )?prosecutor(?:'s)?(?: office)?|tax (?:office|authority|authorities)|"
        "law enforcement|customs|immigration|central bank|regulator|financial regulator|judge|"
        "judiciary|bailiff service"
    )
    + PLACE_AHEAD
)
_FAKE_AGENCY = en(
    "(?:national|federal|state|government|central|official|public|regional|municipal|county|"
    "district|international) (?:[a-z]+ )?(?:debt|debts|credit|collections?|recovery|arrears|"
    "enforcement|"
    "fraud|financial crimes?|economic crimes?|debtors?|defaulters?) (?:agency|bureau|office|"
    "department|authority|unit|division|register|registry|board|commission|service|task ?force|"
    "squad|cent(?:er|re)|tribunal|database|list)|(?:debt|collections?|recovery|arrears|"
    "payment) (?:enforcement|crimes?|fraud|investigation|police|compliance) (?:unit|division|"
    "department|bureau|agency|office|officers?|squad|team|service|authority|directorate)|"
    "(?:enforcement|recovery|collections?) officers? of the court|officers? of the court|"
    "court[- ]?appointed(?: [a-z]+)?|court (?:officers?|agents?|officials?|representatives?|"
    "bailiffs?|marshals?|enforcers?)|federal agents?|special agents?|badge (?:number|no)|"
    "official (?:court|government|police|state|federal|judicial) (?:notice|letter|document|"
    "communication|order|warning|summons|demand|correspondence)|government (?:notice|order|"
    "warning|demand)|seal of the court|stamped by the court|(?:issued|signed|"
    "ordered) by (?:the )?(?:judge|court|magistrate|police|sheriff)|by order of the (?:court|"
    "judge|government|state|police)|warrant officers?|enforcement (?:division|directorate)"
)
_LEGAL_PAPER = en(
    "summons(?:es)?|subpoena(?:s|ed)?|writs?(?: of [a-z]+)?|warrants?|court orders?|"
    "garnishment orders?|liens?|notice of (?:lawsuit|legal action|prosecution|arrest|criminal|"
    "seizure|execution|levy|garnishment)|legal summons|court summons|criminal complaint|"
    "bench warrant|arrest warrant"
)
_PAPER_STATE = (
    en(
        "has been|have been|was|were|is being|are being|is now|will be|shall be|is|are|has|have|"
        "being|already|just|now|been"
    )
    + r"(?: [a-z]+)?"
)
_PAPER_DONE = en(
    "issued|filed|served|signed|granted|entered|lodged|attached|enclosed|prepared|drafted|ready|"
    "on its way|pending|approved|sent|dispatched|delivered|registered|executed|obtained"
)
_POSING = en(
    "(?:i am|i'm|this is|we are|we're|speaking as|writing as|acting as|calling as|"
    "here is) (?:an?|your|the|their) (?:lawyer|attorney|solicitor|barrister|legal counsel|"
    "counsel|legal officer|legal agent|legal representative|attorney-at-law|advocate|notary|"
    "police officer|officer|detective|judge|magistrate|prosecutor|government official|"
    "government agent|federal agent|sheriff|marshal|bailiff|court officer|investigator)|(?:i am|"
    "i'm|this is|we are|we're) (?:from|with|calling from|writing from|"
    "acting for) (?:the )?(?:police|court|government|sheriff's office|fbi|irs|hmrc|"
    "department of justice|prosecutor's office|tax office|immigration|customs|law firm of|"
    "the law office of)|(?:on behalf of|acting for|instructed by|appointed by|authori[sz]ed by|"
    "working with|in cooperation with|in partnership with|sent by|mandated by|representing|"
    "representatives? of|agents? of|officers? of|working for|employed by) (?:the )?(?:police|"
    "court|courts|district court|county court|high court|magistrates|government|state|"
    "federal government|sheriff|marshals|fbi|irs|hmrc|department of justice|ministry of [a-z]+|"
    "attorney general|public prosecutor|prosecutor's office|tax office|tax authority|"
    "law enforcement|judge|judiciary|regulator|authorities)"
)

_NOT_A_PLACE_ZH = (
    r"(?!街|路|巷|大道|东路|西路|南路|北路|大街|胡同|站|小区|广场|大厦|宿舍|新村|里|弄|口|桥|门)"
)
_ZH_AUTHORITY = (
    zh(
        "法院的人|法院的工作人员|法院执行人员|法院(?=的人|的工作人员|执行)|公安局?|公安机关|公安部门|公安厅|警察|警方|民警|刑警|经侦|派出所|特警|武警|巡警|警官|"
        "检察院|检察官|检察机关|政府|市政府|区政府|街道办|司法机关|司法部门|"
        "执法部门|执法机关|执法人员|执法队|国家机关|税务局|税务部门|工商局|工商部门|市场监管局|银保监|银监会|金融监管|人民银行|央行|纪委|监察委|国安|移民局|海关|"
        "城管|法警|执行局|执行法官|法官|法院执行"
    )
    + _NOT_A_PLACE_ZH
)
_ZH_AUTHORITY_ACTS = zh(
    "上门|找你|找到你|来找你|联系你|出面|介入|立案|调查你|抓|传唤|拘传|带走|到你|去你|来你|登门|出动|通缉|约谈|处理你|处理此事|处置|查你|盯上你|找上门|来抓|锁定你|"
    "定位你|追查|介入调查|上你家|敲门|协助(?:调查|执行|我们)|配合我们|已经掌握"
)

PATTERNS = (
    *patterns(
        Category.FALSE_AUTHORITY,
        ("involve_police", seq(_INVOLVE, _POLICE, within=5)),
        guards=(asks_the_reader,),
    ),
    *patterns(
        Category.FALSE_AUTHORITY,
        (
            "police_act",
            seq(
                _POLICE,
                en(
                    "will|'ll|are going to|is going to|are|is|have|has|"
                    "may|might|could|shall|would|soon|already|now|gonna"
                )
                + r"(?: [a-z]+){0,2}",
                _ACT,
                within=1,
            ),
        ),
        (
            "visit_from_police",
            seq(
                en(
                    "visit|call|knock|knock on the door|visitors?|a word|questions|letter|"
                    "house call"
                ),
                en("from|by") + r"(?: the)? " + _POLICE,
                within=1,
            ),
        ),
        (
            "official_paper",
            en(
                "(?:an? |the )?(?:official |formal |final |legal )?(?:notice|letter|order|summons|"
                "communication|document|warning|demand|notification)s? (?:from|of|issued by|"
                "sent by|"
                "on behalf of|signed by) (?:the )?(?:county court|district court|high court|"
                "magistrates'? court|court|courts|police|government|sheriff|sheriff's office|"
                "department of justice|attorney general|fbi|irs|hmrc|judge|magistrate|state)"
                "|consider this (?:letter |notice |message )?(?:a |an |as a |"
                "as an )?(?:court order|"
                "summons|warrant|legal summons|official court notice)"
            )
            + PLACE_AHEAD,
        ),
        ("posing", _POSING + PLACE_AHEAD),
        ("fake_agency", _FAKE_AGENCY),
        ("fake_paper", seq(_LEGAL_PAPER, _PAPER_STATE, _PAPER_DONE, within=2)),
        (
            "fake_paper_enclosed",
            seq(
                en(
                    "enclosed|attached|here is|please find|you will receive|"
                    "you are receiving|you have been served|we have served|served with|"
                    "we have (?:obtained|issued|filed)|hereby"
                ),
                r"(?:[a-z']+ ){0,3}" + _LEGAL_PAPER,
                within=1,
            ),
        ),
        (
            "summoned",
            seq(
                YOU,
                en("are|have been|will be|'re") + r"(?: hereby)?",
                en(
                    "summoned|"
                    "ordered|commanded|required by law|required by the court|under investigation|"
                    "wanted|named in (?:a|an) (?:criminal|police)"
                ),
                within=1,
            ),
        ),
        (
            "your_case_file",
            seq(
                f"{YOUR} " + en("case|file|name|details|record"),
                en("has been|have been|was|is|are|will be") + r"(?: [a-z]+)?",
                en("passed|sent|forwarded|handed|given|referred|reported|submitted")
                + r"(?: over)?",
                en("to"),
                _POLICE,
                within=1,
            ),
        ),
    ),
    *patterns(
        Category.FALSE_AUTHORITY,
        (
            "zh_report_to_police",
            zh(
                "报警",
                "报案",
                "已报警",
                "报110",
                "打110",
                "找警察",
                "叫警察",
                "找公安",
                "移交(?:给)?(?:公安|警方|司法机关|有关部门|相关部门|执法部门|检察院)",
                "移送(?:给)?(?:公安|警方|司法机关|有关部门|相关部门|检察院)",
                "(?:交给|转交|上报|举报到?|告到|报到|反映到|投诉到)(?:给)?" + _ZH_AUTHORITY,
                "让" + _ZH_AUTHORITY + "(?:来)?(?:处理|抓|找|收拾)",
            ),
        ),
        guards=(asks_the_reader,),
    ),
    *patterns(
        Category.FALSE_AUTHORITY,
        (
            "zh_authority_acts",
            zh_seq(
                _ZH_AUTHORITY + "(?:的人|的同志|人员|工作人员|的工作人员)?",
                _ZH_AUTHORITY_ACTS,
                within=6,
            ),
        ),
        (
            "zh_posing",
            zh(
                "(?:我|我们|本人|这里|这边)(?:是|就是|来自|代表)[^。]{0,8}?(?:公安|警察|警方|派出所|法院|检察院|政府|执法|律师|律所|"
                "律师事务所|法官|税务|海关|银保监|人民银行)|受(?:法院|公安|公安机关|公安局|政府|检察院|警方|司法机关|有关部门|派出所|"
                "执法部门)(?:的)?(?:委托|指派|授权)|(?:代表|"
                "代理)(?:法院|公安|政府|检察院|警方|国家)|以(?:法院|公安|政府|国家|警方|司法机关)(?:的)?名义|(?:法院|公安|警方|政府|"
                "检察院)(?:已)?(?:委托|授权|指派)(?:我们|我方|本公司|我司|我)|协助(?:法院|公安|警方|检察院)(?:执行|调查|办案)|(?:法院|"
                "公安|政府)(?:特派|派来)|(?:全国|国家|中央|政府|官方|金融|司法)(?:债务|催收|清欠|追债|欠款|执行|讨债)(?:中心|局|办公室|委员会|"
                "部门|管理局|处|办|平台|系统|大队)|(?:清欠|追债|讨债|催收)(?:办公室|大队|中队|专案组|执法队|行动组|执法)|专项(?:清欠|追讨|"
                "追债)(?:行动|小组)|(?:法院|司法|公安)特派员"
            ),
        ),
        (
            "zh_authorities_know",
            zh(
                "(?:相关|有关)部门(?:已经|已|会|将|正在|马上)?(?:掌握|介入|调查|立案|处理你|找你|盯上|关注你|备案了你)"
            ),
        ),
        (
            "zh_fake_paper",
            zh(
                "法院传票|传票(?:已|已经|将|马上|即将|正在)?(?:寄出|发出|送达|下达|发到|寄到|到了|到)|收到(?:法院的?)?传票|拘传(?:票|令)|"
                "逮捕令|通缉令|拘留证|拘留通知书|立案通知书|协查(?:通报|函|令)|(?:法院|公安|检察院)(?:的)?(?:文件|公文|公函|通知书|红头文件)|"
                "红头文件|(?:法院|公安|公安局|政府|检察院|派出所|警方|税务局)(?:的)?(?:正式)?(?:通知|公告)(?!书)|法律(?:文书|文件)(?:已|"
                "已经)(?:生成|下达|发出|寄出)|"
                "执行通知书|搜查令"
            ),
        ),
    ),
    *patterns(
        Category.FALSE_AUTHORITY,
        (
            "fake_department",
            en(
                "(?:department|bureau|office|ministry|agency|division|board|commission|authority|"
                "directorate) (?:of|for) (?:[a-z]+ ){0,2}(?:debts?|collections?|enforcement|"
                "recovery|"
                "credit|arrears|defaulters?|non-?payment|commercial debt)|"
                "government[- ](?:authori[sz]"
                "ed|approved|licensed|backed|appointed|sanctioned|registered) (?:agency|collector|"
                "agent|bureau|office)|(?:contacts|friends|people|connections|someone|a friend|"
                "mates) (?:in|at|within|inside) the (?:police|court|courts|tax office|government|"
                "authorities|prosecutor's office|sheriff's office)|issued by (?:the )?(?:court|"
                "police|government|sheriff|judge|magistrates?)"
            ),
        ),
        (
            "zh_connections",
            zh(
                "(?:和|跟|与)(?:法院|公安|警察|警方|派出所|政府|检察院|执法部门)[^。]{0,4}(?:关系|很熟|熟|有人)|"
                "(?:法院|公安|政府|派出所|检察院)(?:里)?有(?:人|熟人|关系)|由(?:人民)?(?:法院|公安局?|检察院|政府|"
                "执行局|派出所)[^。]{0,8}(?:发出|签发|下达|出具|发布)|政府授权|官方授权|国家授权|"
                "(?:你)?自己想清楚"
            ),
        ),
    ),
    *patterns(
        Category.FALSE_AUTHORITY,
        (
            "police_notice",
            en(
                "(?:formal |official )?(?:police|criminal|sheriff'?s?|government|state) (?:notice|"
                "letter|order|warning|summons|report|document|communication)|(?:formal|official) "
                "(?:court|judicial) (?:notice|letter|warning|summons|document)|"
                "treat this as (?:a |an )?"
                "(?:formal |official )?(?:police|court|legal|criminal|government) (?:notice|order|"
                "summons|warning|document)|(?:officer|detective|agent|inspector|investigator|"
                "constable) (?:will be|has been|is being|was) assigned to (?:your|ur) (?:case|file)"
            )
            + PLACE_AHEAD,
        ),
        (
            "police_mentioned",
            en(
                "police|cops?|fbi|the feds|sheriff'?s?|marshals?|law enforcement|detectives?|"
                "state troopers?|interpol|police (?:officers?|station|report)"
            )
            + PLACE_AHEAD,
        ),
        (
            "zh_authority_mentioned",
            zh("警察|警方|公安局|公安机关|派出所|刑警|经侦|检察院|检察官|民警|特警")
            + _NOT_A_PLACE_ZH,
        ),
        (
            "zh_friends_in_court",
            zh("(?:法院|公安|派出所|警察|政府|检察院)(?:里|那边|那里)?的(?:朋友|熟人|关系|人说)"),
        ),
        guards=(asks_the_reader,),
    ),
    *patterns(
        Category.FALSE_AUTHORITY,
        (
            "crime_bureau",
            en(
                "economic crimes? (?:bureau|unit|division|squad|police|investigation|department)|"
                "financial crimes? (?:unit|bureau|division|squad|department)|fraud squad|"
                "(?:contacts|friends|people|connections|mates|a friend) (?:in|at|within|inside) "
                "(?:the )?(?:tax (?:authority|authorities|office)|irs|hmrc|inland revenue|revenue "
                "service|customs|regulator|ministry|prosecutor's office|district attorney's office)"
            ),
        ),
        (
            "zh_commissioned_by",
            zh(
                "(?:法院|公安|政府|检察院|金融监管(?:部门)?|银保监(?:会)?|人民银行|司法机关|有关部门|执法部门)"
                "[^。]{0,4}(?:委托|授权|指定|指派)的"
            ),
        ),
    ),
)
