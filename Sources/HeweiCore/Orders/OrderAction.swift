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
    /// Put an accepted order into the claim pool of a set of eligible units (抢单).
    case pool
    /// An eligible unit claims a pooled order; the first claim wins.
    case claim
    /// Add assisting units (协办) to an order: joint handling (联办).
    case addAssisting
    /// An assisting unit signs for its part.
    case assistSignFor
    /// An assisting unit reports its part to the lead unit.
    case assistReport
    /// The dispatcher waives an assisting unit's report, with a reason.
    case waiveAssist
    /// A lower level asks the next level up to take over coordination of a matter it cannot resolve.
    case escalate
    /// The unit a supervision notice is addressed to answers it.
    case respondSupervision
    /// A follow-up call that did not reach the resident; the last allowed attempt ends as unreachable.
    case followUpAttempt
    /// Merge this order under a parent order about the same matter (并单).
    case merge
    /// Undo a merge: the order leaves its parent and waits for dispatch again.
    case unmerge
    /// The resident rates the handling on the portal (满意 / 基本满意 / 不满意), once per order, after the
    /// reply; no staff role may take it (the portal records it as its own principal).
    case rate
    /// Publish a letter (书记信箱, 网络问政) and its answer on the public page, without personal data;
    /// only when the writer agreed to publication.
    case publish
    /// A resident's update to their request arriving from an Open311 client (mySociety
    /// `servicerequestupdates`): recorded, changes nothing; not a staff action.
    case residentUpdate

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
        case .pool: return "放入抢单池"
        case .claim: return "抢单"
        case .addAssisting: return "增加协办单位"
        case .assistSignFor: return "协办签收"
        case .assistReport: return "协办反馈"
        case .waiveAssist: return "免除协办反馈"
        case .escalate: return "提请上级协调"
        case .respondSupervision: return "督办回复"
        case .followUpAttempt: return "回访未接通"
        case .merge: return "并单"
        case .unmerge: return "撤销并单"
        case .rate: return "群众评价"
        case .publish: return "公开答复"
        case .residentUpdate: return "群众补充"
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
        case .pool: return "Put in claim pool"
        case .claim: return "Claim"
        case .addAssisting: return "Add assisting units"
        case .assistSignFor: return "Assisting unit signs for"
        case .assistReport: return "Assisting unit reports"
        case .waiveAssist: return "Waive an assisting report"
        case .escalate: return "Escalate to the next level"
        case .respondSupervision: return "Respond to supervision"
        case .followUpAttempt: return "Follow-up call not answered"
        case .merge: return "Merge under a parent"
        case .unmerge: return "Undo merge"
        case .rate: return "Resident rating"
        case .publish: return "Publish the answer"
        case .residentUpdate: return "Resident's update"
        }
    }
}
