/// Everything that can happen to a work order. Each is recorded as an event.
public enum OrderAction: String, Sendable, Codable, CaseIterable {
    case accept
    case answerAtOnce
    case dispatch
    case reassign
    case signFor
    case object
    case approveObjection
    case rejectObjection
    case requestExtension
    case approveExtension
    case rejectExtension
    case report
    case reply
    case recordFollowUp
    case close
    case redo
    case supervise
    case suspend
    case resume
    /// A dispatcher corrects the category or the location; routing runs again.
    case amend
    /// Recorded when a calendar or policy change moved an open deadline.
    case recomputeDeadlines

    public var nameZh: String {
        switch self {
        case .accept: return "受理"
        case .answerAtOnce: return "即办答复"
        case .dispatch: return "派单"
        case .reassign: return "改派"
        case .signFor: return "签收"
        case .object: return "提出异议"
        case .approveObjection: return "同意异议并改派"
        case .rejectObjection: return "驳回异议"
        case .requestExtension: return "申请延期"
        case .approveExtension: return "批准延期"
        case .rejectExtension: return "驳回延期"
        case .report: return "办理反馈"
        case .reply: return "答复群众"
        case .recordFollowUp: return "回访"
        case .close: return "办结"
        case .redo: return "重办"
        case .supervise: return "督办"
        case .suspend: return "挂起"
        case .resume: return "恢复计时"
        case .amend: return "修改分类/地点"
        case .recomputeDeadlines: return "时限重算"
        }
    }

    public var nameEn: String {
        switch self {
        case .accept: return "Accept"
        case .answerAtOnce: return "Answer at once"
        case .dispatch: return "Dispatch"
        case .reassign: return "Reassign"
        case .signFor: return "Sign for"
        case .object: return "Object"
        case .approveObjection: return "Approve objection"
        case .rejectObjection: return "Reject objection"
        case .requestExtension: return "Request extension"
        case .approveExtension: return "Approve extension"
        case .rejectExtension: return "Reject extension"
        case .report: return "Report"
        case .reply: return "Reply"
        case .recordFollowUp: return "Record follow-up"
        case .close: return "Close"
        case .redo: return "Redo"
        case .supervise: return "Supervise"
        case .suspend: return "Suspend clock"
        case .resume: return "Resume clock"
        case .amend: return "Amend category or location"
        case .recomputeDeadlines: return "Deadlines recomputed"
        }
    }
}
