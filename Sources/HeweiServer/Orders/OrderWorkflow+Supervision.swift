import Fluent
import Foundation
import HeweiCore

/// Supervision notices (督办单). Each has its own response clock; a notice still unanswered when
/// its clock runs out escalates to the centre one level up (village room → town centre → city
/// centre). A lower level can also ask the level above to take over coordination (`escalate`).
extension OrderWorkflow {
    /// Issues a notice and starts its response clock. `holder` is the centre that supervises.
    @discardableResult
    func issueNotice(_ order: WorkOrderModel, kind: SupervisionNoticeModel.Kind, holder: OrgDirectory.Unit, respondent: UUID,
                     reason: String, by actor: Principal, escalatedFrom: UUID? = nil, on db: any Database) async throws -> SupervisionNoticeModel {
        let notice = SupervisionNoticeModel()
        notice.id = OrderedID.make()
        notice.orderID = order.id!
        notice.round = order.round
        notice.kind = kind.rawValue
        notice.level = holder.level
        notice.holderUnitID = holder.id
        notice.respondentUnitID = respondent
        notice.reason = reason
        notice.issuedBy = actor.name
        notice.issuedAt = now
        notice.status = SupervisionNoticeModel.Status.open.rawValue
        notice.escalatedFromID = escalatedFrom
        let clock = try deadlines.prepare(.supervision, limit: rules.policy.supervisionResponse, order: order, at: now)
        clock.refID = notice.id
        notice.dueAt = clock.dueAt
        try await notice.create(on: db)
        try await clock.create(on: db)
        order.supervisionCount += 1
        return notice
    }

    /// Who answers for an order's clock: the assisting unit for its own clocks, the lead otherwise,
    /// and the registering unit (or the top centre) while no unit has it.
    func respondent(for order: WorkOrderModel, clock: DeadlineModel?, on db: any Database) async throws -> UUID? {
        if let ref = clock?.refID, let row = try await OrderUnitModel.find(ref, on: db) { return row.unitID }
        if clock?.kind == ClockKind.followUp.rawValue { return order.intakeUnitID ?? topCentre?.id }
        return order.leadUnitID ?? order.intakeUnitID ?? topCentre?.id
    }

    var topCentre: OrgDirectory.Unit? { org.all.first { $0.kind == "centre" && $0.parentID == nil } }

    /// A supervisor's notice (manual), held by the supervisor's own centre.
    func supervise(_ order: WorkOrderModel, by actor: Principal, input: ActionInput, on db: any Database) async throws -> Outcome {
        let reason = try Validate.text(input.note, "note", max: 2000)
        var respondent = try await respondent(for: order, clock: nil, on: db)
        if let code = input.unit {
            guard let unit = org.unit(code: code) else { throw HeweiError.invalidField("unit", "no unit with code '\(code)'") }
            respondent = unit.id
        }
        guard let respondent, let holder = actor.role == nil ? org.centre(of: respondent) : (org.centre(of: actor.unitID) ?? topCentre) else {
            throw HeweiError.rule("no unit to address the notice to")
        }
        let notice = try await issueNotice(order, kind: .manual, holder: holder, respondent: respondent, reason: reason, by: actor, on: db)
        return Outcome(note: reason, target: respondent, data: noticeData(notice))
    }

    /// The automatic notice of a clock that went red (the sweeper, in the light change's transaction).
    func superviseAutomatically(_ order: WorkOrderModel, clock: DeadlineModel, on db: any Database) async throws -> SupervisionNoticeModel? {
        guard let respondent = try await respondent(for: order, clock: clock, on: db),
              let holder = org.centre(of: respondent) ?? topCentre else { return nil }
        let kind = ClockKind(rawValue: clock.kind) ?? .handling
        let reason = "自动督办：\(DeadlineSweeper.clockName(kind))超时 (automatic supervision: \(kind.rawValue) overdue)"
        return try await issueNotice(order, kind: .automatic, holder: holder, respondent: respondent, reason: reason, by: .system, on: db)
    }

    /// A lower level asks the next level up to coordinate.
    func escalate(_ order: WorkOrderModel, by actor: Principal, input: ActionInput, on db: any Database) async throws -> Outcome {
        let reason = try Validate.text(input.note, "note", max: 2000)
        guard let above = org.centreAbove(actor.unitID) else {
            throw HeweiError.rule("your unit is at the top level; there is no level above to escalate to")
        }
        let notice = try await issueNotice(order, kind: .escalation, holder: above, respondent: above.id, reason: reason, by: actor, on: db)
        return Outcome(note: reason, target: above.id, data: noticeData(notice))
    }

