"""Threats of violence or bodily harm, plain or veiled (COMPLIANCE.md R5)."""

from __future__ import annotations

from services.notifications.domain.wording.categories import Category
from services.notifications.domain.wording.grammar import en, seq, zh, zh_seq
from services.notifications.domain.wording.lawful import asks_the_reader, greeting
from services.notifications.domain.wording.lexicon import SOMEONE, WE, WILL, YOU, YOUR, ZH_YOU
from services.notifications.domain.wording.patterns import patterns

_HARM = en(
    "hurt|hurting|harm|harming|injure|injuring|beat|beating|batter|kill|killing|murder|murdering|"
    "shoot|shooting|stab|stabbing|strangle|choke|drown|burn|burning|torch|torching|set fire to|"
    "set on fire|firebomb|petrol bomb|smash|smashing|crush|punch|punching|kick|kicking|slap|"
    "attack|attacking|assault|maim|cripple|mutilate|disfigure|bury|whack|rough up|roughing up|"
    "beat up|beat the (?:hell|crap|shit|life) out of|knock out|break|breaking|snap|slit|bash|"
    "bashing|pummel|thrash|torture|hunt down|track down|come after|coming after|get even with|"
    "finish off|blow up|vandali[sz]e|wreck|destroy|poison"
)
_BODY_OR_PROPERTY = (
    r"(?:[a-z']+ ){0,2}(?<![a-z])(?:family|wife|husband|kids?|children|son|daughter|"
    r"parents?|mother|father|mum|mom|dad|dog|cat|pets?|staff|workers|employees|people|"
    r"loved ones|face|legs?|"
    r"arms?|bones?|neck|knees?|kneecaps?|teeth|fingers?|hands?|nose|jaw|skull|head|ribs|"
    r"spine|back|house|home|car|cars|van|truck|office|shop|store|warehouse|factory|premises|"
    r"windows?|building|property|place|flat|apartment|door|life|lives|throat)(?![a-z])"
)
_TARGET = rf"(?:{YOU}|{YOUR} {_BODY_OR_PROPERTY}|{en('him|her|them|everyone')})"
_MISHAP = en(
    "happen|befall|go wrong|come to harm|get hurt|get injured|be hurt|be harmed|be injured|"
    "have an accident|catch fire|burn down|disappear|go missing|end up (?:in (?:the |"
    "a )?(?:hospital|ground|grave|river|morgue|wheelchair|ditch|icu)|dead|hurt|injured)"
)
_VEILED = en(
    "watch your back|look(?:ing)? over your shoulder|sleep with one eye open|"
    "your days are numbered|count your days|dead (?:man|men|meat)|you(?:'re| are) dead|"
    "as good as dead|six feet under|sleep with the fishes|pay (?:with|in) blood|"
    "blood on your hands|break every bone|in a wheelchair|dark alley|teach (?:you|u|ya) (?:a|"
    "a little|a hard) lesson|make (?:you|u) (?:suffer|bleed|pay dearly|beg|cry|regret)|you(?:'ll|"
    " will| would| are going to) regret|you(?:'ll| will) be sorry|won't be (?:pretty|pleasant)|"
    "things (?:will|could|might) get ugly|get (?:ugly|physical|nasty)|(?:physical|"
    "bodily) (?:harm|violence|injury|force)|violence|violent|(?:you|your family|your kids|"
    "your children) (?:are|is|will not be|won't be) (?:not )?safe|(?:can't|cannot|"
    "won't) (?:guarantee|promise) (?:your|ur) (?:safety|family's safety|kids' safety)|"
    "fear for your (?:life|safety|family|kids)|your (?:life|family|kids|children) (?:is|are|"
    "could be|may be) in danger|for the sake of your (?:family|kids|children|health)|"
    "would be a (?:shame|pity) if|never know what (?:might|could) happen|who knows what (?:might|"
    "could|will) happen|we know people|our friends (?:will|can|could) (?:visit|find|pay)|"
    "pay (?:you|u) a (?:little )?visit|kneecaps?|with a (?:baseball bat|bat|hammer|knife)|"
    "gun to (?:your|ur) head|bullet with your name|(?:order|buy|pick) (?:your|a) coffin|"
    "your funeral|(?:dig|digging) (?:your|ur) (?:own )?grave|in (?:the|an early|your) grave|"
    "end up (?:in (?:the |a )?(?:hospital|ground|grave|morgue|wheelchair|river)|dead)|you(?:'ll|"
    " will) (?:wish you|pay for this|get what's coming)|what's coming to you|hell to pay|"
    "we know where|if you (?:want|wish) to (?:stay|remain|keep [a-z]+) (?:healthy|in one piece|"
    "safe|alive)|cut (?:your|ur) (?:throat|fingers|face)|kill (?:you|u|ya)|murder (?:you|u)|"
    "hurt (?:you|u)"
)
_WEAPON_EMOJI = "[\U0001f52a\U0001f52b\U0001f4a3\u26b0\U0001faa6\U0001f480\u2620\U0001fa78]"

