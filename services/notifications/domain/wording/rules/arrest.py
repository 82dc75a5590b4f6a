"""Arrest, jail and criminal prosecution; a debt called a crime (COMPLIANCE.md R5)."""

from __future__ import annotations

from services.notifications.domain.wording.categories import Category
from services.notifications.domain.wording.grammar import en, seq, zh, zh_seq
from services.notifications.domain.wording.lexicon import YOU, YOUR
from services.notifications.domain.wording.patterns import patterns
from services.notifications.domain.wording.rules.authority import PLACE_AHEAD

_CUSTODY = en(
    "arrest|arrests|arrested|arresting|jail|jails|jailed|jailing|jail ?time|gaol|prison|prisons|"
    "imprison|imprisoned|imprisonment|incarcerat(?:e|ed|ion)|behind bars|locked up|"
    "lock (?:you|u|him|her|them) up|lock up|handcuff(?:s|ed)?|in cuffs|cuffed|the cuffs|do time|"
    "doing time|serve time|serving time|do (?:hard )?time|the slammer|the clink|the nick|"
    "penitentiary|jumpsuit|cell ?mates?|mugshots?|perp walk|police cells?|a (?:jail|prison) cell|"
    "(?:into|in|to|taken into|held in) (?:police )?custody|detain(?:ed)? (?:you|u)|be detained|"
    "detention cent(?:er|re)|a (?:night|weekend) in (?:a )?cell|custodial sentence|sentenced|"
    "sent down|put away|(?:arrest|search) warrants?|warrants? (?:for|of) (?:your )?arrest"
)
_CRIME = en(
    "criminal(?:ly)?|crimes?|felony|felonies|felon|misdemeanou?rs?|"
    "prosecut(?:e|ed|es|ing|ion|ions|or|ors)|indict(?:ed|ment)?|charged with|"
    "press(?:ing)? charges|file charges|bring charges|"
    "charges (?:will be|have been|are being) (?:filed|brought|pressed|laid)|"
    "offen[cs]es? (?:of|under)|"
    "criminal (?:record|complaint|case|liability|investigation|proceedings|offen[cs]e|charges)|"
    "(?:commit|committing|committed) (?:a )?(?:crime|fraud|theft|an offen[cs]e|a felony)|"
    "fraud (?:charges?|case|investigation|complaint|report|squad|unit|division)|guilty of|"
    "convicted"
)
_NONPAYMENT = en(
    "not paying|non-?payment|withholding (?:payment|money|funds|our money)|holding back payment|"
    "keeping our money|not settling|failure to pay|failing to pay|refusing to pay|refusal to pay|"
    "unpaid (?:debts?|invoices?|bills?)|owing money|debts?|this|what you(?:'re| are) doing|"
    "your (?:behaviou?r|conduct|actions)|keeping (?:our|the) (?:money|goods)|"
    "ignoring (?:us|this|our \\w+)|(?:you|u)|your company|evading payment|defaulting"
)
_IS_A_CRIME = en(
    "crime|criminal|criminal offen[cs]e|offen[cs]e|fraud|fraudulent|theft|stealing|illegal|"
    "unlawful|against the law|a felony|embezzlement|a thief|thieves|"
    "obtaining (?:goods|property|services) by deception|deception|cheating|obstruction|contempt"
)

