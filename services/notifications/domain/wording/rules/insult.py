"""Insults and obscenity (COMPLIANCE.md R5): words no collection message ever needs.

Words that are also ordinary business vocabulary (垃圾处理 waste services, "garbage
collection", 可靠 reliable, 滚动 rolling) count only when they are aimed at the reader.
"""

from __future__ import annotations

from services.notifications.domain.wording.categories import Category
from services.notifications.domain.wording.grammar import en, seq, zh
from services.notifications.domain.wording.lexicon import YOU, YOUR, ZH_YOU
from services.notifications.domain.wording.patterns import patterns

_OBSCENE = en(
    "f+u*c*k+(?:s|ed|er|ers|ing|in|face|head|wit|off|up)?|fck(?:ing|er|ers)?|fk|fuk(?:ing|er)?|"
    "fuq|fking|effing|motherf[a-z]*|mofo|wtf|stfu|sh+i+t+(?:s|ty|ter|head|hole|bag|face)?|sht|"
    "bullshit|horseshit|crap(?:py)?|damn(?:ed|it)?|goddamn(?:ed)?|bloody|bollocks|piss(?:ed)?|"
    "pissing|piss off|bugger|bastards?|b[i*]?tch(?:es|y)?|biatch|bi+a+tch|sons? of (?:a )?b[a-z]*|"
    "assholes?|arseholes?|arse|ass(?:es)?|jackass|dumbass|dickheads?|pricks?|twats?|cunts?|"
    "wankers?|wank|tossers?|douche(?:bag)?s?|shithead|dipshit|scumbags?|scum|sluts?|whores?|"
    "retards?|retarded|spastic|cocksuckers?|suck (?:my|it)|screw you|go to hell|drop dead|"
    "rot in hell|burn in hell|eat shit|kiss my|up yours|shut up|shove it|get stuffed|tmd|nmsl|cnm|"
    "nmb|wqnmlgb|mdzz|rnm|cnmb|sb"
)
_INSULT_NOUN = en(
    "idiots?|idiotic|morons?|moronic|imbeciles?|cretins?|halfwits?|nitwits?|dimwits?|numpty|"
    "numpties|dunce|dummy|dummies|fools?|foolish|stupid|dumb|brainless|clueless|useless|worthless|"
    "pathetic|hopeless|incompetent|losers?|deadbeats?|dead beats?|lowlifes?|low-?lifes?|low-?life|"
    "parasites?|leeches?|bloodsuckers?|vermin|rats?|snakes?|pigs?|swine|dogs?|mongrels?|animals?|"
    "trash|garbage|rubbish|filth|filthy|dirt|thie(?:f|ves)|crooks?|crooked|liars?|lying|cheats?|"
    "cheaters?|cheating|fraudsters?|frauds?|con ?men|con ?artists?|conmen|swindlers?|scammers?|"
    "shysters?|bums?|freeloaders?|beggars?|scroungers?|moochers?|spongers?|cowards?|cowardly|"
    "spineless|gutless|shameless|disgusting|disgusting people|despicable|contemptible|vile|sleazy|"
    "sleazebags?|slimeballs?|creeps?|jerks?|clowns?|jokers?|muppets?|degenerates?|sub-?human|"
    "pond ?life|dregs|riff-?raff|hicks?|peasants?|savages?|primitive|nobody|nobodies|failures?|"
    "a disgrace|an embarrassment|a joke|a laughing ?stock|a waste of space|scummy|dishonest|"
    "untrustworthy|criminals?|crooks|gangsters?|thugs?|deadweight|good-?for-?nothing|no-?good|"
    "lazy|bunch of [a-z]+|piece of (?:work|garbage|trash|shit|crap|dirt|filth)"
) + (
    r"(?! (?:feed|farm|farms|food|foods|supplier|suppliers|collection|disposal|removal|services?"
    r"|company|products?|industry|trade|business|processing|bins?|trucks?|bags?|market|meat|"
    r"breeding|shelter|clinic|care|grooming|handling|recycling|management|prevention))"
)
_STRONG = en(
    "idiots?|morons?|imbeciles?|cretins?|deadbeats?|dead beats?|lowlifes?|low-?lifes?|scumbags?|"
    "scum|sleazebags?|slimeballs?|good-?for-?nothing|piece of (?:garbage|trash|shit|crap|filth)|"
    "waste of space|sub-?human|pond ?life|freeloaders?|scroungers?|bloodsuckers?|"
    "deadbeat (?:company|companies|business|firm|customers?|clients?|debtors?|people)"
)
_YOU_LOT = en(
    "people like you|companies like yours|the likes of you|you lot|you people|you guys|you two"
)
_AT_YOU = (
    rf"(?:{YOU}(?:'re|'ll always be| (?:are|were|have been|will always be|remain|seem|look like|"
    r"act like|behave like|sound like|must be|'ve been))?(?: (?:such|just|nothing but|no "
    r"better than|only|really|truly|a|an|the|complete|total|utter|absolute|bunch of|pack of|"
    r"lot of|load of|typical|little|lying|miserable|bloody|damn|fucking|dirty|lazy|sorry|"
    r"pathetic|stupid|worthless|useless|shameless|spineless|deadbeat|dishonest|filthy|"
    rf"cheating|thieving|rotten|sad|poor|little))*|{YOUR} (?:[a-z']+ )?(?:company|firm|"
    r"business|people|lot|kind|type|management|staff|boss|sort|outfit|team|whole company|"
    r"accounts department|finance team) (?:is|are|'s|was|were|has always been|have always been)"
    r"(?: (?:such|just|nothing but|a|an|the|complete|total|utter|absolute|bunch of|pack of|"
    rf"full of|run by))*|{_YOU_LOT}(?: (?:are|'re))?(?: (?:such|just|nothing but|a|an|complete|"
    r"total|utter|absolute))*)"
)

