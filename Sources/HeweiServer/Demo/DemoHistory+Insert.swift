import Fluent
import Foundation
import SQLKit

/// Multi-row INSERTs of the demo history. The statement text is rendered by SQLKit for the database's
/// own dialect (identifier quoting, `?` or `$n` placeholders), once per table;
/// the values are bound and encoded by the database's own encoder, exactly as Fluent encodes model
/// fields. Statements are prepared by the task that builds the rows, so the writer only executes.
struct DemoStatement: SQLExpression {
    let text: String
    let binds: [any Encodable & Sendable]

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write(text)
        serializer.binds.append(contentsOf: binds)
    }
}

/// Turns rows into statements of at most `bindsPerStatement` values.
struct DemoStatementWriter: Sendable {
    /// Bound parameters per statement: under PostgreSQL's limit of 65,535 (SQLite's is 250,000 here).
    static let bindsPerStatement = 30_000

    static let orderColumns = [
        "id", "code", "channel", "channel_ref", "request_kind", "category_code", "urgency", "longitude", "latitude",
        "address", "requester_name", "requester_phone", "anonymous", "content", "lead_unit_id", "state", "suspended",
        "round", "light", "due_at", "reply", "follow_up_resolved", "follow_up_satisfaction", "supervision_count",
        "version", "idempotency_key", "created_by", "intake_unit_id", "cell_micro", "cell_small", "cell_medium",
        "cell_large", "created_at", "updated_at", "closed_at",
    ]
    static let eventColumns = [
        "id", "order_id", "seq", "action", "actor_id", "actor_name", "actor_role", "actor_unit_id", "target_unit_id",
        "at", "note", "from_state", "to_state", "data",
    ]
    static let deadlineColumns = [
        "id", "order_id", "kind", "round", "started_at", "time_limit", "extensions", "pauses", "warn_at", "due_at",
        "status", "light", "stopped_at",
    ]

    let sql: any SQLDatabase
    private var texts: [String: String] = [:]
    private var prefixEnds: [String: [String.Index]] = [:]
    /// SQLite keeps a UUID as the text of its `uuidString` (SQLiteDataEncoder encodes it through Codable,
    /// which formats it with `sprintf` for every value); binding that same text directly is much faster.
    private let uuidsAsText: Bool
    private var knownUUIDs: [UUID: String] = [:]

    init(sql: any SQLDatabase) {
        self.sql = sql
        uuidsAsText = sql.dialect.name == "sqlite"
    }

    private func id(_ uuid: UUID) -> any Encodable & Sendable { uuidsAsText ? DemoUUIDText.string(uuid) : uuid }

    private mutating func known(_ uuid: UUID?) -> any Encodable & Sendable {
        guard let uuid else { return uuid }
        guard uuidsAsText else { return uuid }
        if let text = knownUUIDs[uuid] { return text }
        let text = DemoUUIDText.string(uuid)
        knownUUIDs[uuid] = text
        return text
    }

    /// Orders first: events and deadlines reference them.
    mutating func statements(for rows: DemoHistory.DemoRows) -> [DemoStatement] {
        let none: String? = nil
        // Each order's id is formatted once for its own row, its events and its deadlines.
        var orderIDs: [UUID: any Encodable & Sendable] = [:]
        var out = statements(WorkOrderModel.schema, Self.orderColumns, rows.orders) { w, o, b in
            let id = w.id(o.id)
            orderIDs[o.id] = id
            b += [id, o.code, o.channel, o.channelRef, o.requestKind, o.categoryCode, o.urgency.rawValue, o.longitude,
                  o.latitude, o.address, o.requesterName, o.requesterPhone, o.anonymous, o.content, w.known(o.leadUnitID),
                  o.state.rawValue, o.suspended, o.round, o.light.rawValue, o.dueAt, o.reply, o.followUpResolved,
                  o.followUpSatisfaction, o.supervisionCount, o.version, none, w.known(o.createdBy), w.known(o.intakeUnitID),
                  o.cellMicro, o.cellSmall, o.cellMedium, o.cellLarge, o.createdAt, o.updatedAt, o.closedAt]
        }
        out += statements(OrderEventModel.schema, Self.eventColumns, rows.events) { w, row, b in
            let (orderID, e) = row
            b += [w.id(e.id), orderIDs[orderID] ?? w.id(orderID), e.seq, e.action.rawValue, w.known(e.actor.id), e.actor.name,
                  e.actor.role, w.known(e.actor.unitID), w.known(e.targetUnitID), e.at, e.note, e.fromState?.rawValue,
                  e.toState.rawValue, e.data]
        }
        out += statements(DeadlineModel.schema, Self.deadlineColumns, rows.deadlines) { w, row, b in
            let (orderID, r) = row
            b += [w.id(r.id), orderIDs[orderID] ?? w.id(orderID), r.kind.rawValue, r.round, r.clock.startedAt, r.timeLimit,
                  r.extensions, r.pauses, r.warnAt, r.dueAt, r.status, r.light.rawValue, r.stoppedAt]
        }
        return out
    }