PATTERNS = (
    *patterns(
        Category.ARREST,
        ("custody", _CUSTODY + PLACE_AHEAD),
        (
            "freedom",
            en(
                "(?:last|final) (?:few )?(?:days|weeks|hours|months) of freedom|(?:lose|losing|"
                "kiss goodbye to|say goodbye to) your freedom|your freedom (?:is|will be) "
                "(?:over|gone|taken|at stake)|(?:the )?inside of a (?:cell|prison|jail|police "
                "station|courtroom)|(?:in|inside|into) a (?:police |prison |jail )?cell(?! ?phone)|"
                "behind (?:the )?bars|(?:locked|lock (?:you|u)) away|throw away the key|"
                "(?:visit|visiting) (?:you|u) in (?:prison|jail)"
            ),
        ),
        ("crime", _CRIME),
        (
            "debt_is_a_crime",
            seq(
                _NONPAYMENT,
                en(
                    "is|are|was|'s|counts as|amounts to|constitutes|qualifies as|"
                    "will be treated as|is considered|may be considered|could be considered|"
                    "is classed as|equals|means|makes you|is basically|is simply|is nothing but|"
                    "is nothing less than|are committing|is committing|are guilty of"
                )
                + r"(?: an?| [a-z]+)?",
                _IS_A_CRIME,
                within=1,
            ),
        ),
        (
            "stealing_from_us",
            seq(
                f"(?:{YOU}|{YOUR} (?:company|firm|business))",
                en("are|'re|have been|were|is") + r"(?: [a-z]+)?",
                en("stealing|robbing|defrauding|swindling|conning|scamming|cheating"),
                within=1,
            ),
        ),
        (
            "report_for_crime",
            seq(
                en("report|reported|reporting|denounce"),
                f"(?:{YOU}|{YOUR} (?:company|firm|business)|this|it)",
                en("for|as")
                + r"(?: [a-z]+){0,2} "
                + en("fraud|theft|stealing|deception|embezzlement|a crime|crime|a scam|scam"),
                within=3,
            ),
        ),
    ),
    *patterns(
        Category.ARREST,
        (
            "zh_custody",
            zh(
                "坐牢|蹲(?:大)?牢|吃牢饭|牢饭|牢房|牢狱|大牢|监狱|看守所|拘留所|局子|号子|进去(?:几年|蹲|踩)|踩缝纫机|吃国家饭|关进|关起来|关你|"
                "抓(?:你|起来|进去|人|走)|被抓|抓捕|逮捕|拘捕|拘留|刑拘|行拘|拘役|拘传|判刑|判(?:你)?[几一二三四五六七八九十\\d]+年|服刑|坐监|"
                "铁窗|手铐|铐(?:走|上|起来)|失去自由|限制(?:人身)?自由|限制出境|牢狱之灾|进监狱|送进去|把你送进|蹲监狱|劳改|劳教|有期徒刑|无期"
            ),
        ),
        (
            "zh_crime",
            zh(
                "刑事|犯罪|罪犯|犯法(?!律)|违法犯罪|诈骗罪|合同诈骗|(?:你|你们|贵司|这)(?:这是|是|在|涉嫌|属于|构成|就是)诈骗|骗贷|"
                "拒不执行判决裁定罪|拒执罪|立案侦查|经侦|刑侦|刑警|追究(?:你的?|其)?刑事|公诉|检察院(?:起诉|公诉)|定罪|量刑|判决有罪|前科|案底|留案底|"
                "犯罪记录|刑事责任|罪名|构成[^。]{0,6}罪|涉嫌[^。]{0,8}罪|以[^。]{0,6}罪(?:名)?(?:起诉|追究|立案|逮捕|论处)"
            ),
        ),
        (
            "zh_debt_is_a_crime",
            zh_seq(
                zh(
                    "欠钱不还|欠款不还|欠债不还|不还钱|不还款|不付款|拖欠|赖账|欠钱|欠款|这种行为|你的行为|你们的行为|你这是|你们这是|贵司(?:的)?行为"
                ),
                zh("是|属于|构成|就是|等于|涉嫌|已经是|算是|视为"),
                zh("违法|犯法|犯罪|诈骗|盗窃|偷窃|侵占|非法占有|骗取|骗钱|刑事"),
                within=3,
            ),
        ),
    ),
    *patterns(
        Category.ARREST,
        (
            "trial",
            en(
                "in the dock|from the dock|stand trial|face trial|on trial|criminal court|"
                "crown court|"
                "deport(?:ed|ation)?|(?:your )?visa (?:revoked|cancelled|canceled|withdrawn)|"
                "(?:you|u|your directors?|your (?:ceo|boss|owner)) (?:will|could|may|might|"
                "shall) be "
                "charged(?= ?[.,!;]|$| with| criminally)"
            ),
        ),
    ),
    *patterns(
        Category.ARREST,
        (
            "inside",
            en(
                "(?:a few|some|several|a couple of|\\d+|two|three|five|ten) (?:years|months|weeks) "
                "inside|a stretch inside|time inside|doing a stretch|porridge"
            ),
        ),
    ),
    *patterns(
        Category.ARREST,
        (
            "zh_go_inside",
            zh(
                "想进去|进去(?:待|呆|住|蹲)(?:几天|几年|几个月)?|限制高消费|被限高|限高令|坐不了(?:飞机|高铁)|"
                "不能坐(?:飞机|高铁)|全家(?:都)?(?:去死|倒霉|不得好死|完蛋)"
            ),
        ),
    ),
)
