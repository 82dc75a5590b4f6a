"""Word classes shared by the categories' patterns, in English and Chinese.

Each is a regex fragment over normalised text. English fragments are whole words (built
with :func:`en`); Chinese fragments are plain alternations.
"""

from __future__ import annotations

from services.notifications.domain.wording.grammar import en, zh

# --- English -----------------------------------------------------------------------------

YOU = en("you|u|ya|yourself|yourselves|thee|y'all")
YOUR = en("your|ur|yr|thy|you're|youre")
SOMEONE = en("someone|somebody|anyone|anybody|people|things|something")
WILL = en(
    "will|'ll|shall|would|could|might|may|can|must|are going to|is going to|am going to|are gonna|"
    "is gonna|gonna|going to|are about to|is about to|about to|plan to|intend to|soon|all|surely|"
    "definitely|certainly|will all|are all going to"
)
WE = en(
    "we|i|us|they|someone|somebody|our (?:[a-z]+ )?(?:team|people|agents?|guys|boys|men|"
    "collectors?|staff|representatives?|officers?|friends)|my (?:boys|guys|men|people|friends|"
    "brothers)|the boys|my associates"
)

FAMILY = en(
    "family|families|wife|husband|spouse|partner|partners|girlfriend|boyfriend|parents?|mother|"
    "father|mum|mom|mommy|mummy|dad|daddy|sons?|daughters?|kids?|children|child|relatives|"
    "relations|in-?laws|brothers?|sisters?|siblings|grandparents?|grandma|grandpa|loved ones|"
    "household|cousins?|aunts?|uncles?|fianc[eé]e?|nephews?|nieces?|folks|old man|old lady|missus|"
    "mrs"
)
SOCIAL = en(
    "friends?|neighbou?rs?|neighbou?rhood|community|church|congregation|mosque|temple|school|"
    "teachers?|classmates?|landlord|tenants?|followers|contacts|contact list|phone ?book|"
    "address ?book|wechat friends|everyone (?:you|u) know|everybody (?:you|u) know|"
    "people (?:you|u) know|acquaintances|social circle|circle of friends|club|golf club"
)
BUSINESS = en(
    "customers?|clients?|suppliers?|vendors?|business partners?|investors?|shareholders?|"
    "stakeholders?|competitors?|rivals?|peers|distributors?|trade partners?|other suppliers|"
    "other (?:businesses|companies|firms|vendors)"
)
WORK = en(
    "employer|employers|boss|bosses|boss's|manager|managers|line manager|supervisor|supervisors|"
    "superiors?|colleagues?|co-?workers?|workmates?|hr|human resources|employees|workers"
)
WORKPLACE = en(
    "staff|board|board of directors|directors?|ceo|chairman|owners?|management|head office|"
    "headquarters|team|office|whole office|whole company|entire company"
)
PUBLIC = en(
    "everyone|everybody|the whole (?:world|town|city|street|village|industry|market|sector|"
    "neighbou?rhood|office|company|building|internet|trade)|the world|the public|the internet|"
    "the press|the media|journalists?|reporters?|newspapers?|the news|all (?:your|ur) [a-z]+|"
    "the industry|the trade|the market"
)
OUTSIDERS = f"(?:{FAMILY}|{SOCIAL}|{BUSINESS})"
"""People outside the debtor's business who must never hear of the debt (COMPLIANCE.md R1)."""
INSIDERS = f"(?:{WORK}|{WORKPLACE})"
"""The debtor's own people: lawful to write to, unless the wording threatens with them."""

