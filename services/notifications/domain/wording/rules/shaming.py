"""Shaming and disclosure to third parties: employer, family, contacts, the public; public
posts, blacklists, banners, ruined reputations (COMPLIANCE.md R1, R5, R7).

The debtor's own people may be written to (B2B); they count only in a threat ("your boss
will hear about this", "we will tell your manager"), never in a request to the reader
("please forward this to your finance manager").
"""

from __future__ import annotations

from services.notifications.domain.wording.categories import Category
from services.notifications.domain.wording.grammar import en, seq, zh, zh_seq
from services.notifications.domain.wording.lawful import asks_the_reader
from services.notifications.domain.wording.lexicon import (
    INSIDERS,
    LEARN,
    OUTSIDERS,
    PUBLIC,
    TELL,
    WILL,
    WORK,
    YOU,
    YOUR,
    ZH_BOSS,
    ZH_BUSINESS,
    ZH_FAMILY,
    ZH_INSIDERS,
    ZH_OUTSIDERS,
    ZH_PUBLIC,
    ZH_SOCIAL,
    ZH_TELL,
    ZH_WILL,
    ZH_YOU,
)
from services.notifications.domain.wording.patterns import patterns

_ALL_OF = r"(?:(?:all|every|each|every single|every one|one) (?:of )?(?:the )?)?"
_THEIR = rf"(?:{YOUR} (?:[a-z']+ )?|{en('the debtor')}'s (?:[a-z']+ )?|{_ALL_OF}{YOUR} )"
_ANYONE = rf"(?:{_THEIR}(?:{OUTSIDERS}|{INSIDERS})|{PUBLIC})"
_OUTSIDE = rf"(?:{_THEIR}{OUTSIDERS}|{PUBLIC})"
_ABOUT_IT = en(
    "about (?:this|it|you|your (?:debt|debts|situation|behaviou?r|conduct|unpaid [a-z]+|"
    "company's debt|non-?payment|failure)|what (?:you|u) (?:did|owe|have done|are doing))|"
    "what (?:you|u) (?:did|owe|have done|are doing|'ve done)|the truth|everything|your (?:debt|"
    "debts|dirty secret|secret|situation|unpaid [a-z]+|non-?payment)|that (?:you|u) (?:don't|"
    "do not|won't|never|can't|refuse to) pay|how you|who (?:you|u) really are|"
    "the kind of (?:person|company)"
)
_PLATFORM = en(
    "online(?! (?:account|portal|banking|platform|system|store|shop|service|payment|form|order|"
    "invoic\\w*|statement|customer|access))|on (?:the )?(?:internet|web|net)|"
    "on social(?: media)?|on (?:facebook|"
    "twitter|x|linkedin|instagram|tiktok|wechat|weibo|youtube|reddit|google|yelp|trustpilot|"
    "glassdoor|whatsapp|telegram|douyin|xiaohongshu)|on (?:our|the|a|every) (?:website|site|blog|"
    "forum|forums|review sites?|billboard|noticeboard|notice board|wall|newsletter|group chat|"
    "groups?)|in (?:the |a |every |our )?(?:local )?(?:newspapers?|papers?|press|news|media|"
    "trade press|industry (?:newsletter|press|magazine|journal)|journals?|magazines?|"
    "group chats?)|publicly|in public|for (?:everyone|everybody|all|the world) to see|"
    "all over (?:town|the internet|the web|social media|the city)|everywhere|"
    "across (?:the )?(?:internet|industry|town|city)"
)
_WHAT = (
    rf"(?:{YOU}|{YOUR}(?: [a-z']+){{1,3}}|{en('this|it|that|everything|the whole story')}"
    rf"|{en('the (?:debt|details|truth|story|facts|case|matter)|names?|photos?|pictures?')})"
)
_PUBLISH = en(
    "post|posting|posted|publish|publishing|published|share|sharing|shared|put|putting|list|"
    "listing|listed|name|naming|named|announce|announcing|advertise|advertising|broadcast|"
    "broadcasting|print|printing|printed|display|displaying|displayed|plaster|plastering|splash|"
    "splashing|upload|uploading|expose|exposing|write about|writing about|tweet|tweeting|blast|"
    "blasting|go public|circulate|review|leave a review|tag|tagging|feature|featuring|spread"
)
_BOSS_LEARN = en(
    "find out|get wind|hear|know|learn|discover|be told|be informed|be hearing|get a call|"
    "receive a call|hear from us|be contacted|be notified|be getting a call|be receiving a call|"
    "get to know"
)
_SIGN = en(
    "banners?|posters?|flyers?|leaflets?|billboards?|signs?|placards?|graffiti|stickers?|"
    "signboards?|mugshots?|wanted posters?"
)
_SIGN_PLACE = (
    en("outside|at|on|in front of|around|across|near|opposite|by|all over")
    + r"(?: [a-z']+){0,2} "
    + en(
        "office|offices|house|home|door|doors|building|premises|shop|store|factory|street|"
        "neighbou?rhood|gate|gates|warehouse|lobby|reception|entrance|car|church|school|block|"
        "estate|town"
    )
)
_BLACKLIST = en(
    "name and shame|naming and shaming|wall of shame|hall of shame|shame list|"
    "public (?:shame )?list|list of (?:bad|late|non-?|slow|dishonest|rogue) ?payers|"
    "bad ?payers?(?: list| register| database)?|deadbeat (?:list|register|database)|"
    "black ?list(?:ed|ing|s)?|debtors? (?:list|register|wall|board|database)|defaulters? (?:list|"
    "register|database)|wanted list|rogues' gallery|(?:ruin|ruining|destroy|destroying|wreck|"
    "wrecking|tarnish|tarnishing|damage|damaging|trash|trashing|drag|smear|smearing|sully|"
    "blacken|kill) (?:your|ur) (?:[a-z']+ )?(?:reputation|name|good name|credibility|standing|"
    "image|brand|career|future|prospects|business reputation|goodwill)|(?:ruin|ruining|destroy|"
    "destroying|wreck|wrecking|trash|trashing|tank|tanking|blacken|kill) (?:your|"
    "ur) (?:[a-z']+ )?credit|(?:your|ur) (?:reputation|name|good name|credibility|standing|image|"
    "brand|credit) (?:will|'ll|is going to|could|might|would) (?:be )?(?:ruined|destroyed|"
    "wrecked|tarnished|damaged|trashed|dragged|in tatters|mud|finished|over)|humiliat(?:e|ed|es|"
    "ing|ion)|embarrass(?:ed|ing|ment)? (?:you|u|your)|public(?:ly)? (?:humiliation|"
    "embarrassment|shaming|disgrace)|shame (?:you|u|on you)|shameful|ashamed|disgrace(?:d|ful)?|"
    "social (?:suicide|death)|everyone will (?:know|see|hear|find out|learn)|"
    "the whole [a-z]+ will (?:know|see|hear)|expos(?:e|ing) (?:you|u)(?! to)|expos(?:e|"
    "ing) (?:your|ur) (?:lies|debts?|behaviou?r|secrets?|name|company|business|conduct|"
    "failure)(?! to)|go public|make (?:this|it) public|public knowledge|let the world know|"
    "tell the world|tell everyone|tell everybody|spread the word|industry (?:alert|warning|"
    "circular|bulletin)|warn (?:other|all) (?:suppliers|businesses|companies|vendors|traders)|"
    "(?:mark|flag|list) (?:you|u|your company) as (?:a )?(?:bad|risky|dishonest|fraudulent|"
    "deadbeat|delinquent)"
)

