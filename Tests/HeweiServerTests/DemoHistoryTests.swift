import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import SQLKit
import Testing
import Vapor

/// The generated demo history must be what the workflow, the deadline book and the sweeper would
/// have written: contiguous events that replay through the transition table, consistent clocks,
/// codes that later intakes continue, and the same rows for the same seed.
@Suite(.serialized) struct DemoHistoryTests {
    struct Loaded {
        var orders: [WorkOrderModel]
        var events: [UUID: [OrderEventModel]]
        var deadlines: [UUID: [DeadlineModel]]
    }

    static func seed(_ t: TestApp, days: Int, perDay: Int, seed: UInt64 = 370881) async throws -> Loaded {
        let count = try await DemoHistory(app: t.app, days: days, ordersPerDay: perDay, seed: seed).generate()
        let orders = try await WorkOrderModel.query(on: t.app.db).sort(\.$code).all()
        #expect(orders.count == count)
        let events = try await OrderEventModel.query(on: t.app.db).sort(\.$seq).all()
        let deadlines = try await DeadlineModel.query(on: t.app.db).all()
        return Loaded(orders: orders, events: Dictionary(grouping: events, by: \.orderID),
                      deadlines: Dictionary(grouping: deadlines, by: \.orderID))
    }

    @Test func eventsAreContiguousAndReplayThroughTheTransitionTable() async throws {
        try await withApp { t in
            try await DemoSeeder(app: t.app).seedGrid()
            let h = try await Self.seed(t, days: 10, perDay: 40)
            #expect(h.orders.count > 250)
            let grid = t.context.grid.current
            for order in h.orders {
                // Located in Qufu, in the grid cells that intake would find, in the town of the address.
                let (lon, lat) = (try #require(order.longitude), try #require(order.latitude))
                #expect((116.80...117.20).contains(lon) && (35.45...35.75).contains(lat))
                let match = try #require(grid.locate(GeoPoint(lon: lon, lat: lat)))
                #expect([order.cellMicro, order.cellSmall, order.cellMedium, order.cellLarge].compactMap { $0 } == match.cells)
                #expect(order.address.contains(try #require(grid.cell(match.cells.last!)).name), "\(order.code): \(order.address)")
                #expect(order.requesterPhone.isEmpty == order.anonymous && (order.anonymous || order.requesterPhone.count == 11))

                let events = h.events[order.id!] ?? []
                #expect(events.map(\.seq) == Array(1...max(1, order.version)), "\(order.code): seq 1…version")
                #expect(events.first?.action == "accept" && events.first?.fromState == nil)
                var state = WorkOrderState.accepted, suspended = false
                for e in events.dropFirst() {
                    let action = try #require(OrderAction(rawValue: e.action))
                    #expect(e.fromState == state.rawValue, "\(order.code) #\(e.seq) \(e.action)")
                    state = try WorkOrderTransitions.next(from: state, suspended: suspended, on: action)
                    #expect(e.toState == state.rawValue, "\(order.code) #\(e.seq) \(e.action)")
                    if action == .suspend { suspended = true }
                    if action == .resume { suspended = false }
                }
                #expect(order.state == state.rawValue && order.suspended == suspended, "\(order.code) replays to its state")
                #expect(zip(events, events.dropFirst()).allSatisfy { $0.at <= $1.at }, "\(order.code): events in time order")
                #expect(abs(order.updatedAt.timeIntervalSince(events.last!.at)) < 0.001)
                #expect((order.closedAt != nil) == (state == .closed), "\(order.code): closed_at iff closed")
                #expect(order.supervisionCount == events.filter { $0.action == "supervise" }.count)
                #expect(events.allSatisfy { $0.at <= t.clock.now() })
            }
        }
    }

    @Test func everyStateAppearsWithRedYellowAndSuspendedOrders() async throws {
        try await withApp { t in
            let h = try await Self.seed(t, days: 20, perDay: 60)
            let states = Set(h.orders.map(\.state))
            // The claim pool and merged duplicates are dispatchers' choices the demo script does not make.
            for state in WorkOrderState.allCases where ![.pooled, .merged].contains(state) { #expect(states.contains(state.rawValue), "no order is \(state.rawValue)") }
            let open = h.orders.filter { $0.state != "closed" }
            #expect(open.contains { $0.light == "red" })
            #expect(open.contains { $0.light == "yellow" })
            #expect(open.contains { $0.suspended })
            let all = h.events.values.flatMap { $0 }
            for action in ["answerAtOnce", "object", "approveObjection", "rejectObjection", "requestExtension",
                           "approveExtension", "redo", "supervise", "recordFollowUp"] {
                #expect(all.contains { $0.action == action }, "no \(action) event")
            }
            let closed = h.orders.filter { $0.state == "closed" }
            #expect(Double(closed.count) > 0.5 * Double(h.orders.count))
            #expect(closed.allSatisfy { $0.closedAt != nil && $0.light == "green" && $0.dueAt == nil })
        }
    }

    @Test func clocksAreWhatTheDeadlineBookAndTheSweeperLeave() async throws {
        try await withApp { t in
            let h = try await Self.seed(t, days: 10, perDay: 40)
            let book = DeadlineBook(rules: t.context.rules.current), now = t.clock.now()
            for order in h.orders {
                let rows = h.deadlines[order.id!] ?? []
                let events = h.events[order.id!] ?? []
                for row in rows {
                    // Due and warn times are the clock's own (recomputed from the stored parts).
                    let copy = DeadlineModel()
                    copy.kind = row.kind
                    copy.light = row.light
                    try book.store(try book.clock(of: row), in: copy, now: row.startedAt)
                    #expect(Self.same(copy.dueAt, row.dueAt) && Self.same(copy.warnAt, row.warnAt), "\(order.code) \(row.kind)")
                    switch row.status {
                    case "met": #expect(row.stoppedAt! <= row.dueAt!.addingTimeInterval(0.001))
                    case "late": #expect(row.stoppedAt! > row.dueAt!)
                    case "expired": #expect(row.kind == "objection" && row.stoppedAt! >= row.dueAt!)
                    case "cancelled": #expect(row.stoppedAt != nil)
                    default: #expect(row.status == "open" && order.state != "closed")
                    }
                    guard DeadlineBook.lightKinds.contains(row.kind), let due = row.dueAt else { continue }
                    let notices = events.filter { $0.action == "supervise" && $0.data.contains(row.id!.uuidString) }
                    if row.light == "red" || (row.status == "open" && due <= now) {
                        #expect(row.light == "red" && !notices.isEmpty, "\(order.code) \(row.kind): automatic notice")
                        #expect(notices.first?.actorRole == "system" && notices.first?.actorName == "系统")
                    }
                    if row.status == "open", due > now, let warn = row.warnAt, warn <= now { #expect(row.light == "yellow") }
                }
                let open = rows.filter { $0.status == "open" && DeadlineBook.lightKinds.contains($0.kind) }
                let worst = open.compactMap { Light(rawValue: $0.light) }.max() ?? .green
                #expect(order.light == worst.rawValue, "\(order.code): summary light")
                #expect(Self.same(order.dueAt, rows.first { $0.status == "open" && $0.kind == "handling" }?.dueAt))
                for e in events {
                    // Event data is JSONEncoder's output with sorted keys.
                    let data = try JSONDecoder().decode([String: String].self, from: Data(e.data.utf8))
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = .sortedKeys
                    #expect(String(decoding: try encoder.encode(data), as: UTF8.self) == e.data)
                    if ["signFor", "report", "recordFollowUp"].contains(e.action) { #expect(data["onTime"] != nil) }
                }
            }
            // The sweeper finds nothing left to do: no second notice, no light to change.
            let report = try await t.sweep()
            #expect(report.yellow == 0 && report.red == 0 && report.windowsClosed == 0)
        }
    }

    @Test func codesAreUniqueAndLaterIntakesContinueTheDailySequence() async throws {
        try await withApp { t in
            let h = try await Self.seed(t, days: 10, perDay: 40)
            #expect(Set(h.orders.map(\.code)).count == h.orders.count)
            let calendar = t.context.rules.current.calendar
            var highest: [String: Int] = [:]
            for order in h.orders {
                let parts = order.code.split(separator: "-")
                #expect(parts.count == 3 && parts[0] == "370881")
                let day = OrderCode(county: "370881", date: calendar.civilDate(of: order.createdAt), sequence: 0).dayKey
                #expect(String(parts[1]) == day, "\(order.code) is dated by its local creation day")
                highest[day] = max(highest[day] ?? 0, Int(parts[2])!)
            }
            let sql = t.app.db as! any SQLDatabase
            let rows = try await sql.select().columns("day_key", "last").from("code_sequences").all()
            var stored: [String: Int] = [:]
            for row in rows { stored[try row.decode(column: "day_key", as: String.self)] = try row.decode(column: "last", as: Int.self) }
            #expect(stored == highest)
            // A real intake today takes the next number, and the API can act on generated orders.
            let clerk = try await t.login("clerk")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(dispatchTo: nil), as: clerk))
            let today = OrderCode(county: "370881", date: calendar.civilDate(of: t.clock.now()), sequence: (highest[
                OrderCode(county: "370881", date: calendar.civilDate(of: t.clock.now()), sequence: 0).dayKey] ?? 0) + 1)
            #expect(order.code == today.description)
            let dispatcher = try await t.login("dispatcher")
            let pending = try #require(h.orders.first { $0.state == "extensionPending" && !$0.suspended })
            try await t.act(pending.code, "approveExtension", as: dispatcher)
            let handling = try #require(h.orders.first { $0.state == "handling" && !$0.suspended })
            let unit = try #require(t.context.org.unit(handling.leadUnitID))
            let handler = try await t.login("h-" + (unit.kind == "department" ? unit.code.lowercased() : unit.code))
            try await t.act(handling.code, "report", ActionInput(note: "已处理完毕"), as: handler)
            #expect(try await WorkOrderModel.find(handling.id, on: t.app.db)?.version == handling.version + 1)
        }
    }

    @Test func theSameSeedGivesTheSameHistory() async throws {
        var runs: [[String]] = []
        for _ in 0..<2 {
            try await withApp { t in
                let h = try await Self.seed(t, days: 6, perDay: 30, seed: 42)
                runs.append(h.orders.map { o in
                    let actions = (h.events[o.id!] ?? []).map { "\($0.action)@\($0.at.timeIntervalSince1970)" }
                    return [o.code, o.content, o.requesterName, o.address, o.state, actions.joined(separator: ",")].joined(separator: "|")
                })
            }
        }
        #expect(runs.count == 2 && !runs[0].isEmpty)
        #expect(runs[0] == runs[1])
    }

    @Test func statementTextsAreWhatSQLKitRenders() async throws {
        try await withApp(seedOrganisation: false) { t in
            let sql = t.app.db as! any SQLDatabase
            var writer = DemoStatementWriter(sql: sql)
            let columns = DemoStatementWriter.eventColumns, full = DemoStatementWriter.bindsPerStatement / columns.count
            for rows in [full, 1, 2, 7, full - 1] {
                let row = Array(repeating: SQLBind(0) as any SQLExpression, count: columns.count)
                let insert = sql.insert(into: "order_events").columns(columns).rows(Array(repeating: row, count: rows))
                #expect(writer.text("order_events", columns, rows: rows) == sql.serialize(insert.query).sql, "\(rows) rows")
            }
        }
    }

    @Test func uuidTextIsFoundationsUUIDString() {
        var rng = DemoRandom(seed: 1)
        for i in 0..<200 {
            let uuid = i.isMultiple(of: 2) ? UUID() : rng.uuid(millis: Int64(i) * 1_000_003, counter: i)
            #expect(DemoUUIDText.string(uuid) == uuid.uuidString)
        }
    }

    static func same(_ a: Date?, _ b: Date?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (x?, y?): return abs(x.timeIntervalSince(y)) < 0.001
        default: return false
        }
    }
}
