import Fluent
import Foundation
import HeweiCore

/// Changing a local rule (calendar days, time limits): the new rule, the recomputed open deadlines,
/// an event on every order whose deadline moved and a config-change record, in one transaction.
struct RulesChange {
    let context: HeweiContext
    let db: any Database
    let actor: Principal
    let now: Date

    struct Result: Sendable {
        let rules: Rules
        let deadlinesMoved: Int
    }

    func setCalendarDays(_ days: [WorkCalendar.SpecialDay], note: String) async throws -> Result {
        let old = context.rules.current
        var new = old
        new.calendar = old.calendar.setting(days)
        let before = try RulesRepository.encode(days.map { old.calendar.kind(of: $0.date).map(RulesRepository.describe).map { "\($0.0) \($0.1)" } ?? "weekday rule" })
        let after = try RulesRepository.encode(days.map { "\($0.date) " + { "\($0.0) \($0.1)" }(RulesRepository.describe($0.kind)) })
        return try await apply(new, subject: "calendar", before: before, after: after, note: note) { db in
            for day in days {
                let (kind, name) = RulesRepository.describe(day.kind)
                if let row = try await CalendarDayModel.query(on: db).filter(\.$date == day.date.description).first() {
                    row.kind = kind
                    row.name = name
                    try await row.save(on: db)
                } else {
                    try await CalendarDayModel(date: day.date.description, kind: kind, name: name).create(on: db)
                }
            }
        }
    }

    func setPolicy(_ policy: TimeLimitPolicy, note: String) async throws -> Result {
        let old = context.rules.current
        var new = old
        new.policy = policy
        let setting = DeploymentFiles.Policy(county: old.county, countyName: old.countyName, timeLimits: policy)
        return try await apply(new, subject: "policy", before: RulesRepository.encode(old.policy),
                               after: RulesRepository.encode(policy), note: note) { db in
            guard let row = try await SettingModel.query(on: db).filter(\.$key == RulesRepository.policyKey).first() else {
                throw HeweiError.internalFailure("the deployment has no policy")
            }
            row.value = try RulesRepository.encode(setting)
            row.updatedAt = now
            try await row.save(on: db)
        }
    }

    private func apply(_ new: Rules, subject: String, before: String, after: String, note: String,
                       store: @escaping @Sendable (any Database) async throws -> Void) async throws -> Result {
        let actor = self.actor, now = self.now
        let moved = try await db.write(gate: context.gate) { db in
            try await store(db)
            let moved = try await recompute(with: new, on: db)
            let change = ConfigChangeModel()
            change.at = now
            change.actorID = actor.id
            change.actorName = actor.name
            change.subject = subject
            change.before = before
            change.after = after
            change.note = note
            change.deadlinesMoved = moved
            try await change.create(on: db)
            return moved
        }
        context.rules.replace(new)
        return Result(rules: new, deadlinesMoved: moved)
    }

    /// Recomputes every open deadline under the new rules; returns how many due times moved.
    private func recompute(with rules: Rules, on db: any Database) async throws -> Int {
        let book = DeadlineBook(rules: rules)
        let workflow = OrderWorkflow(db: db, gate: context.gate, rules: rules, org: context.org, now: now)
        let rows = try await DeadlineModel.query(on: db).filter(\.$status == "open").all()
        var movedByOrder: [UUID: [String]] = [:]
        for row in rows {
            guard let order = try await WorkOrderModel.find(row.orderID, on: db) else { continue }
            var clock = try book.clock(of: row)
            if let limit = limit(for: row, order: order, rules: rules) { clock.limit = limit }
            let oldDue = row.dueAt
            try book.store(clock, in: row, now: now)
            try await row.save(on: db)
            if oldDue != row.dueAt {
                movedByOrder[row.orderID, default: []].append(row.kind)
            }
        }
        for (orderID, kinds) in movedByOrder {
            let seq = try await OrderLockRepository.lock(orderID: orderID, on: db)
            guard let order = try await WorkOrderModel.find(orderID, on: db) else { continue }
            order.version = seq
            try await book.refreshSummary(of: order, on: db)
            try await order.save(on: db)
            let state = WorkOrderState(rawValue: order.state) ?? .accepted
            try await workflow.record(.recomputeDeadlines, on: order, seq: seq, by: actor, from: state,
                                      note: "时限规则变更，重新计算 (rules changed)", data: ["clocks": kinds.sorted().joined(separator: ",")], in: db)
        }
        return movedByOrder.values.reduce(0) { $0 + $1.count }
    }

    private func limit(for row: DeadlineModel, order: WorkOrderModel, rules: Rules) -> TimeLimit? {
        let limits = rules.policy.limits(for: Urgency(rawValue: order.urgency) ?? .general)
        switch ClockKind(rawValue: row.kind) {
        case .signFor?: return limits.signFor
        case .objection?: return rules.policy.objectionWindow
        case .followUp?: return rules.policy.followUp
        case .supervision?: return rules.policy.supervisionResponse
        case .handling?:
            // A category's own handling limit is not part of the policy and stays as it was.
            let old = context.rules.current.policy.limits(for: Urgency(rawValue: order.urgency) ?? .general).handling
            return TimeLimit(parsing: row.timeLimit) == old ? limits.handling : nil
        case nil: return nil
        }
    }
}
