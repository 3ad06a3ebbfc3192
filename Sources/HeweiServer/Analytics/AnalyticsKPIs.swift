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
        let casesNow = try await mediationByCentre(period)
        let casesBefore = try await mediationByCentre(period.previous)
        return areas.map { a in
            let reach = mediationReach(a)
            let cur = KPIFigures(nowByArea[a.key] ?? RollupMeasures(), mediation: casesNow.ratio(reach))
            let prev = KPIFigures(beforeByArea[a.key] ?? RollupMeasures(), mediation: casesBefore.ratio(reach))
            return AreaKPIs(area: a.key, name: a.name, level: a.levelName, from: period.from.description, to: period.to.description,
                            previousFrom: period.previous.from.description, previousTo: period.previous.to.description,
                            current: cur, previous: prev, change: KPIChange(current: cur, previous: prev))
        }
    }

    /// Mediation success (agreements / accepted) for cases opened in the period in the area's centres.
    func mediation(_ area: AnalyticsArea, _ period: DayPeriod) async throws -> KPIRatio? {
        try await mediationByCentre(period).ratio(mediationReach(area))
    }

    /// Whose mediation cases count for an area: the city all; a town its centre's subtree; a unit its
    /// subtree; other cells have no mediation figure.
    enum MediationReach {
        case all
        case centres(Set<UUID>)
        case none
    }

    func mediationReach(_ area: AnalyticsArea) -> MediationReach {
        switch area.kind {
        case .city: return .all
        case .unit(let code):
            guard let u = context.org.unit(code: code) else { return .none }
            return .centres(context.org.subtree(of: u.id))
        case .cell(let c):
            guard c.level == .large, let u = context.org.unit(code: c.code + "000") else { return .none }
            return .centres(context.org.subtree(of: u.id))
        }
    }

    /// Accepted cases and agreements per centre, for cases opened in the period (one grouped query;
    /// mediation cases are few, hundreds a year, so they are counted directly).
    struct CasesByCentre {
        var counts: [UUID?: (accepted: Int, agreements: Int)]

        func ratio(_ reach: MediationReach) -> KPIRatio? {
            var accepted = 0, agreements = 0
            switch reach {
            case .none: return nil
            case .all:
                for c in counts.values { accepted += c.accepted; agreements += c.agreements }
            case .centres(let ids):
                for (id, c) in counts where id.map(ids.contains) ?? false { accepted += c.accepted; agreements += c.agreements }
            }
            return KPIRatio(agreements, accepted)
        }
    }

    func mediationByCentre(_ period: DayPeriod) async throws -> CasesByCentre {
        let cal = context.rules.current.calendar
        let from = cal.startOfDay(period.from), to = cal.startOfDay(CivilDate(dayNumber: period.to.dayNumber + 1))
        let rows = try await sql.raw("""
            SELECT centre_id, COUNT(accepted_at) AS accepted,
                   CAST(SUM(CASE WHEN accepted_at IS NOT NULL AND outcome IN ('writtenAgreement', 'oralAgreement') THEN 1 ELSE 0 END) AS BIGINT) AS agreements
            FROM mediation_cases WHERE created_at >= \(bind: from) AND created_at < \(bind: to)
            GROUP BY centre_id
            """).all()
        var counts: [UUID?: (accepted: Int, agreements: Int)] = [:]
        for row in rows {
            counts[try row.decode(column: "centre_id", as: UUID?.self)] =
                (try row.decode(column: "accepted", as: Int?.self) ?? 0, try row.decode(column: "agreements", as: Int?.self) ?? 0)
        }
        return CasesByCentre(counts: counts)
    }
}
