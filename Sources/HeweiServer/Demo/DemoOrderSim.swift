import Foundation
import HeweiCore

/// Who performs a demo action: a demo account, or the system (the deadline sweeper).
struct DemoActor: Sendable {
    let id: UUID?
    let name: String
    let role: String
    let unitID: UUID?

    static let system = DemoActor(id: Principal.system.id, name: Principal.system.name,
                                  role: Principal.system.roleName, unitID: Principal.system.unitID)
}

/// Column values of one `order_events` row.
struct DemoEvent: Sendable {
    let id: UUID
    let seq: Int
    let action: OrderAction
    let actor: DemoActor
    let targetUnitID: UUID?
    let at: Date
    let note: String
    let fromState: WorkOrderState?
    let toState: WorkOrderState
    let data: String
}

/// Column values of one `deadlines` row, with the clock it is derived from.
struct DemoDeadline: Sendable {
    let id: UUID
    let kind: ClockKind
    let round: Int
    var clock: DeadlineClock
    var timeLimit = ""
    var extensions = "[]"
    var pauses = "[]"
    var warnAt: Date?
    var dueAt: Date?
    var status = "open"
    var light = Light.green
    var stoppedAt: Date?
    /// How long after a warn or due time the (simulated) sweeper notices it.
    let lag: Double
}

/// Column values of one `work_orders` row.
struct DemoOrder: Sendable {
    var id: UUID
    var code: String
    var channel: String
    var channelRef: String?
    var requestKind: String
    var categoryCode: String
    var urgency: Urgency
    var longitude: Double?
    var latitude: Double?
    var address: String
    var requesterName: String
    var requesterPhone: String
    var anonymous: Bool
    var content: String
    var leadUnitID: UUID?
    var state = WorkOrderState.accepted
    var suspended = false
    var round = 1
    var light = Light.green
    var dueAt: Date?
    var reply: String?
    var followUpResolved: Bool?
    var followUpSatisfaction: String?
    var supervisionCount = 0
    var version = 0
    var createdBy: UUID?
    var intakeUnitID: UUID?
    /// The grid cells of the location (as intake locates them), nil outside the grid.
    var cellMicro: String?
    var cellSmall: String?
    var cellMedium: String?
    var cellLarge: String?
    var createdAt: Date
    var updatedAt: Date
    var closedAt: Date?
}

/// Scratch objects of one generating task (not shared between tasks).
final class DemoScratch {
    let book: DeadlineBook
    let row = DeadlineModel()
    let iso = ISO8601DateFormatter()
    init(rules: Rules) { book = DeadlineBook(rules: rules) }
}

/// Thrown when the next action would happen after "now": the order stays where it is.
struct DemoStop: Error {}

/// One order's history, built action by action exactly as OrderWorkflow, DeadlineBook and the
/// DeadlineSweeper would have written it. Every action is checked against WorkOrderTransitions.
struct DemoOrderSim {
    let scratch: DemoScratch
    let now: Date
    var order: DemoOrder
    var rng: DemoRandom
    var deadlines: [DemoDeadline] = []
    var events: [DemoEvent] = []
    private(set) var time: Date
    let millis: Int64

    init(order: DemoOrder, now: Date, scratch: DemoScratch, rng: DemoRandom) {
        self.order = order
        self.now = now
        self.scratch = scratch
        self.rng = rng
        self.time = order.createdAt
        self.millis = Int64((order.createdAt.timeIntervalSince1970 * 1000).rounded(.down))
    }

    var rules: Rules { scratch.book.rules }

    // MARK: actions

    /// The intake event (受理): seq 1, no "from" state.
    mutating func intake(by actor: DemoActor) {
        record(.accept, at: order.createdAt, by: actor, from: nil, data: [("channel", order.channel)])
    }

    /// Performs an action at `at` (or at the latest event time if that is later): the sweeper's work
    /// up to then first, then the transition, the action's effect, the summary and the event.
    mutating func perform(_ action: OrderAction, at: Date, by actor: DemoActor, note: String = "", target: UUID? = nil,
                          data: [(String, String)] = [], _ effect: (inout DemoOrderSim, Date) -> [(String, String)] = { _, _ in [] }) throws {
        guard at < now else { throw DemoStop() }
        if actor.id != nil, !(Role(rawValue: actor.role).map { OrderPermissions.may($0, action) } ?? false) {
            throw HeweiError.internalFailure("demo history: a \(actor.role) may not \(action.rawValue)")
        }
        if actor.role == Role.unitHandler.rawValue, OrderPermissions.unitBound.contains(action), order.leadUnitID != actor.unitID {
            throw HeweiError.internalFailure("demo history: \(actor.name) may not \(action.rawValue) another unit's order")
        }
        let t = max(at, time)
        try sweep(until: t)
        let from = order.state
        order.state = try Self.next(from, suspended: order.suspended, action)
        order.updatedAt = t
        let extra = effect(&self, t)
        refreshSummary()
        record(action, at: t, by: actor, from: from, note: note, target: target, data: data + extra)
    }