PATTERNS = (
    *patterns(
        Category.VIOLENCE,
        ("harm_you", seq(_HARM, _TARGET, within=2)),
        (
            "harm_property",
            seq(
                _HARM,
                f"(?:{YOUR}|{en('every|all the|all of your|each|the')}) {_BODY_OR_PROPERTY}",
                within=3,
            ),
        ),
        (
            "force",
            en(
                "(?:use|using|resort to|resorting to) (?:physical |some |a little )?force|by force|"
                "forcibly|physical(?:ly)? (?:force|persuasion|means)|the use of force|send (?:in )?"
                "(?:the )?(?:muscle|heavies|boys|lads)|(?:our|the) (?:muscle|heavies|enforcers)|"
                "(?:make|get) (?:it|things) physical"
            ),
        ),
        (
            "harm_done_to_you",
            seq(
                f"(?:{YOU}|{YOUR} {_BODY_OR_PROPERTY})",
                en("will|'ll|could|might|may|would|are going to|is going to") + r"(?: [a-z]+)?",
                en("get|be|end up")
                + " "
                + en(
                    "hurt|injured|harmed|burned|burnt|broken|smashed|"
                    "beaten|killed|dead|damaged|crippled|destroyed|torched|wrecked|vandali[sz]ed"
                ),
                within=1,
            ),
        ),
        (
            "mishap",
            seq(
                f"(?:{SOMEONE}|{en('an? accident|accidents|bad things')})",
                f"(?:{WILL}|{en('do|does|tend to|have a way of')})",
                _MISHAP,
                within=2,
            ),
        ),
        (
            "we_know_your_people",
            seq(
                WE,
                en(
                    "know|found|find|are watching|have been watching|"
                    "followed|are following|have seen|photographed|know all about"
                ),
                f"{YOUR} "
                + en(
                    "home address|kids?|children|family|wife|husband|daughter|son|"
                    "kids' school|school|house|routine|movements|schedule|parents|every move"
                ),
                within=2,
            ),
        ),
        (
            "watching_you",
            seq(
                WE,
                en("are|have been|'re|been|will be|'ll be|keep")
                + " "
                + en("watching|following|tracking|stalking"),
                YOU,
                within=1,
            ),
        ),
        ("veiled", f"{_VEILED}|{_WEAPON_EMOJI}"),
        (
            "something_happens",
            en(
                "would be a (?:real |great |terrible |big |such a |crying )?(?:shame|pity) if|"
                "if (?:something|anything)(?: bad| nasty| unfortunate)? (?:happened|were to "
                "happen|was to happen|happens|should happen) to (?:you|your)|accidents (?:do |can |"
                "will |might |tend to )?happen|be careful (?:walking|driving|going home|"
                "on your way|"
                "at night|when you leave|out there|crossing|who you|where you)|you never know "
                "who(?:'s| is) (?:watching|waiting)|waste (?:you|u)|trash (?:your|ur) (?:office|"
                "house|car|shop|place)"
            ),
        ),
    ),
    *patterns(
        Category.VIOLENCE,
        (
            "where_you_live",
            seq(
                WE,
                en("know|found|find|found out|have found|are watching"),
                en("where")
                + r" (?:[a-z']+ ){0,2}"
                + en("live|lives|living|sleep|stay|park|go to school|study|play"),
                within=3,
            ),
        ),
        guards=(asks_the_reader,),
    ),
    *patterns(
        Category.VIOLENCE,
        (
            "zh_harm",
            zh(
                "打死",
                "弄死",
                "整死",
                "搞死",
                "砍死",
                "捅死",
                "掐死",
                "勒死",
                "淹死",
                "烧死",
                "毒死",
                "撞死",
                "杀了你",
                "杀你",
                "杀掉你",
                "杀全家",
                "杀人",
                "宰了你",
                "灭了你",
                "灭门",
                "血洗",
                "砍你",
                "捅你",
                "揍你",
                "打你(?!电话|手机|的电话|的手机|们?公司)",
                "削你",
                "扁你",
                "弄你",
                "整你",
                "收拾你",
                "修理你",
                "教训你",
                "打断你?的?(?:腿|手|胳膊|骨头)",
                "打残",
                "弄残",
                "废了你",
                "把你[^。]{0,4}废了",
                "卸你",
                "剁你",
                "剁了你",
                "断手断脚",
                "缺胳膊少腿",
                "暴打",
                "毒打",
                "痛打",
                "殴打",
                "伤害你",
                "伤你",
                "放火",
                "烧了你",
                "烧你",
                "纵火",
                "泼(?:油漆|硫酸|汽油|粪|红油漆|狗血)",
                "砸(?:了|烂|碎)?" + ZH_YOU + "?的?(?:车|店|门|窗|家|公司|办公室|玻璃|厂)",
                "见血",
                "血溅",
                "出人命",
                "躺着出去",
                "横着出去",
                "(?:让|送|打)你?(?:进|去|住)(?:医院|icu)",
                "断条腿",
                "少条腿",
                "(?:腿|手|胳膊)(?:打断|砍断|废了)",
                "死定了",
                "找死",
                "活腻",
                "不想活",
                "去死",
                "让你死",
                "要你(?:的)?命",
                "要你好看",
                "有你好看",
                "让你好看",
                "给你点颜色",
                "颜色看看",
                "吃不了兜着走",
                "后果自负",
                "走着瞧",
                "你等着(?!我们|回复|通知|收)",
                "等着瞧",
                "小心点(?!击)",
                "小心你的",
                "小心你家",
                "注意你(?:的|家人的)?(?:人身)?安全",
                "人身安全",
                "出门小心",
                "走夜路",
                "出(?:点)?什么事",
                "出(?:点|什么)意外",
                "(?:遭遇|发生|有什么)不测",
                "三长两短",
                "好自为之",
                "你会后悔",
                "让你后悔",
                "后悔莫及",
                "有的是办法",
                "有的是手段",
                "不择手段",
                "黑社会",
                "道上的",
                "兄弟们(?:会|去|来)",
                "(?:叫|找|派)人(?:去|来)?(?:收拾|修理|教训|弄|打|砍|办了|伺候)",
                "家破人亡",
                "断子绝孙",
                "不得好死",
                "血债",
                "(?:拿|动|带)刀",
                "刀子(?:见|进)",
                "难保(?:不)?(?:出|会)",
                "安全(?:难保|堪忧|没保障|不保|就不好说|可不好说)",
            ),
        ),
        (
            "zh_veiled",
            zh(
                "手痒|(?:你)?自己掂量|掂量掂量|掂量着办|(?:你)?自己看着办|没(?:什么|啥)?好下场|不会有好下场|"
                "好果子吃|没好果子|不会有好结果|等着瞧|咱们走着瞧|让你知道厉害|知道我们的厉害"
            ),
        ),
        (
            "zh_we_know_your_home",
            zh_seq(
                zh("你家|你住|你的住址|你家地址|你孩子|你家人|你老婆|你父母"),
                zh("一清二楚|清清楚楚|很清楚|都知道|知道得很|门儿清|了如指掌|都查到了|摸得很清楚"),
                within=8,
            ),
        ),
        (
            "zh_know_where",
            zh_seq(
                zh("知道|查到|找到|摸清|掌握"),
                zh(ZH_YOU, "你家")
                + "?(?:的)?"
                + zh(
                    "住在?哪|家在哪|家住|住址|家庭地址|孩子在哪|孩子(?:的)?学校|家人在哪|行踪|一举一动|每天去哪|在哪(?:上学|住)"
                ),
                within=4,
            ),
        ),
        (
            "zh_family_at_risk",
            zh(ZH_YOU)
            + "(?:的)?"
            + zh("家人|孩子|老婆|父母|老公|家里人|爸妈|儿子|女儿")
            + "(?:的)?"
            + zh("安全(?!信息|数据)|安危|会出事|出事|受伤|小心|好看|出门"),
        ),
    ),
    *patterns(
        Category.VIOLENCE,
        (
            "not_gentle",
            en(
                "(?:aren't|isn't|are not|is not|'re not|not|never) (?:known for being |"
                "known to be |"
                "exactly |always |very |famous for being |the )?(?:gentle|nice|patient|polite|"
                "friendly|kind|soft|gentle type|patient type|forgiving)(?: (?:ones?|people|type|"
                "kind))?(?: (?:when|with|once|if))?"
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.VIOLENCE,
        (
            "your_body",
            seq(
                YOUR,
                en(
                    "face|legs?|kneecaps?|knees|teeth|bones|fingers|neck|skull|ribs|jaw|nose|eyes|"
                    "arms|spine|throat|fingernails|health|pretty face|limbs"
                ),
                within=0,
            )
            + r"(?! (?:value|amount|page|sheet|book))",
        ),
        (
            "send_someone_round",
            en(
                "send (?:someone|somebody|some people|a few people|the boys|our boys|the lads|"
                "our people|our guys|a couple of (?:guys|lads|men)|people) (?:round|over|around|"
                "to (?:see|visit|talk to|have a word with) (?:you|u))|(?:have|pay) a (?:little |"
                "quiet )?word with (?:you|u) in person|don't make us (?:come|do|get|take|send|"
                "visit|find)|you know what happens (?:to|when|if)|we'll see how (?:tough|brave|"
                "funny|smart|clever) you are|watch (?:where (?:you|they) (?:walk|go|park)|your "
                "step|yourself)|look both ways|mind how you go|(?:dangerous|risky) (?:city|place|"
                "world|streets?|neighbou?rhood|time) (?:for|to be)|who owe money should"
            ),
        ),
        (
            "harm_in_your_place",
            seq(
                _HARM,
                en("the|every|all|those|that|some")
                + r"(?: [a-z']+){1,2} "
                + en("in|at|of|on|outside")
                + " "
                + YOUR,
                within=1,
            ),
        ),
        (
            "your_family_mentioned",
            f"{YOUR} "
            + en(
                "kids?|children|wife|husband|daughters?|sons?|parents|mother|father|mum|mom|dad|"
                "grandchildren|little ones|family(?! (?:business|firm|company|run|owned|name))|"
                "loved ones|girlfriend|boyfriend|partner's"
            ),
        ),
        (
            "zh_veiled_more",
            zh(
                "信不信我|信不信我们|(?:你)?最好(?:祈祷|小心|当心|注意点|识相|别让我)|(?:碰|遇|撞)(?:到|见)我们的人|"
                "带人(?:去|来|过去|上门|找你|把|砸)|把(?:你|您)(?:的)?[^。]{0,3}(?:砸|烧|拆|毁|掀)了|"
                "(?:你|您)(?:的)?(?:孩子|老婆|老公|父母|爸妈|儿子|女儿|家人|家里人|妻子|丈夫)(?!的信息)"
            ),
        ),
        guards=(greeting,),
    ),
    *patterns(
        Category.VIOLENCE,
        (
            "we_make_sure",
            en(
                "(?:we'll|we will|i'll|i will|we're going to|we are going to|"
                "we shall) make (?:sure|"
                "certain) (?:that )?(?:you|your [a-z]+) (?:can't|cannot|won't|will not|never|"
                "don't|do "
                "not|regret|suffer|pay for|lose|have no|end up|are unable)|nice (?:building|car|"
                "family|house|office|warehouse|shop|factory|business|place|kids) (?:you have|"
                "you've "
                "got|you got)|(?:shame|pity) if (?:a |an |some )?(?:fire|accident|flood|break-?in|"
                "burglary|something|anything) (?:started|happened|broke out|occurred|were to)|"
                "(?:beat|squeeze|shake|knock|choke|wring|kick|whip) (?:the money|it|payment|"
                "the cash|"
                "what you owe) out of (?:you|u)"
            ),
        ),
        (
            "zh_behind_you",
            zh(
                "(?:留意|注意|小心|当心|看看)(?:你的?)?身后|回家(?:的)?路上[^。]{0,4}(?:小心|注意|留意|当心)"
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.VIOLENCE,
        (
            "bones_and_fire",
            en(
                "(?:break|breaking|snap|crack|smash) (?:a few |some |every |all (?:the |of )?|"
                "(?:his|her|their) )?(?:bones|legs|arms|kneecaps|necks|teeth|fingers|ribs|skulls)"
                "|(?:warehouse|office|factory|building|shop|house|home|car|premises|depot|store|"
                "lorry|truck|van|workshop|site) (?:can|could|might|will|would|may) (?:burn|catch "
                "fire|go up in (?:flames|smoke)|burn down|explode)|(?:hate|not want|wouldn't want) "
                "(?:for )?(?:anything|something) (?:bad |nasty )?to happen|(?:family|kids|children|"
                "wife|husband|daughter|son|parents) of yours"
            ),
        ),
        ("zh_die", zh("让(?:你|您)(?:真的?)?(?:死|去死|好死)|(?:我|我们)(?:就)?让你真")),
        guards=(greeting,),
    ),
)
