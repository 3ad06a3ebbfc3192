import Foundation
import HeweiCore

/// What the console tells a person when something is refused: the field or rule in their language,
/// followed by the server's precise reason.
enum ConsoleMessages {
    static func fieldLabel(_ field: String, lang: Lang) -> String {
        let labels: [String: (String, String)] = [
            "channel": ("渠道", "Channel"), "channelRef": ("来源编号", "Channel reference"),
            "requestKind": ("诉求类型", "Request kind"), "categoryCode": ("分类", "Category"),
            "urgency": ("紧急程度", "Urgency"), "longitude": ("经度", "Longitude"), "latitude": ("纬度", "Latitude"),
            "address": ("地址", "Address"), "requesterName": ("诉求人姓名", "Requester's name"),
            "requesterPhone": ("联系电话", "Phone"), "content": ("诉求内容", "Content"),
            "dispatchTo": ("派往", "Dispatch to"), "answerAtOnce": ("即办答复", "Answer at once"),
            "note": ("说明", "Note"), "unit": ("承办单位", "Unit"), "extension": ("延期时长", "Extra time"),
            "reply": ("答复内容", "Answer"), "resolved": ("是否解决", "Resolved"), "satisfaction": ("满意度", "Satisfaction"),
            "state": ("状态", "State"), "light": ("亮灯", "Light"), "from": ("受理自", "From"), "to": ("至", "To"),
            "sort": ("排序", "Sort"), "page": ("页码", "Page"), "per": ("每页条数", "Per page"),
            "Idempotency-Key": ("提交编号", "Submission key"),
            "cellCode": ("网格", "Cell"), "text": ("发现内容", "Finding"), "lon": ("经度", "Longitude"), "lat": ("纬度", "Latitude"),
        ]
        guard let l = labels[field] else { return field }
        return lang.t(l.0, l.1)
    }

    static func describe(_ error: HeweiError, lang: Lang) -> String {
        switch error {
        case let .invalidField(field, why):
            return lang.t("「\(fieldLabel(field, lang: lang))」填写有误：\(why)", "\(fieldLabel(field, lang: lang)): \(why)")
        case let .illegalTransition(t):
            let state = lang.t(t.state.nameZh, t.state.nameEn)
            let action = lang.t(t.action.nameZh, t.action.nameEn)
            return lang.t("工单当前状态为「\(state)」，不能执行「\(action)」。", "The order is '\(state)': '\(action)' is not allowed now.")
        case let .forbidden(why):
            return lang.t("您无权执行此操作（\(why)）。", "You may not do this (\(why)).")
        case let .rule(why), let .conflict(why):
            return lang.t("不符合办理规则：\(why)", "Refused by the rules: \(why)")
        default:
            return error.reason
        }
    }
}
