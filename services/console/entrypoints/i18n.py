"""The console's words in zh-CN and English: the English text is the key.

Codes the services answer with (states, reasons, roles) are translated too; a code
without an entry is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_CODE = re.compile(r"[a-z]+(?:_[a-z0-9]+)+")

ZH_CN: dict[str, str] = {
    "Tasks": "任务", "Whose tasks": "谁的任务", "Show": "显示", "mine": "我的",
    "a team or person": "某团队或某人", "all": "全部", "Team or person": "团队或人员",
    "{n} open tasks": "{n} 项未完成任务",
    "Open tasks, earliest due first": "未完成任务，最早到期在前",
    "Due": "到期", "Task": "任务", "Assignee": "负责人", "Complete": "完成",
    "Reassign to": "转派给", "Reassign": "转派", "No open task.": "没有未完成的任务。",
    "Open tasks": "未完成任务", "Last conversation": "最近一次沟通",
    "Only debtors with a task for me": "只看有我的任务的债务人",
    "Log a call or a visit": "记录电话或拜访",
    "video call": "视频通话", "SMS": "短信",
    "reached": "已联系上", "no_answer": "无人接听", "left_message": "已留言",
    "wrong_party": "联系人不对", "promised_to_pay": "承诺付款",
    "refused_to_pay": "拒绝付款", "asked_for_time": "请求宽限",
    "asked_not_to_be_called": "要求不再来电", "call_debtor": "致电债务人",
    "prepare_claim": "准备诉讼材料", "offer_payment_plan": "提供分期方案",
    "Huikuan console": "回款工作台", "Skip to content": "跳到正文", "Main": "主导航",
    "Worklist": "催收工作清单", "Dead letters": "死信", "API keys": "API 密钥", "Users": "用户",
    "Sign in": "登录", "Sign out": "退出", "Username": "用户名", "Password": "密码",
    "Wrong username or password.": "用户名或密码错误。",
    "Too many wrong passwords: this account is locked for a while.":
        "密码错误次数过多：账户已暂时锁定。",
    "This account is disabled.": "该账户已停用。",
    "Choose your password": "设置密码", "Current password": "当前密码",
    "New password (at least 12 characters)": "新密码（至少 12 个字符）", "Save": "保存",
    "You signed in with a one-time password. Choose your own to go on.":
        "您使用一次性密码登录，请先设置自己的密码。",
    "The current password is wrong.": "当前密码错误。",
    "a password needs at least 12 characters": "密码至少需要 12 个字符",
    "choose a password other than the one-time password": "请设置与一次性密码不同的密码",
    "Filter the worklist": "筛选工作清单", "Filter": "筛选", "State": "状态", "any": "全部",
    "Currency": "币种", "Classification": "分类", "Overdue at least": "逾期金额不低于",
    "Days past due at least": "逾期天数不少于", "Apply": "应用",
    "{n} debtors with money overdue": "{n} 个债务人有逾期款项",
    "Debtors ranked by what recovers most money soonest": "按最快回收最多金额排序的债务人",
    "Rank": "排名", "Debtor": "债务人", "Level": "级别", "level": "级别", "Overdue": "逾期",
    "Days past due": "逾期天数", "Broken promises": "违约承诺", "Rating": "信用评级",
    "Next action": "下一步", "No debtor matches.": "没有符合条件的债务人。", "Pages": "分页",
    "Previous": "上一页", "Next": "下一页", "Page {page} of {pages}": "第 {page} 页，共 {pages} 页",
    "Charts": "图表", "Show the charts": "显示图表", "As a table": "表格形式",
    "Overdue by age of the oldest overdue invoice (days)":
        "按最早逾期发票账龄统计的逾期金额（天）",
    "Overdue by age (days)": "逾期账龄（天）",
    "Worklist money by dunning level": "各催收级别的金额",
    "Overdue by level": "按级别的逾期金额",
    "drawn over {counted} of {total} debtors on the worklist":
        "基于工作清单中 {total} 个债务人里的 {counted} 个",
    "Recorded.": "已记录。", "Policy": "催收策略", "Segment": "客户分组", "Jurisdiction": "法域",
    "Promise": "付款承诺", "by": "截至", "Plan": "分期计划", "Next step": "下一步骤",
    "Legal hold": "法律保全", "none": "无", "supply halted": "已停止供货", "Balances": "余额",
    "Outstanding": "未付", "Nothing outstanding.": "无未付款项。",
    "Outstanding over time": "未付余额走势", "Invoices": "发票", "Invoice": "发票",
    "Amount": "金额", "Due date": "到期日", "Dispute": "争议", "disputed": "有争议",
    "closed": "已结清", "No invoices.": "没有发票。", "Contacts": "联系人", "Contact": "联系人",
    "Role": "角色", "Language": "语言", "Name": "姓名", "E-mail": "电子邮件", "Phone": "电话",
    "Cease contact": "停止联系", "yes": "是", "no": "否",
    "Contact details are not shown to your role.": "您的角色不显示联系人详细信息。",
    "Timeline": "时间线", "When": "时间", "Event": "事件",
    "What happened (rule, policy)": "经过（规则、策略）", "Messages": "消息",
    "Message outcomes come from the evidence export, which the notifications API serves to "
    "auditors and admins.": "消息结果来自证据导出，通知服务仅向审计员和管理员提供。",
    "Outcome": "结果", "Channel": "渠道", "Template": "模板", "Rule / reason": "规则 / 原因",
    "Address": "地址", "No messages yet.": "暂无消息。", "Evidence (JSON)": "证据（JSON）",
    "Evidence (PDF)": "证据（PDF）", "Actions": "操作", "Record a promise to pay": "记录付款承诺",
    "Pay by": "付款日期", "Taken by": "承诺方式", "Note": "备注",
    "Agree a payment plan or a deferral": "约定分期或延期", "Kind": "类型",
    "Instalments, one per line: date amount": "分期，每行一期：日期 金额",
    "Offer a settlement": "提出和解", "Discount": "折扣", "Valid until": "有效期至",
    "Open a dispute": "登记争议", "Reason": "原因", "Resolve a dispute": "解决争议",
    "Classify the reason for non-payment": "分类未付原因", "Put a legal hold": "设置法律保全",
    "Case number": "案号",
    "Logging a call or a visit and the tasks inbox need APIs the services do not offer yet.":
        "记录电话或拜访以及任务收件箱需要服务尚未提供的 API。",
    "Error": "错误", "Something went wrong": "出错了", "Back to the worklist": "返回工作清单",
    "Id": "编号", "Stream": "流", "Deliveries": "投递次数", "Replay": "重放", "None.": "无。",
    "The new key, shown this once:": "新密钥（仅显示这一次）：", "New key": "新密钥",
    "Create": "创建", "Created": "创建时间", "Digest": "摘要", "Revoke": "吊销",
    "One-time password for {user}, shown this once:": "{user} 的一次性密码（仅显示这一次）：",
    "New user": "新用户", "Status": "状态", "Change": "修改", "Set": "设置",
    "New one-time password": "新的一次性密码", "Enable": "启用", "Disable": "停用",
    "active": "正常", "disabled": "已停用", "locked": "已锁定", "one-time password": "一次性密码",
    # Codes from the services.
    "admin": "管理员", "collector": "催收员", "auditor": "审计员", "integration": "系统集成",
    "current": "正常", "reminded": "已提醒", "overdue": "逾期", "demand_issued": "已发催款函",
    "supply_halted": "已停止供货", "promise_pending": "待兑现承诺", "payment_plan": "分期中",
    "hardship": "困难", "escalated_agency": "已转催收机构", "escalated_legal": "已转法务",
    "written_off": "已核销", "resolved": "已解决",
    "dispute": "争议", "unwilling": "拒不付款", "unreachable": "无法联系", "insolvency": "破产",
    "quality": "质量", "quantity": "数量", "price": "价格", "delivery": "交付", "other": "其他",
    "phone": "电话", "visit": "拜访", "e-mail": "电子邮件", "letter": "信函",
    "instalments": "分期", "deferral": "延期",
    "upheld_back_to_dunning": "争议不成立，恢复催收", "credited": "已开红字冲销",
    "litigation": "诉讼", "legal_claim": "法律请求", "regulatory_inquiry": "监管调查",
    "statutory_retention": "法定保存", "NotificationSent": "已发送",
    "NotificationDeferred": "已推迟", "NotificationSuppressed": "已拦截",
    "NotificationFailed": "发送失败", "NotificationDelivered": "已送达",
}  # fmt: skip

CATALOGUES: dict[str, dict[str, str]] = {"zh-CN": ZH_CN, "en": {}}


def translator(language: str) -> Callable[..., str]:
    """``t(text, **values)``: ``text`` in ``language`` with ``{names}`` filled in."""
    catalogue = CATALOGUES.get(language, {})

    def t(text: str, **values: Any) -> str:
        said = catalogue.get(text)
        if said is None:  # a code the services answer with reads as words: "escalated legal"
            said = text.replace("_", " ") if _CODE.fullmatch(text) else text
        return said.format(**values) if values else said

    return t