    private mutating func statements<Row>(_ table: String, _ columns: [String], _ rows: [Row],
                                          values: (inout Self, Row, inout [any Encodable & Sendable]) -> Void) -> [DemoStatement] {
        let perStatement = max(1, Self.bindsPerStatement / columns.count)
        var out: [DemoStatement] = []
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + perStatement)
            var binds: [any Encodable & Sendable] = []
            binds.reserveCapacity((end - start) * columns.count)
            for row in rows[start..<end] { values(&self, row, &binds) }
            out.append(DemoStatement(text: text(table, columns, rows: end - start), binds: binds))
            start = end
        }
        return out
    }

    /// `INSERT INTO table (columns) VALUES (…), (…)` with `rows` rows of placeholders, as SQLKit renders
    /// it. The text for fewer rows is a prefix of the full statement's (placeholders are numbered from
    /// the start), so only the full one is rendered, once per table; `rowEnds` are where its rows end.
    mutating func text(_ table: String, _ columns: [String], rows: Int) -> String {
        let full = Self.bindsPerStatement / columns.count
        if texts[table] == nil {
            let text = render(table, columns, rows: full)
            let ends = rowEnds(text, rows: full)
            // Only trust the prefixes if they are exactly what SQLKit renders for fewer rows.
            if ends.count == full, [1, 2].allSatisfy({ String(text[..<ends[$0 - 1]]) == render(table, columns, rows: $0) }) {
                prefixEnds[table] = ends
            }
            texts[table] = text
        }
        let text = texts[table]!
        if rows == full { return text }
        if let ends = prefixEnds[table] { return String(text[..<ends[rows - 1]]) }
        return render(table, columns, rows: rows)
    }

    private func render(_ table: String, _ columns: [String], rows: Int) -> String {
        let placeholder = Array(repeating: SQLBind(0) as any SQLExpression, count: columns.count)
        let insert = sql.insert(into: table).columns(columns).rows(Array(repeating: placeholder, count: rows))
        return sql.serialize(insert.query).sql
    }

    /// The end of each row's `(…)` group after `VALUES`.
    private func rowEnds(_ text: String, rows: Int) -> [String.Index] {
        guard let values = text.range(of: " VALUES ") else { return [] }
        var ends: [String.Index] = []
        ends.reserveCapacity(rows)
        var i = values.upperBound
        let utf8 = text.utf8
        while let close = utf8[i...].firstIndex(of: UInt8(ascii: ")")) {
            i = utf8.index(after: close)
            ends.append(i)
        }
        return ends
    }
}

extension DemoHistory {
    // MARK: order-code sequences

    static func codeSequences(on db: any Database) async throws -> [String: Int] {
        let sql = db as! any SQLDatabase
        var result: [String: Int] = [:]
        for row in try await sql.select().columns("day_key", "last").from("code_sequences").all() {
            result[try row.decode(column: "day_key", as: String.self)] = try row.decode(column: "last", as: Int.self)
        }
        return result
    }

    /// Sets each day's last sequence number, so later intakes on those days continue after the demo's.
    static func saveSequences(_ days: [DaySequence], on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for chunk in stride(from: 0, to: days.count, by: 1000).map({ days[$0..<min(days.count, $0 + 1000)] }) {
            try await sql.insert(into: "code_sequences").columns("day_key", "last")
                .rows(chunk.map { [SQLBind($0.dayKey), SQLBind($0.last)] as [any SQLExpression] })
                .onConflict(with: ["day_key"]) { try $0.set(excludedValueOf: "last") }
                .run()
        }
    }
}

/// `UUID.uuidString` (upper-case 8-4-4-4-12) without Foundation's per-call `sprintf`.
enum DemoUUIDText {
    private static let digits = Array("0123456789ABCDEF".utf8)

    static func string(_ uuid: UUID) -> String {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                var j = 0
                for i in 0..<16 {
                    if i == 4 || i == 6 || i == 8 || i == 10 {
                        out[j] = UInt8(ascii: "-")
                        j += 1
                    }
                    out[j] = digits[Int(bytes[i] >> 4)]
                    out[j + 1] = digits[Int(bytes[i] & 0x0F)]
                    j += 2
                }
                return j
            }
        }
    }
}
