import Fluent
import Foundation
import HeweiCore

/// Follow-up calls (回访): unanswered calls are counted; the policy's last allowed attempt ends the
/// follow-up as unreachable. A resident still unsatisfied after a redo brings a supervision notice.
extension OrderWorkflow {
    func followUpAttempt(_ order: WorkOrderModel, by actor: Principal, input: ActionInput, on db: any Database) async throws -> Outcome {
        let note = try Validate.text(input.note, "note", max: 2000, required: false)
        let attempt = try await unansweredCalls(order, on: db) + 1
        let allowed = rules.policy.followUpAttempts
        var outcome = Outcome(note: note, data: ["attempt": String(attempt), "of": String(allowed)])
        if attempt >= allowed {
            // The last attempt: the follow-up is recorded as unreachable (its own event).
            order.followUpResolved = nil
            order.followUpSatisfaction = Satisfaction.unreachable.rawValue
            let stopped = try await deadlines.stop(order.id!, kinds: [.followUp], at: now, on: db)
            var data = ["satisfaction": Satisfaction.unreachable.rawValue, "attempts": String(attempt)]
            if let s = stopped[ClockKind.followUp.rawValue] { data["onTime"] = String(s == "met") }
            outcome.then.append(.init(action: .recordFollowUp, note: "\(attempt)次回访均未接通，记为无法联系 (unreachable after \(attempt) calls)", data: data))
        }
        return outcome
    }

    /// Unanswered follow-up calls since the latest reply.
    func unansweredCalls(_ order: WorkOrderModel, on db: any Database) async throws -> Int {
        let events = try await OrderEventModel.query(on: db).filter(\.$orderID == order.id!)
            .filter(\.$action ~~ [OrderAction.reply.rawValue, OrderAction.followUpAttempt.rawValue]).sort(\.$seq).all()
        let lastReply = events.lastIndex { $0.action == OrderAction.reply.rawValue } ?? -1
        return events[(lastReply + 1)...].count
    }

    /// After a redo, a follow-up that again finds the matter unresolved or the resident unsatisfied
    /// issues an automatic supervision notice (appended as its own event).
    func superviseIfStillUnsatisfied(_ order: WorkOrderModel, result: FollowUpResult, on db: any Database) async throws -> Outcome.Then? {
        guard order.round > 1, result.requiresRedo,
              let respondent = try await respondent(for: order, clock: nil, on: db),
              let holder = org.centreAbove(respondent) ?? org.centre(of: respondent) else { return nil }
        let reason = "重办后回访仍不满意或未解决，自动督办 (still unsatisfied after a redo: automatic supervision)"
        let notice = try await issueNotice(order, kind: .automatic, holder: holder, respondent: respondent, reason: reason, by: .system, on: db)
        return .init(action: .supervise, note: reason, data: noticeData(notice).merging(["automatic": "true"]) { $1 }, bySystem: true)
    }
}