PATTERNS = (
    *patterns(
        Category.SHAMING,
        ("outsiders_learn", seq(_OUTSIDE, WILL, LEARN, within=2)),
        ("boss_learns", seq(f"{_THEIR}{WORK}", WILL, _BOSS_LEARN, within=2)),
        ("insiders_learn_about_it", seq(f"{_THEIR}{INSIDERS}", LEARN, _ABOUT_IT, within=3)),
        ("tell_insiders_about_it", seq(TELL, f"{_THEIR}{INSIDERS}", _ABOUT_IT, within=4)),
        (
            "let_them_know",
            seq(
                en("let|make sure|ensure|see to it that"),
                _ANYONE,
                LEARN + "|" + en("know|knows|hears|hear|finds out|find out|sees|see|learns|learn"),
                within=2,
            ),
        ),
        (
            "what_would_they_think",
            seq(
                en("what|how") + " " + en("would|will|do|does|might|could|is"),
                _ANYONE,
                en("think|say|feel|react|respond|do|make of"),
                within=1,
            ),
        ),
        (
            "if_they_knew",
            seq(
                en("if|when|once|before|until|imagine|imagine if|what if|in case"),
                _ANYONE,
                en(
                    "knew|found out|find out|finds out|heard|hears about|learned|learnt|"
                    "learns|were told|was told|get wind|got wind|discovered|discovers|read about|"
                    "reads about|"
                    "read it|see it|saw it|saw this|see this|came across|come across"
                ),
                within=2,
            ),
        ),
        (
            "does_your_boss_know",
            seq(
                en("does|do|did|would|should"),
                _ANYONE,
                en("know|realise|realize|know about|suspect"),
                within=1,
            ),
        ),
        ("publish", seq(_PUBLISH, _WHAT, _PLATFORM, within=3)),
        (
            "be_published",
            seq(
                en("be|been|being|get|gets|got|is|are|was|were"),
                en(
                    "published|posted|shared|listed|named|displayed|printed|plastered|splashed|"
                    "advertised|announced|broadcast|circulated|exposed|featured|uploaded|put up"
                ),
                _PLATFORM,
                within=3,
            ),
        ),
        (
            "what_they_would_say",
            seq(
                en("what|how"),
                _ANYONE,
                en("would|will|might|could|is going to|are going to"),
                en("say|think|feel|react|do|make of it"),
                within=1,
            ),
        ),
        (
            "sign_with_your_name",
            seq(
                _SIGN,
                en("with|bearing|showing|featuring|carrying|that says|saying|naming|about"),
                f"{YOUR}" + r"(?: [a-z']+)? " + en("name|names|logo|photo|face|picture|debts?"),
                within=1,
            ),
        ),
        ("sign_outside", seq(_SIGN, _SIGN_PLACE, within=4)),
        ("blacklist", _BLACKLIST),
    ),
    *patterns(
        Category.SHAMING,
        ("tell_outsiders", seq(TELL, _OUTSIDE, within=7)),
        ("tell_your_people", seq(TELL, f"{_THEIR}{WORK}", within=4)),
        guards=(asks_the_reader,),
    ),
    *patterns(
        Category.SHAMING,
        (
            "zh_tell",
            zh_seq(
                ZH_TELL,
                f"(?:{ZH_YOU}|其|他|她)?(?:的)?(?:所有|全部|每一个|每个)?(?:的)?"
                + zh(ZH_FAMILY, ZH_SOCIAL, ZH_PUBLIC),
                within=4,
            ),
        ),
        (
            "zh_tell_business",
            zh_seq(
                ZH_TELL,
                f"(?:{ZH_YOU})(?:的)?(?:所有|全部|每一个|每个)?(?:的)?" + ZH_BUSINESS,
                within=4,
            ),
        ),
        (
            "zh_let_them_know",
            zh_seq(
                zh("让|叫|使|要让|好让"),
                zh(ZH_OUTSIDERS, ZH_PUBLIC, ZH_INSIDERS, "大家", "社会"),
                zh("知道|看看|评评理|了解|瞧瞧|看到|认清|认识|见识|听说|明白"),
                within=6,
            ),
        ),
        (
            "zh_they_learn",
            zh_seq(
                zh(ZH_OUTSIDERS, ZH_PUBLIC, "大家"),
                ZH_WILL,
                zh(
                    "知道|听说|看到|收到(?:通知|消息|电话|短信)|接到(?:电话|通知|短信)|了解到|得知|晓得|知晓"
                ),
                within=4,
            ),
        ),
        (
            "zh_boss_learns",
            zh_seq(
                ZH_BOSS,
                ZH_WILL,
                zh("知道|听说|得知|晓得|知晓|接到(?:电话|通知)|收到(?:电话|消息)"),
                within=4,
            ),
        ),
        (
            "zh_public",
            zh(
                "曝光",
                "社死",
                "社会性死亡",
                "人肉",
                "身败名裂",
                "名誉扫地",
                "颜面扫地",
                "颜面尽失",
                "抬不起头",
                "没脸见人",
                "无地自容",
                "丢人现眼",
                "丢尽",
                "出丑",
                "臭名远扬",
                "声名狼藉",
                "让你出名",
                "让你火",
                "全网(?:曝光|通报|公开|通缉|都知道)",
                "上热搜",
                "上新闻",
                "上电视",
                "登报",
                "见报",
                "公开(?:你|您|贵司|你们)?(?:的)?(?:信息|欠款|欠债|名字|姓名|照片|身份|资料|丑事|行为|"
                "老赖行为|所作所为)",
                "挂(?:到|在|上)?(?:网上|朋友圈|群里|微博|抖音|网络)",
                "挂你",
                "挂出来",
                "发(?:到|在|上)[^。]{0,4}?(?:网上|朋友圈|微博|抖音|快手|小红书|群里|微信群|论坛|贴吧|"
                "公众号|头条|视频号|网络|业主群|行业群)",
                "(?:朋友圈|微博|抖音|网上|群里)(?:曝光|公开|发布|转发|见)",
                "横幅",
                "条幅",
                "大字报",
                "小广告",
                "喷漆",
                "贴(?:满|到|在)" + "[^。]{0,6}(?:门口|楼道|小区|公司|家|单位|墙)",
                "(?:在|到)(?:你|您|贵司)(?:家|公司|单位|小区|厂)门口",
                "黑名单",
                "失信(?:人员|被执行人)?名单",
                "老赖名单",
                "不良(?:记录|信用)名单",
                "失信(?:黑名单|记录)",
                "上征信",
                "征信(?:黑名单|污点|花了|花掉|完了|毁了|烂了|黑了|报告上)",
                "(?:毁|毁掉|毁了|搞臭|搞坏|败坏|玷污)(?:你|您|贵司)?(?:的)?(?:信用|征信|名声|名誉|声誉|"
                "前途|口碑|形象)",
                "(?:通报|公示|公告)(?:给)?(?:全)?(?:行业|同行|协会|上下游|所有)",
                "行业(?:内)?(?:通报|公示|曝光|公告)",
                "(?:同行|业内|行业)(?:都|全)(?:会)?知道",
                "示众",
                "游街",
                "(?:丢|丢尽)(?:了)?(?:你|您)?(?:的|家的)?(?:脸|人)",
                "全世界都知道",
                "人尽皆知",
                "满城风雨",
                "街知巷闻",
            ),
        ),
    ),
    *patterns(
        Category.SHAMING,
        (
            "zh_tell_insiders",
            zh_seq(
                zh("告诉|通知|找|联系|打电话给|告到|捅到|反映给|告知"),
                f"(?:{ZH_YOU})(?:的)?" + ZH_BOSS,
                within=3,
            ),
        ),
        guards=(asks_the_reader,),
    ),
    *patterns(
        Category.SHAMING,
        (
            "reputation_wont_survive",
            en(
                "(?:your|ur) (?:[a-z]+ )?(?:reputation|name|good name|credibility|standing|career|"
                "business|company|brand) (?:won't|will not|will never|can't|cannot|wouldn't|"
                "would not|isn't going to|is not going to|doesn't|does not) (?:survive|recover|"
                "live (?:this|it) "
                "down|come back from)|(?:you|u) (?:won't|will not|will never|can't|cannot) "
                "(?:show|hold up) your (?:face|head)|(?:you|u)(?:'ll| will) never (?:work|trade|"
                "do business) in (?:this|the) (?:town|city|industry|trade) again"
            ),
        ),
        (
            "zh_do_they_know",
            zh_seq(
                zh(ZH_OUTSIDERS, ZH_BOSS, "大家"),
                zh("知道|晓得|清楚|听说"),
                zh(ZH_YOU) + "[^。]{0,3}" + zh("欠|拖|赖|不还|不付|是老赖|是骗子"),
                within=2,
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.SHAMING,
        (
            "tweet_about_you",
            seq(
                en(
                    "tweet|tweeting|blog|blogging|vlog|livestream|post|posting|write a review|"
                    "review"
                ),
                en("about") + " " + f"(?:{YOU}|{YOUR} (?:company|debts?|unpaid|business|firm|"
                "failure|non-?payment|invoices?))",
                within=0,
            ),
        ),
        (
            "contact_book",
            en(
                "(?:your|ur) (?:contact list|contacts list|phone ?book|address ?book|linkedin "
                "(?:network|connections|contacts)|network of contacts|followers|friends list)"
            ),
        ),
        (
            "zh_what_they_think",
            zh(
                "(?:你|您)?(?:的)?(?:领导|老板|家人|父母|孩子|同事|客户|朋友|邻居|亲戚)(?:会)?怎么(?:看|想)(?:你|您)?|"
                "(?:爆|打|轰炸|群发|骚扰|翻)[^。]{0,4}通讯录|通讯录"
            ),
        ),
    ),
    *patterns(
        Category.SHAMING,
        (
            "everyone_you_deal_with",
            seq(
                TELL,
                en(
                    "(?:every|all the|all|any|each) (?:company|companies|business|businesses|firm|"
                    "firms|supplier|suppliers|customer|customers|client|clients|one|body|person) "
                    "(?:you|your company|you've|you have) (?:do|does|work|deal|trade|done|worked|"
                    "dealt|traded)(?: business)? with"
                ),
                within=3,
            ),
        ),
        (
            "your_name_displayed",
            seq(
                f"{YOUR} " + en("name|photo|photograph|picture|face|details|company name|logo"),
                en("will be|'ll be|is going to be|are going to be|gets|get|to be|will go"),
                en(
                    "displayed|posted|published|put up|listed|circulated|shared|named|plastered|"
                    "exhibited|broadcast|pinned|hung|up on"
                ),
                within=3,
            ),
        ),
        (
            "zh_publish_debt",
            zh(
                "(?:公布|公开|披露|散布|宣扬|张扬|晒)(?:出)?(?:你|您|贵司|你们)?(?:的)?(?:欠款|欠债|信息|名字|"
                "照片|丑事|老赖行为|事情|情况|所作所为|欠钱的事)"
            ),
        ),
    ),
    *patterns(
        Category.SHAMING,
        (
            "expect_them_to_hear",
            seq(
                en("expect|imagine|picture|get ready for"),
                _OUTSIDE,
                en("to hear|to find out|to learn|to know|to get a (?:call|letter|visit)|to read"),
                within=1,
            ),
        ),
        (
            "zh_message_them",
            zh(
                "给(?:你|您)?(?:的)?(?:所有的?|全部的?|每一个|每个)?(?:微信好友|好友|朋友|亲戚|家人|同事|客户|通讯录|"
                "联系人|邻居|父母)[^。]{0,4}(?:发|打|寄)|丢(?:大)?人(?:了)?|丢尽(?:了)?脸|(?:亲戚|朋友|"
                "同事|家人|邻居|老板|客户)面前[^。]{0,6}(?:丢|抬不起|没面子|难堪)|(?:挂|贴|公示|张贴|公布)"
                "(?:在|到|于)?[^。]{0,8}(?:公示栏|公告栏|门口|橱窗|布告栏|宣传栏|显示屏|大屏幕)"
            ),
        ),
    ),
    *patterns(
        Category.SHAMING,
        (
            "your_job",
            en(
                "(?:lose|losing) (?:your|ur) job|get (?:you|u) fired|cost (?:you|u) your job|your "
                "job (?:is|will be) (?:at risk|on the line|gone)|(?:contact|call|tell|write to) "
                "your references|(?:come|coming|visit|show up|turn up|drop by) (?:to|at) your "
                "(?:workplace|place of work|job|work)"
            ),
        ),
        (
            "zh_family_pays",
            zh(
                "(?:让|叫|要)(?:你|您)?(?:的)?(?:家人|父母|亲戚|朋友|老婆|老公|孩子|子女)(?:替|帮|给)(?:你|您)还|"
                "找(?:你|您)(?:的)?(?:家人|父母|老婆|老公|亲戚|朋友|同事|领导|老板|孩子)|影响(?:你|您)?(?:的)?"
                "(?:子女|孩子|儿女)(?:上学|考公|政审|入学|就业|读书|前途)|[pP]图|ps(?:你|您)的?照片|"
                "合成(?:你|您)?(?:的)?照片"
            ),
        ),
    ),
)
