/// Notes that staff write on demo actions (Chinese, as in the console).
enum DemoPhrases {
    static let dispatch = ["", "请按职责及时办理。", "请尽快核实处理并反馈。", "请及时联系诉求人，按时办结。"]
    static let signFor = ["", "", "已签收，尽快安排处理。", "已签收。"]
    static let objection = [
        "该事项不属于我单位职责范围，申请退回改派。",
        "经核实，诉求地点不在我单位管辖范围，建议改派属地办理。",
        "该事项涉及其他部门行政审批和执法权限，我单位无法办理，申请退回。",
    ]
    static let rejectObjection = [
        "经核实，该事项属于你单位职责范围，异议不成立，请按时办理。",
        "根据职责清单，该事项由你单位主办，请尽快办理。",
    ]
    static let extensionRequest = [
        "涉及多部门协调，需进一步现场核查，申请延期。",
        "需等待第三方检测结果，申请延期。",
        "整改工程量较大，需协调施工队伍，申请延期。",
    ]
    static let approveExtension = ["", "同意延期，请在延长期限内办结。"]
    static let rejectExtension = ["延期理由不充分，请按原时限办结。", "该事项可在原时限内办结，不同意延期。"]
    static let supervise = ["该诉求群众多次来电反映，请加快办理进度。", "请高度重视，按时办结并及时反馈办理情况。"]
    static let suspend = [
        "涉及司法诉讼程序，待法院判决后继续办理。",
        "需待季节性施工条件具备后处理，暂停计时。",
        "需等待上级部门政策答复，暂停计时。",
    ]
    static let resume = ["", "挂起原因已消除，恢复计时。"]
    static let redoAfterReport = ["反馈内容与诉求不符，退回重新办理。", "办理结果未回应群众核心诉求，请重新办理。"]
    static let redoAfterFollowUp = ["回访群众表示问题未解决，退回重办。", "群众对办理结果不满意，二次派送重办。"]
    static let close = ["", "", "办结归档。"]

    static func approveObjection(_ unitName: String) -> String { "经核实，同意异议，改派\(unitName)办理。" }

    static func reply(category: String, unit: String, result: String) -> String {
        "您好，您反映的\(category)问题已由\(unit)办理：\(result)感谢您的监督与支持。"
    }

    static func followUp(_ satisfaction: String, resolved: Bool?) -> String {
        switch (satisfaction, resolved) {
        case ("satisfied", true?): return "群众表示问题已解决，对处理结果满意。"
        case ("satisfied", _): return "群众表示问题尚未完全解决，但对工作人员态度满意。"
        case ("basicallySatisfied", true?): return "群众表示问题基本解决，基本满意。"
        case ("basicallySatisfied", _): return "群众表示问题仍未解决，基本满意。"
        case ("unsatisfied", true?): return "群众表示问题虽已处理，但对处理方式不满意。"
        case ("unsatisfied", _): return "群众表示问题未得到解决，不满意。"
        default: return "连续三次回访电话未接通。"
        }
    }

    static func closeWithoutFollowUp(kind: String, anonymous: Bool) -> String {
        if anonymous { return "匿名诉求，无法回访，已答复办结。" }
        if kind == "praise" { return "表扬已转达承办单位，办结。" }
        return "建议已转相关单位研究参考，办结。"
    }
}
