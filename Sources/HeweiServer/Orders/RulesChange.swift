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
            try await ConfigChangeModel.record(subject, before: before, after: after, note: note, deadlinesMoved: moved, by: actor, at: now, on: db)
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
        // The orders of those clocks, a few hundred per query instead of one query per clock.
        var orders: [UUID: WorkOrderModel] = [:]
        let ids = Array(Set(rows.map(\.orderID)))
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            for order in try await WorkOrderModel.query(on: db).filter(\.$id ~~ chunk).all() { orders[order.id!] = order }
        }
        var movedByOrder: [UUID: [String]] = [:]
        for row in rows {
            guard let order = orders[row.orderID] else { continue }
            var clock = try book.clock(of: row)
            if let limit = limit(for: row, order: order, rules: rules) { clock.limit = limit }
            let before = Self.fingerprint(row)
            try book.store(clock, in: row, now: now)
            // Stored times come back from the database rounded; compare to the millisecond, and
            // write only the clocks that really changed.
            guard Self.fingerprint(row) != before else { continue }
            try await row.save(on: db)
            if Self.millis(row.dueAt) != before.due {
                movedByOrder[row.orderID, default: []].append(row.kind)
            }
        }
        // Each order whose deadline moved: its light and due time from its clocks (in memory), a new
        // version under the row lock, and one event; the events go in with multi-row inserts.
        let clocksByOrder = Dictionary(grouping: rows, by: \.orderID)
        var events: [OrderEventModel] = []
        for (orderID, kinds) in movedByOrder {
            guard let order = orders[orderID] else { continue }
            let seq = try await OrderLockRepository.lock(orderID: orderID, on: db)
            order.version = seq
            book.summarise(order, openClocks: clocksByOrder[orderID] ?? [])
            try await order.save(on: db)
            let state = WorkOrderState(rawValue: order.state) ?? .accepted
            events.append(try workflow.event(.recomputeDeadlines, on: order, seq: seq, by: actor, from: state,
                                             note: "时限规则变更，重新计算 (rules changed)", data: ["clocks": kinds.sorted().joined(separator: ",")]))
        }
        for start in stride(from: 0, to: events.count, by: 200) {
            try await Array(events[start..<min(start + 200, events.count)]).create(on: db)
        }
        return movedByOrder.values.reduce(0) { $0 + $1.count }
    }

    private struct Fingerprint: Equatable {
        let limit: String
        let due: Int64?
        let warn: Int64?
        let light: String
    }

    private static func millis(_ d: Date?) -> Int64? { d.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } }

    private static func fingerprint(_ row: DeadlineModel) -> Fingerprint {
        Fingerprint(limit: row.timeLimit, due: millis(row.dueAt), warn: millis(row.warnAt), light: row.light)
    }

    private func limit(for row: DeadlineModel, order: WorkOrderModel, rules: Rules) -> TimeLimit? {
        let limits = rules.policy.limits(for: Urgency(rawValue: order.urgency) ?? .general)
        switch ClockKind(rawValue: row.kind) {
        case .signFor?: return limits.signFor
        case .objection?: return rules.policy.objectionWindow
        case .followUp?: return rules.policy.followUp
        case .supervision?: return rules.policy.supervisionResponse
        case .claim?: return nil
        case .assistSignFor?: return limits.signFor
        case .assistHandling?:
            let old = context.rules.current.policy.limits(for: Urgency(rawValue: order.urgency) ?? .general).handling
            return TimeLimit(parsing: row.timeLimit) == old ? limits.handling : nil
        case .handling?:
            // A category's own handling limit is not part of the policy and stays as it was.
            let old = context.rules.current.policy.limits(for: Urgency(rawValue: order.urgency) ?? .general).handling
            return TimeLimit(parsing: row.timeLimit) == old ? limits.handling : nil
        case nil: return nil
        }
    }
}