    func respondSupervision(_ order: WorkOrderModel, by actor: Principal, input: ActionInput, on db: any Database) async throws -> Outcome {
        let answer = try Validate.text(input.note, "note", max: 2000)
        let open = try await openNotices(order.id!, on: db).filter { $0.respondentUnitID == actor.unitID }
        let notice: SupervisionNoticeModel
        if let id = input.notice {
            guard let n = open.first(where: { $0.id == id }) else {
                throw HeweiError.invalidField("notice", "no open notice \(id) addressed to your unit on this order")
            }
            notice = n
        } else {
            guard let n = open.first else { throw HeweiError.rule("no open supervision notice on this order is addressed to your unit") }
            notice = n
        }
        notice.status = SupervisionNoticeModel.Status.answered.rawValue
        notice.response = answer
        notice.respondedAt = now
        notice.respondedBy = actor.name
        try await notice.save(on: db)
        let stopped = try await deadlines.stop(ref: notice.id!, orderID: order.id!, at: now, on: db)
        var data = noticeData(notice)
        if let s = stopped[ClockKind.supervision.rawValue] { data["onTime"] = String(s == "met") }
        return Outcome(note: answer, target: notice.holderUnitID, data: data)
    }

    /// A notice's response clock ran out (the sweeper): escalate one level up, once, in the
    /// transaction that expires the clock. At the top level the notice is marked overdue.
    func escalateUnanswered(_ clock: DeadlineModel, on db: any Database) async throws -> Bool {
        guard try await DeadlineSweepRepository.expire(clock.id!, at: now, on: db) else { return false }
        guard let ref = clock.refID, let notice = try await SupervisionNoticeModel.find(ref, on: db),
              notice.status == SupervisionNoticeModel.Status.open.rawValue else { return true }
        let seq = try await OrderLockRepository.lock(orderID: clock.orderID, on: db)
        guard let order = try await WorkOrderModel.find(clock.orderID, on: db) else { return true }
        let state = WorkOrderState(rawValue: order.state) ?? .accepted
        order.version = seq
        order.updatedAt = now
        let note: String
        var data = ["automatic": "true", "clock": ClockKind.supervision.rawValue, "notice": ref.uuidString]
        if let above = org.centreAbove(notice.holderUnitID) {
            notice.status = SupervisionNoticeModel.Status.escalated.rawValue
            let respondent = notice.kind == SupervisionNoticeModel.Kind.escalation.rawValue ? above.id : notice.respondentUnitID
            let next = try await issueNotice(order, kind: SupervisionNoticeModel.Kind(rawValue: notice.kind) ?? .automatic, holder: above,
                                             respondent: respondent, reason: notice.reason, by: .system, escalatedFrom: ref, on: db)
            note = "督办逾期未回复，升级至\(above.name) (unanswered: escalated to \(above.nameEn))"
            data.merge(noticeData(next)) { $1 }
        } else {
            notice.status = SupervisionNoticeModel.Status.overdue.rawValue
            note = "督办逾期未回复，已在最高层级 (unanswered at the top level)"
            data["overdue"] = "true"
        }
        try await notice.save(on: db)
        try await deadlines.refreshSummary(of: order, on: db)
        try await order.save(on: db)
        try await record(.supervise, on: order, seq: seq, by: .system, from: state, note: note, target: nil, data: data, in: db)
        return true
    }

    /// Ends the open notices of an order (it closed, or its lead changed): their clocks are cancelled.
    func closeNotices(_ order: WorkOrderModel, respondent: UUID? = nil, on db: any Database) async throws {
        for notice in try await openNotices(order.id!, on: db) where respondent == nil || notice.respondentUnitID == respondent {
            notice.status = SupervisionNoticeModel.Status.closed.rawValue
            try await notice.save(on: db)
            try await deadlines.stop(ref: notice.id!, orderID: order.id!, cancel: true, at: now, on: db)
        }
    }

    func openNotices(_ orderID: UUID, on db: any Database) async throws -> [SupervisionNoticeModel] {
        try await SupervisionNoticeModel.query(on: db).filter(\.$orderID == orderID)
            .filter(\.$status == SupervisionNoticeModel.Status.open.rawValue).sort(\.$issuedAt).sort(\.$id).all()
    }

    func noticeData(_ n: SupervisionNoticeModel) -> [String: String] {
        var data = ["notice": n.id!.uuidString, "level": n.level, "holder": org.unit(n.holderUnitID)?.code ?? ""]
        if let due = n.dueAt { data["respondBy"] = ISO8601DateFormatter().string(from: due) }
        return data
    }
}
