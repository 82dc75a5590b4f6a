"""What makes a match lawful wording after all: negation, a request to the reader, a named
legal or contractual basis, a bank's own charges.

"We will not contact your family" and 我们不会联系您的家人 are promises, not threats; but
"we will not hesitate to call the police", "your phone will not stop ringing" and
别以为我们不会告诉你老板 are threats, and so is "we won't call your boss if you pay today".
"""

from __future__ import annotations

import re

from services.notifications.domain.wording.patterns import Context

_NEG_EN = re.compile(
    r"(?<![a-z0-9'])(?:no one|not|never|no|nor|without|neither|nobody|none|nothing|cannot|"
    r"[a-z]+n't|wont|dont|doesnt|didnt|cant|isnt|arent|wasnt|werent|wouldnt|couldnt|"
    r"shouldnt|havent|hasnt|free of|refrain from|avoid)(?![a-z0-9'])"
)
_NOT_A_NEGATION_EN = re.compile(
    r"\W*(?:hesitate|make|force|push|test|want|wish|forget|stop|rest|quit|afraid|scared|"
    r"it be|that be|you (?:think|agree|want|like|love|wish)|"
    r"let (?:this|it|you|that) (?:go|slide|pass|rest)|let up|leave (?:you|it) (?:alone|be)|"
    r"care|think|assume|believe|imagine|expect|suppose|later|longer|more|less|"
    r"(?:will|can|could|would|is going to) (?:stop|save|help|protect)|stops|saves|"
    r"only|matter|doubt|choice|option|alternative|way|mercy|exception|excuse|escape|end|"
    r"limit|further|be (?:responsible|held responsible|able|liable|surprised|shocked)|"
    r"going away|go away|kidding|joking|mistake|ignore|delay|wait|underestimate|be fooled|"
    r"pretend|say (?:we|you|i) (?:didn't|weren't|wasn't)|other|"
    r"sleep|peace|safe|pretty|nice|good|fun|"
    r"happy|small|little|bluff|idle|empty|joke|game|mess|play|fool|turn|back)(?![a-z])"
)
_CONDITION_VERBS = re.compile(
    r"\W*(?:pay|paid|paying|settle|settled|respond|reply|answer|comply|cooperate|act|clear|"
    r"remit|transfer|do so|get back|keep|honou?r|meet|fix|resolve|sort|sign|agree|return|"
    r"contact us|call us|reach us|receive|hear from|show|turn up|bother|care|want|listen)"
    r"(?![a-z])"
)
_SUBJECT = re.compile(
    r"(?<![a-z'])(?:we|i|they|he|she|someone|somebody|our|you(?:'ll|'re|'ve|'d| will| would| "
    r"are| were| do| did| can| could| must| have| had| should| may| might| need| fail))(?![a-z'])"
)
_CLAUSE_TURN = re.compile(
    r"(?<![a-z])(?:but|unless|until|otherwise|or else|then|so|if)(?![a-z])|[;:]"
)
_CONDITION_BEFORE = re.compile(
    r"(?<![a-z])(?:if|unless|until|till|when|once|as long as|in case)(?![a-z])[^,;:]*$"
)
_DOUBLE_NEGATION_EN = re.compile(
    r"(?:don't|dont|do not|never|doesn't) (?:think|assume|believe|imagine|expect|suppose|"
    r"count on|bet on)|(?:if you think|you think|thinking) (?:that )?(?:we|i)"
)
_CONDITIONAL_EN = re.compile(
    r"(?:if|once|as long as|so long as|provided(?: that)?|when) (?:you|your company|we "
    r"(?:receive|get|see))\W+(?:\w+ ){0,2}(?:pay|paid|settle|clear|transfer|remit|payment)"
)