PATTERNS = (
    *patterns(
        Category.INSULT,
        ("obscene", _OBSCENE),
        ("strong", _STRONG),
        ("at_you", _AT_YOU + " " + _INSULT_NOUN),
        (
            "noun_you",
            seq(
                _INSULT_NOUN,
                en("like you|like yours|that you are|is what you are|are what you are"),
                within=1,
            ),
        ),
        (
            "what_a",
            en("what|such|you're|you are|this is|that's|you're just|what")
            + " an? "
            + r"(?:[a-z]+ )?"
            + _INSULT_NOUN,
        ),
        (
            "joke_of",
            en(
                "(?:joke|disgrace|embarrassment|shambles|farce|sorry excuse|pathetic "
                "excuse|poor excuse|excuse) (?:of|for) an? (?:company|business|firm|outfit|"
                "organi[sz]ation|human being|person|team)"
            ),
        ),
        ("you_insult_verb", seq(YOU, en("stink|suck|disgust|sicken") + r"(?:s|ed|ing)?", within=1)),
        (
            "zh_obscene",
            zh(
                "傻逼|傻b|傻比|傻屄|煞笔|沙比|傻叉|傻x|傻缺|傻帽|傻子|傻瓜|傻冒|二逼|二货|装逼|牛逼|逼样|滚蛋|滚犊子|给我滚|快滚|滚出|滚吧|去死|死全家|"
                "全家死|他妈|你妈|尼玛|泥马|草泥马|操你|操蛋|艹|日你|我靠|卧槽|我草|我操|靠北|狗屁|放屁|屁话|狗日|狗娘|狗杂种|杂种|杂碎|王八|龟孙|"
                "龟儿子|干你娘|装孙子|贱人|贱货|下贱|犯贱|婊子|妓女|畜生|畜牲|禽兽|人渣|败类|混蛋|混账|混球|王八蛋|狗东西|不是东西|算什么东西|狗腿子|白痴|"
                "弱智|脑残|智障|蠢货|蠢猪|蠢蛋|笨蛋|废物|窝囊废|孬种|怂包|饭桶|垃圾(?:人|公司|东西|玩意|货|企业|客户)|老赖|赖皮|无赖|赖账|赖债|叫花子|"
                "要饭的|穷鬼|穷逼|穷光蛋|不要脸|臭不要脸|无耻|厚颜无耻|死皮赖脸|下三滥|猪狗不如|丧尽天良|没良心|黑心|狼心狗肺|丢人现眼|给脸不要脸|不识抬举|"
                "蹬鼻子上脸|你算什么|算个屁|(?:你|瞧你|看你)(?:那|这)?德行|鬼东西|sb(?=[一-鿿]|$)|(?<=[一-鿿])sb"
            ),
        ),
        (
            "zh_at_you",
            "(?:" + ZH_YOU + "|这种|这帮|这群|这伙|这些)(?:这|就是|真是|是|简直是|根本是|"
            "就是个|一个|一群|一帮|个|们)*(?:个|种|群|帮)?(?:人|公司|企业)?(?:就是|真是|是)?"
            "(?:垃圾|废物|猪|狗|畜生|骗子|小偷|强盗|流氓|无赖|老赖|蠢货|白痴|神经病|疯子|乞丐|"
            "穷鬼|寄生虫|吸血鬼|蛀虫|败类|人渣|小人|混蛋|怂|孬|二百五|窝囊|没用|废柴|渣)"
            "(?!处理|回收|分类|清运|转运|站|场|桶|袋|费|车|分拣|焚烧|填埋|养殖|饲料|肉|粮|苗|仔|产品|"
            "行业|食品|用品|医院|宠物|饲养)",
        ),
        (
            "idiom",
            en(
                "couldn't organi[sz]e a piss-?up|couldn't find (?:their|your|his|her|its) (?:own )?"
                "(?:backsides?|arses?|asses?|behinds?|way out of a paper bag)|"
                "(?:a )?sandwich short "
                "of a picnic|not the sharpest|thick as (?:two short planks|a brick|mince)|dumb as "
                "(?:a )?(?:rocks?|bricks?|a post)|(?:you're|you are|they're|they are) not (?:a |"
                "an )?"
                "(?:real|proper|grown-?up|serious|honest|decent|legitimate) (?:business|company|"
                "adult|"
                "man|person|professional|outfit)|apparently (?:you're|you are) not (?:one|an adult)"
            ),
        ),
        (
            "zh_debtor_insult",
            zh(
                "(?:欠钱不还|欠债不还|赖账|拖欠|不还钱|不付款|不要脸|没良心|没信用|不讲信用|言而无信)的"
                "(?:人|骗子|老赖|无赖|混蛋|东西|家伙|玩意|小人|骗子公司|企业|主)"
            ),
        ),
        (
            "zh_contempt",
            zh(
                "活着有什么(?:意思|用)|还活着干(?:嘛|什么)|有脸活|还有脸|穷成这样|穷得叮当响|穷疯了|穷酸|"
                "脑子有(?:问题|病)|脑子进水|有病吧|厚脸皮|脸皮(?:真|这么)?厚"
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.INSULT,
        (
            "compared",
            en(
                "(?:more|smarter|brighter|better) (?:competent|intelligent|reliable|honest|"
                "organi[sz]"
                "ed|professional)? ?(?:goldfish|monkeys?|chimps?|donkeys?|potatoes?|toddlers?|"
                "hamsters?|cabbages?|rocks?|dogs?) than (?:you|your)|(?:i've|we've|i have|we have) "
                "met (?:more|smarter) [a-z]+ (?:goldfish|monkeys?|chimps?|donkeys?|potatoes?|"
                "toddlers?|hamsters?|cabbages?)"
            ),
        ),
        negatable=False,
    ),
    *patterns(
        Category.INSULT,
        (
            "bunch_of",
            en(
                "(?:useless|worthless|pathetic|lazy|incompetent|lying|thieving|dishonest|shameless|"
                "stupid|clueless|hopeless|sorry|miserable|dodgy|crooked) (?:bunch|lot|pack|crowd|"
                "gang|band|shower|load|collection) of|(?:a |you )?(?:bunch|pack|load|gang) of "
                "(?:cowboys|clowns|crooks|thieves|liars|idiots|amateurs|muppets|losers|chancers)|"
                "(?:do|can|did) (?:you|u) even (?:know|understand|read|count|think|care|run)|how "
                "hard (?:is it|can it be) to (?:pay|read|understand|count)|waste of (?:oxygen|air|"
                "skin|space)"
            ),
        ),
        (
            "zh_sarcasm",
            zh("做成(?:你|您)这样|(?:也是|真是)没谁了|真(?:是)?服了(?:你|你们)|佩服你们的脸皮"),
        ),
        negatable=False,
    ),
    *patterns(
        Category.INSULT,
        (
            "any_adjective",
            rf"{YOU}(?:'re| are) (?:nothing but |just |only |such )?(?:a|an) [a-z]+ "
            + _INSULT_NOUN,
        ),
        (
            "child_could",
            en(
                "(?:a child|a monkey|my dog|a toddler|a (?:five|ten)-year-old|a chimp|a goldfish) "
                "could (?:do|run|manage|handle|organi[sz]e|count|read)[^.!?;]{0,40}better"
            ),
        ),
        negatable=False,
    ),
)