    static func next(_ from: WorkOrderState, suspended: Bool, _ action: OrderAction) throws -> WorkOrderState {
        do {
            return try WorkOrderTransitions.next(from: from, suspended: suspended, on: action)
        } catch {
            throw HeweiError.internalFailure("demo history: \(error.reason)")
        }
    }

    mutating func record(_ action: OrderAction, at t: Date, by actor: DemoActor, from: WorkOrderState?,
                         note: String = "", target: UUID? = nil, data: [(String, String)]) {
        let seq = events.count + 1
        events.append(DemoEvent(id: rng.uuid(millis: millis, counter: seq), seq: seq, action: action, actor: actor,
                                targetUnitID: target, at: t, note: note, fromState: from, toState: order.state,
                                data: Self.json(data)))
        order.version = seq
        time = t
    }

    // MARK: clocks (as DeadlineBook does them)

    mutating func start(_ kind: ClockKind, limit: TimeLimit, at t: Date) {
        var row = DemoDeadline(id: rng.uuid(millis: millis, counter: 0x800 + deadlines.count), kind: kind, round: order.round,
                               clock: DeadlineClock(startedAt: t, limit: limit), lag: rng.uniform(1, 30))
        store(&row, now: t)
        deadlines.append(row)
    }

    /// Sends the order to a unit: new sign-for, objection and handling clocks.
    mutating func startDispatchClocks(handling: TimeLimit, at t: Date) {
        start(.signFor, limit: rules.policy.limits(for: order.urgency).signFor, at: t)
        start(.objection, limit: rules.policy.objectionWindow, at: t)
        start(.handling, limit: handling, at: t)
    }

    /// Stops open clocks (met, late or cancelled); returns each stopped kind's status.
    @discardableResult
    mutating func stop(_ kinds: [ClockKind]? = nil, cancel: Bool = false, at t: Date) -> [ClockKind: String] {
        var stopped: [ClockKind: String] = [:]
        for i in deadlines.indices where deadlines[i].status == "open" && (kinds?.contains(deadlines[i].kind) ?? true) {
            deadlines[i].status = cancel ? "cancelled" : ((deadlines[i].dueAt.map { t <= $0 } ?? true) ? "met" : "late")
            deadlines[i].stoppedAt = t
            stopped[deadlines[i].kind] = deadlines[i].status
        }
        return stopped
    }


    mutating func pauseAll(at t: Date) {
        for i in deadlines.indices where deadlines[i].status == "open" && !deadlines[i].clock.isPaused {
            deadlines[i].clock.pauses.append(.init(from: t))
            let light = deadlines[i].light
            store(&deadlines[i], now: t)
            deadlines[i].light = light
        }
    }

    mutating func resumeAll(at t: Date) {
        for i in deadlines.indices where deadlines[i].status == "open" && deadlines[i].clock.isPaused {
            deadlines[i].clock.pauses[deadlines[i].clock.pauses.count - 1].to = t
            store(&deadlines[i], now: t)
        }
    }

    /// Adds an approved extension to the open handling clock; returns its new due time.
    mutating func extend(by extra: TimeLimit, at t: Date) -> Date? {
        var due: Date?
        for i in deadlines.indices where deadlines[i].status == "open" && deadlines[i].kind == .handling {
            deadlines[i].clock.extensions.append(extra)
            store(&deadlines[i], now: t)
            due = deadlines[i].dueAt
        }
        return due
    }

    func open(_ kind: ClockKind) -> DemoDeadline? {
        deadlines.first { $0.status == "open" && $0.kind == kind }
    }

    /// DeadlineBook.store, through a scratch row.
    private func store(_ row: inout DemoDeadline, now t: Date) {
        let model = scratch.row
        model.kind = row.kind.rawValue
        model.light = row.light.rawValue
        // Encoding an array of strings and dates cannot fail.
        try! scratch.book.store(row.clock, in: model, now: t)
        row.timeLimit = model.timeLimit
        row.extensions = model.extensions
        row.pauses = model.pauses
        row.warnAt = model.warnAt
        row.dueAt = model.dueAt
        row.light = Light(rawValue: model.light) ?? .green
    }

    mutating func refreshSummary() {
        var light = Light.green
        for row in deadlines where row.status == "open" && Self.lightKinds.contains(row.kind) {
            light = max(light, row.light)
        }
        order.light = light
        order.dueAt = open(.handling)?.dueAt
    }
}
