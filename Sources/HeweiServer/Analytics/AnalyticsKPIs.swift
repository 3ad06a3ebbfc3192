import Fluent
import Foundation
import HeweiCore
import SQLKit
import Vapor

/// KPIs of an area for a period, with the previous period of the same length and the change.
struct AreaKPIs: Content {
    var area: String
    var name: String
    var level: String
    var from: String
    var to: String
    var previousFrom: String
    var previousTo: String
    var current: KPIFigures
    var previous: KPIFigures
    var change: KPIChange
}

struct AnalyticsKPIs {
    let sql: any SQLDatabase
    let context: HeweiContext

    var reader: RollupReader { RollupReader(sql: sql) }

    /// One row per area (the areas must be of one kind for the mediation figure to make sense).
    func kpis(_ areas: [AnalyticsArea], period: DayPeriod) async throws -> [AreaKPIs] {
        let keys = areas.map(\.key)
        let now = try await reader.sums(areas: keys, dims: .total, period: period)
        let before = try await reader.sums(areas: keys, dims: .total, period: period.previous)
        let nowByArea = Dictionary(now.map { ($0.area, $0.measures) }, uniquingKeysWith: +)
        let beforeByArea = Dictionary(before.map { ($0.area, $0.measures) }, uniquingKeysWith: +)
        var out: [AreaKPIs] = []
        for a in areas {
            let m1 = try await mediation(a, period)
            let m0 = try await mediation(a, period.previous)
            let cur = KPIFigures(nowByArea[a.key] ?? RollupMeasures(), mediation: m1)
            let prev = KPIFigures(beforeByArea[a.key] ?? RollupMeasures(), mediation: m0)
            out.append(AreaKPIs(area: a.key, name: a.name, level: a.levelName, from: period.from.description, to: period.to.description,
                                previousFrom: period.previous.from.description, previousTo: period.previous.to.description,
                                current: cur, previous: prev, change: KPIChange(current: cur, previous: prev)))
        }
        return out
    }

    /// Mediation success (agreements / accepted) for cases opened in the period in the area's
    /// centres: the city (all), a town (its centre's subtree), a unit (its subtree). Mediation cases
    /// are few (hundreds a year), so this one is counted directly.
    func mediation(_ area: AnalyticsArea, _ period: DayPeriod) async throws -> KPIRatio? {
        var centres: [UUID]?
        switch area.kind {
        case .city: centres = nil
        case .unit(let code):
            guard let u = context.org.unit(code: code) else { return nil }
            centres = Array(context.org.subtree(of: u.id))
        case .cell(let c):
            guard c.level == .large, let u = context.org.unit(code: c.code + "000") else { return nil }
            centres = Array(context.org.subtree(of: u.id))
        }
        let cal = context.rules.current.calendar
        let from = cal.startOfDay(period.from), to = cal.startOfDay(CivilDate(dayNumber: period.to.dayNumber + 1))
        let filter: SQLQueryString = centres.map { "AND centre_id IN (\(binds: $0))" } ?? ""
        let row = try await sql.raw("""
            SELECT COUNT(accepted_at) AS accepted,
                   CAST(SUM(CASE WHEN accepted_at IS NOT NULL AND outcome IN ('writtenAgreement', 'oralAgreement') THEN 1 ELSE 0 END) AS BIGINT) AS agreements
            FROM mediation_cases WHERE created_at >= \(bind: from) AND created_at < \(bind: to) \(filter)
            """).first()
        let accepted = try row?.decode(column: "accepted", as: Int?.self) ?? 0
        let agreements = try row?.decode(column: "agreements", as: Int?.self) ?? 0
        return KPIRatio(agreements, accepted)
    }
}
