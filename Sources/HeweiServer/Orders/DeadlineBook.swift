import Fluent
import Foundation
import HeweiCore

/// Starts, stops, pauses and recomputes the deadline rows of orders. Each row stores what its due
/// time is derived from (start, limit, extensions, pauses), so it can always be recomputed.
struct DeadlineBook {
    let rules: Rules

    static let lightKinds: [String] = [ClockKind.signFor, .handling, .followUp, .assistSignFor, .assistHandling].map(\.rawValue)
    /// The clocks of the lead unit's assignment (what a dispatch, reassignment or claim restarts).
    static let leadKinds: [ClockKind] = [.signFor, .objection, .handling]

    func clock(of row: DeadlineModel) throws -> DeadlineClock {
        try StoredClock.clock(startedAt: row.startedAt, limit: row.timeLimit, extensions: row.extensions, pauses: row.pauses, row: row.id)
    }

    /// Writes the clock's parts and derived times into the row.
    func store(_ clock: DeadlineClock, in row: DeadlineModel, now: Date) throws {
        row.startedAt = clock.startedAt
        (row.timeLimit, row.extensions, row.pauses) = try StoredClock.parts(of: clock)
        row.dueAt = clock.dueAt(on: rules.calendar)
        row.warnAt = row.kind == ClockKind.objection.rawValue ? nil : clock.warnAt(on: rules.calendar, rule: rules.policy.warning)
        if row.kind != ClockKind.objection.rawValue {
            row.light = clock.light(at: now, on: rules.calendar, rule: rules.policy.warning).rawValue
        }
    }

    @discardableResult
    func start(_ kind: ClockKind, limit: TimeLimit, order: WorkOrderModel, ref: UUID? = nil, at now: Date, on db: any Database) async throws -> DeadlineModel {
        let row = try prepare(kind, limit: limit, order: order, at: now)
        row.refID = ref
        try await row.create(on: db)
        return row
    }

    /// Stops the open clocks that belong to one assisting unit or notice (`ref_id`).
    @discardableResult
    func stop(ref: UUID, orderID: UUID, kinds: [ClockKind]? = nil, cancel: Bool = false, at now: Date, on db: any Database) async throws -> [String: String] {
        var q = DeadlineModel.query(on: db).filter(\.$orderID == orderID).filter(\.$status == "open").filter(\.$refID == ref)
        if let kinds { q = q.filter(\.$kind ~~ kinds.map(\.rawValue)) }
        var stopped: [String: String] = [:]
        for row in try await q.all() {
            row.status = cancel ? "cancelled" : ((row.dueAt.map { now <= $0 } ?? true) ? "met" : "late")
            row.stoppedAt = now
            try await row.save(on: db)
            stopped[row.kind] = row.status
        }
        return stopped
    }

    /// A new clock row, not yet stored.
    func prepare(_ kind: ClockKind, limit: TimeLimit, order: WorkOrderModel, at now: Date) throws -> DeadlineModel {
        let row = DeadlineModel()
        row.id = OrderedID.make()
        row.orderID = order.id!
        row.kind = kind.rawValue
        row.round = order.round
        row.status = "open"
        row.light = Light.green.rawValue
        try store(DeadlineClock(startedAt: now, limit: limit), in: row, now: now)
        return row
    }

    func open(_ orderID: UUID, kinds: [ClockKind]? = nil, on db: any Database) async throws -> [DeadlineModel] {
        var q = DeadlineModel.query(on: db).filter(\.$orderID == orderID).filter(\.$status == "open")
        if let kinds { q = q.filter(\.$kind ~~ kinds.map(\.rawValue)) }
        return try await q.all()
    }

    /// Stops clocks because their work was done (met or late) or made moot (cancelled).
    /// Returns the stopped clocks' kinds and final status, so the event can say whether it was on time.
    @discardableResult
    func stop(_ orderID: UUID, kinds: [ClockKind]? = nil, cancel: Bool = false, at now: Date, on db: any Database) async throws -> [String: String] {
        var stopped: [String: String] = [:]
        for row in try await open(orderID, kinds: kinds, on: db) {
            if cancel {
                row.status = "cancelled"
            } else {
                row.status = (row.dueAt.map { now <= $0 } ?? true) ? "met" : "late"
            }
            row.stoppedAt = now
            try await row.save(on: db)
            stopped[row.kind] = row.status
        }
        return stopped
    }

    func pauseAll(_ orderID: UUID, at now: Date, on db: any Database) async throws {
        for row in try await open(orderID, on: db) {
            var clock = try clock(of: row)
            guard !clock.isPaused else { continue }
            clock.pauses.append(.init(from: now))
            let light = row.light
            try store(clock, in: row, now: now)
            row.light = light
            try await row.save(on: db)
        }
    }

    func resumeAll(_ orderID: UUID, at now: Date, on db: any Database) async throws {
        for row in try await open(orderID, on: db) {
            var clock = try clock(of: row)
            guard clock.isPaused else { continue }
            clock.pauses[clock.pauses.count - 1].to = now
            try store(clock, in: row, now: now)
            try await row.save(on: db)
        }
    }

    func extend(_ orderID: UUID, by extra: TimeLimit, at now: Date, on db: any Database) async throws -> Date? {
        var due: Date?
        for row in try await open(orderID, kinds: [.handling], on: db) {
            var clock = try clock(of: row)
            clock.extensions.append(extra)
            try store(clock, in: row, now: now)
            try await row.save(on: db)
            due = row.dueAt
        }
        return due
    }

    /// Recomputes the order's summary light (worst open clock) and handling due time.
    func refreshSummary(of order: WorkOrderModel, on db: any Database) async throws {
        summarise(order, openClocks: try await open(order.id!, on: db))
    }

    func summarise(_ order: WorkOrderModel, openClocks rows: [DeadlineModel]) {
        let lights = rows.filter { Self.lightKinds.contains($0.kind) }.compactMap { Light(rawValue: $0.light) }
        order.light = (lights.max() ?? .green).rawValue
        order.dueAt = rows.first { $0.kind == ClockKind.handling.rawValue }?.dueAt
    }
}
