import Fluent
import Foundation
import HeweiCore
import Vapor

/// Mediation figures (DOMAIN.md §2 KPIs) over cases opened in [from, to):
/// success rate = agreements / accepted cases; satisfaction rate = (satisfied + basically satisfied)
/// / cases with a follow-up answer; on-time rate = ended within the duration clock / ended.
struct MediationFigures: Content {
    struct Row: Content, Equatable {
        var key: String
        var accepted: Int
        var agreements: Int
        var written: Int
        var oral: Int
        var failures: Int
        var declined: Int
        var successRate: Double?
        var satisfactionRate: Double?
        var onTimeRate: Double?
    }
    var from: Date?
    var to: Date?
    var groupBy: String?
    var total: Row
    var groups: [Row]

    static func compute(_ req: Request, scope: MediationScope) async throws -> MediationFigures {
        func opt(_ n: String) -> String? { req.query[String.self, at: n].flatMap { $0.isEmpty ? nil : $0 } }
        let from = try opt("from").map { try MediationDates.parse($0, "from") }
        let to = try opt("to").map { try MediationDates.parse($0, "to", endOfDay: true) }
        let groupBy = opt("groupBy")
        if let g = groupBy, !["type", "room", "team", "mediator"].contains(g) {
            throw HeweiError.invalidField("groupBy", "use type, room, team or mediator")
        }
        var q = scope.apply(MediationCaseModel.query(on: req.db))
        if let from { q = q.filter(\.$createdAt >= from) }
        if let to { q = q.filter(\.$createdAt < to) }
        let rows = try await q.limit(200_000).all()
        return make(rows, from: from, to: to, groupBy: groupBy)
    }

    static func make(_ rows: [MediationCaseModel], from: Date?, to: Date?, groupBy: String?) -> MediationFigures {
        var groups: [String: [MediationCaseModel]] = [:]
        if let groupBy {
            for r in rows {
                let keys: [String]
                switch groupBy {
                case "type": keys = [r.disputeType]
                case "room": keys = [r.roomCode]
                case "team": keys = [r.teamCode ?? "-"]
                default:
                    let m = MediationJSON.decode([String].self, r.mediators) ?? []
                    keys = m.isEmpty ? ["-"] : m
                }
                for k in keys { groups[k, default: []].append(r) }
            }
        }
        return MediationFigures(from: from, to: to, groupBy: groupBy, total: row("total", rows),
                                groups: groups.keys.sorted().map { row($0, groups[$0]!) })
    }

    static func row(_ key: String, _ rows: [MediationCaseModel]) -> Row {
        let accepted = rows.filter { $0.acceptedAt != nil }.count
        let written = rows.filter { $0.outcome == MediationOutcome.writtenAgreement.rawValue }.count
        let oral = rows.filter { $0.outcome == MediationOutcome.oralAgreement.rawValue }.count
        let failures = rows.filter { $0.outcome == MediationOutcome.failed.rawValue }.count
        let answered = rows.compactMap(\.satisfaction)
        let happy = answered.filter { $0 != MediationSatisfaction.unsatisfied.rawValue }.count
        let ended = rows.compactMap(\.onTime)
        func rate(_ a: Int, _ b: Int) -> Double? { b == 0 ? nil : (Double(a) / Double(b) * 10_000).rounded() / 10_000 }
        return Row(key: key, accepted: accepted, agreements: written + oral, written: written, oral: oral, failures: failures,
                   declined: rows.filter { $0.state == MediationState.declined.rawValue }.count,
                   successRate: rate(written + oral, accepted), satisfactionRate: rate(happy, answered.count),
                   onTimeRate: rate(ended.filter { $0 }.count, ended.count))
    }
}