_NEG_ZH = re.compile(
    r"不会|不能|不得|不将|不可能|绝不|决不|绝对不|从不|从未|从来不|从来没有|不再|不予|不向|不对|"
    r"不把|不收|免收|免除|免费|无需|无须|不需|不必|没有|并不|并未|未曾|不曾|不另|不额外|不作|"
    r"不做|也不|更不|亦不|勿|不要|别|不用|无意|不打算|不准备|拒绝|禁止|严禁|不允许|不存在|"
    r"不涉及|不包括|不包含|不属于|未|无"
)
_NEG_ZH_INSIDE = re.compile(
    r"不会|不能|绝不|决不|从不|从未|没有|并不|不再|不得(?!不|好)|不予|不收|免收"
)
_NOT_A_NEGATION_ZH = re.compile(
    r"不得不|不要以为|别以为|不要认为|别认为|不要逼|别逼|不要怪|别怪|别让|不要让|不要等|别等|"
    r"不要想|别想|不要妄想|别妄想|不怕|不客气|不然|不排除|不惜|不想|不愿|不希望|不放过|不罢休|"
    r"不停|不断|不管|不论|不信|不要脸|不得好死|不还|不付|不交|不理|不回|不接|不配合|不处理|"
    r"不给|不结|不打|不见|不要再拖|不要拖|别拖|无论|无时无刻|无数|无休止|没完|没日没夜|没脸|"
    r"不得安宁|未来|无耻|无赖|无奈|没门|别无选择|无路可走|不要逃避|别逃|别跑|不要跑|不要躲|别躲|"
    r"不顾|不择手段|毫不|一无所有|无法无天|无所谓|别说|不要说|别怨|不要怨|别后悔|不要后悔|无处|别指望|不要指望|没好|"
    r"不好过|没有好|无法无天|不还钱|不付款|未还|未付|未结|未按|不及时|未及时|无视|不到|不在乎"
)
_ZH_TURN = re.compile(r",|但是|但|可是|否则|不然|要不然|却|而是|只会|只是|就会|就要|还会|还要")
_DOUBLE_NEGATION_ZH = re.compile(r"别以为|不要以为|不要认为|别认为|不要觉得|别觉得|以为")
_CONDITIONAL_ZH = re.compile(
    r"(?:只要|如果|要是|一旦|若|等)[^。]{0,8}(?:还|付|结清|打款|转账)|(?:还|付)[^。]{0,6}就不会"
)
_HAN = re.compile(r"[\u3400-\u9fff]")


def negated(ctx: Context) -> bool:
    """A negation governs the match (and is not itself conditional on paying)."""
    if _HAN.search(ctx.matched):
        return _negated_zh(ctx)
    return _negated_en(ctx)


def _negated_en(ctx: Context) -> bool:
    clause = ctx.sentence[: ctx.start - ctx.sentence_start][-80:]
    if _DOUBLE_NEGATION_EN.search(ctx.sentence[: ctx.start]) or _CONDITIONAL_EN.search(
        ctx.sentence
    ):
        return False
    inside = [m for m in _NEG_EN.finditer(ctx.matched) if _governs(ctx.matched[m.end() :])]
    if inside:
        return True
    found = list(_NEG_EN.finditer(clause))
    if not found:
        return False
    rest = clause[found[-1].end() :]
    if len(rest.split()) > 6 or _SUBJECT.search(rest) or _CLAUSE_TURN.search(rest):
        return False
    if _CONDITION_BEFORE.search(clause[: found[-1].start()]):  # "if the money isn't here…"
        return False
    following = rest if rest.strip() else ctx.matched
    return _governs(following) and not _CONDITION_VERBS.match(following)


def _governs(following: str) -> bool:
    return not _NOT_A_NEGATION_EN.match(following)


def _negated_zh(ctx: Context) -> bool:
    before = ctx.sentence[: ctx.start - ctx.sentence_start][-14:]
    turns = list(_ZH_TURN.finditer(before))
    if turns:
        before = before[turns[-1].end() :]
    if _DOUBLE_NEGATION_ZH.search(ctx.sentence[: ctx.start]) or _CONDITIONAL_ZH.search(
        ctx.sentence
    ):
        return False
    inside = _NEG_ZH_INSIDE.search(ctx.matched)
    return _has_negation_zh(before) or bool(inside and _has_negation_zh(ctx.matched))


def _has_negation_zh(text: str) -> bool:
    blocked = {i for m in _NOT_A_NEGATION_ZH.finditer(text) for i in range(*m.span())}
    return any(m.start() not in blocked for m in _NEG_ZH.finditer(text))


_REQUEST = re.compile(
    r"(?:please|kindly|could you|can you|would you|you may|you can|you might|you should|"
    r"feel free|we ask you to|we recommend|we suggest|may wish to|ask your|if you|"
    r"you are welcome to|let us know|we advise you to|remember to|do not forget to|"
    r"you have the right|you are entitled|you may complain|"
    r"请|烦请|麻烦|如您|您可以|可以|如需|建议|如有|如果您|欢迎|敬请|务请|劳烦|可向|可拨打|可致电|有权)"
)