TELL = en(
    "tell|telling|told|tells|inform|informing|informed|notify|notifying|notified|contact|"
    "contacting|contacted|call|calling|called|ring|ringing|rang|phone|phoning|phoned|e-?mail|"
    "e-?mailing|e-?mailed|text|texting|texted|message|messaging|messaged|write to|writing to|"
    "wrote to|alert|alerting|alerted|warn|warning|warned|reach out to|reaching out to|"
    "get in touch with|getting in touch with|speak to|speak with|speaking to|spoke to|talk to|"
    "talking to|talked to|visit|visiting|visited|approach|approaching|complain to|let|letting|"
    "send|sending|sent|share|sharing|shared|show|showing|cc|copy in|forward|forwarding|forwarded|"
    "report|reporting|reported|mail|mailing|mailed|publish|post|circulate|circulating|spread|"
    "spreading|expose|exposing|reveal|revealing|disclose|disclosing|explain to|pay a visit to|"
    "drop by|knock on the door of|broadcast"
)
LEARN = en(
    "hear|hears|heard|hearing|find out|finds out|found out|learn|learns|learned|learnt|know|knows|"
    "knew|discover|discovers|discovered|see|sees|saw|read|reads|get wind|gets wind|got wind|"
    "be told|be informed|be notified|be contacted|be called|be alerted|be warned|be aware|be sent|"
    "be shown|be interested|be hearing|be getting|be receiving|"
    "get a (?:call|letter|visit|copy|message|phone call|e-?mail)|"
    "receive a (?:call|letter|visit|copy|message|phone call|e-?mail)|hear about|get to know|"
    "get the (?:news|message|memo|full story|details)|love to (?:know|hear)|like to (?:know|hear)|"
    "want to (?:know|hear)|interested|shocked|surprised|disappointed|curious|fascinated|delighted|"
    "thrilled"
)

# --- Chinese -----------------------------------------------------------------------------

ZH_YOU = zh("你|您|你们|贵司|贵公司|你公司|你们公司|贵方|阁下|尔")
ZH_FAMILY = zh(
    "家人|家属|家里人|家里|全家|一家|父母|爸妈|爹妈|爸爸|妈妈|老爸|老妈|母亲|父亲|老婆|老公|妻子|丈夫|爱人|媳妇|孩子|小孩|儿子|女儿|子女|儿女|亲戚|亲属|亲人|"
    "亲友|亲朋|兄弟|姐妹|哥哥|姐姐|弟弟|妹妹|对象|男朋友|女朋友|岳父|岳母|公婆|丈母娘|七大姑八大姨|祖宗|家族|老人"
)
ZH_SOCIAL = zh(
    "朋友|好友|同学|老师|邻居|街坊|邻里|小区|物业|村里|村委|居委会|老家|通讯录|联系人|微信好友|朋友圈|熟人|身边的人|所有认识你的人|认识你的人|圈子|周围的人"
)
ZH_BUSINESS = zh(
    "客户(?!经理|服务|代表|专员|部|热线|编号|号|端)|供应商|合作伙伴|合作方|股东|投资人|投资方|同行|竞争对手|上下游|经销商|房东"
)
ZH_BOSS = zh("老板|领导|上司|上级|单位|同事|老总|人事|hr|单位领导|公司领导|顶头上司|同僚")
ZH_WORK = zh(
    ZH_BOSS,
    "公司同事",
    "员工",
    "全公司",
    "全单位",
    "董事会",
    "董事长",
    "总经理",
    "主管",
    "经理",
    "部门",
)
ZH_PUBLIC = zh(
    "所有人|全世界|全社会|全网|网友|全城|全村|全行业|整个行业|媒体|记者|报社|电视台|公众|网民|街上"
)
ZH_OUTSIDERS = zh(ZH_FAMILY, ZH_SOCIAL, ZH_BUSINESS)
ZH_INSIDERS = ZH_WORK
ZH_TELL = zh(
    "告诉|告知|通知|联系|打电话给|打电话到|打给|打到|发给|发到|发短信给|发信息给|群发给?|转告|知会|找|去找|拜访|曝光给|通报给?|公布给|告到|捅到|捅给|说给|讲给|"
    "反映给|汇报给|寄给|寄到|送到|骚扰|问候|转发给|分享给|散布给|透露给|披露给"
)
ZH_WILL = zh("会|将|要|就|马上|立刻|很快|迟早|早晚|都|也|全|即将|统统|必然|肯定|一定")