def asks_the_reader(ctx: Context) -> bool:
    """The reader is asked to do it ("please contact your bank", 请联系您的客户经理)."""
    before = ctx.before[-40:]
    found = list(_REQUEST.finditer(before))
    if not found:
        return False
    rest = before[found[-1].end() :]
    return len(rest.split()) <= 4 and not _US.search(rest)


_US = re.compile(r"(?<![a-z'])(?:we|they|our|someone|somebody)(?![a-z'])|我们|我司|本公司")


_BASIS = re.compile(
    r"contract|agreement|agreed|terms|conditions|t&c|clause|section \d|as per|pursuant|"
    r"(?<![a-z])act(?![a-z])|directive|statut|regulation|by law|under (?:the )?law|"
    r"legal basis|court|tribunal|judg(?:e)?ment|award|entitled|vat|gst|sales tax|"
    r"增值税|税率|税额|discount|rebate|reduction|credit note|waive|折扣|优惠|减免|"
    r"合同|协议|约定|条款|第[^。]{1,5}条|法律|法规|民法典|依法|依据|判决|裁定|法院|规定"
)


def names_a_basis(ctx: Context) -> bool:
    """The sentence names the contract, statute or judgment a charge rests on."""
    return bool(_BASIS.search(ctx.sentence))


_BANK = re.compile(
    r"bank|wire|transfer|transaction|remittance|card|paypal|swift|intermediary|"
    r"银行|转账|汇款|汇费|跨行|电汇|支付平台|刷卡|汇出|汇入"
)


def bank_charges(ctx: Context) -> bool:
    """A bank's or payment provider's own charge ("transfer fees", 汇款手续费)."""
    if _HAN.search(ctx.matched):
        return bool(_BANK.search(ctx.before[-8:] + ctx.matched))
    return bool(_BANK.search(ctx.before[-25:] + ctx.matched + ctx.after[:35]))


_LEGAL_PROCESS = re.compile(
    r"appl(?:y|ied|ication)(?: to the court)? for|court (?:may|could|can|might) (?:grant|"
    r"make|order|issue)|seek(?:ing)? an? |obtain(?:ing)? an? |申请|向[^。]{0,8}法院|依法"
)


def through_the_court(ctx: Context) -> bool:
    """A remedy sought from a court ("apply for a freezing order", 申请财产保全): a legal
    step, not a threat of self-help."""
    return bool(_LEGAL_PROCESS.search(ctx.before[-40:]))


_CONTACTS_US = re.compile(
    r"(?:call|contact|reach|ring|phone|e-?mail|text|message|visit|write to)(?:s|ed|ing)? "
    r"(?:us|our)(?![a-z])|联系我们|致电我们|拨打我们|我们的(?:客服|热线)|客服|服务热线|热线|"
    r"(?:可|可以|随时)(?:联系|致电|拨打)"
)


def contacts_us(ctx: Context) -> bool:
    """The reader contacting the creditor ("call us 24/7", 24小时服务热线), not the reverse."""
    return bool(_CONTACTS_US.search(ctx.matched))


_GREETING = re.compile(
    r"happy (?:new year|holidays|birthday|anniversary|easter|christmas|diwali|hanukkah|eid|"
    r"chinese new year|lunar new year|spring festival|thanksgiving)|merry christmas|best wishes|"
    r"season's greetings|wishing (?:you|your)|warm (?:regards|wishes)|congratulations|"
    r"condolences|get well|hope (?:you|your)|(?:are|is) (?:keeping )?well|keep(?:ing)? well|"
    r"祝|愿您|愿你|快乐|安康|幸福|平安|如意|问候|节日|希望|一切安好|身体健康"
)


def greeting(ctx: Context) -> bool:
    """Good wishes to the reader's family ("Happy holidays to you and your family",
    祝您和家人新年快乐)."""
    return bool(_GREETING.search(ctx.sentence))


_DELIVERY = re.compile(
    r"signature|sign for|(?<![a-z])deliver(?:y|ies|ing)?(?![a-z])|parcel|package|goods receipt|"
    r"installation|送货|签收|快递|安装|交货"
)


def delivering(ctx: Context) -> bool:
    """A delivery or an installation waits at the reader's door, not a collector."""
    return bool(_DELIVERY.search(ctx.sentence))
