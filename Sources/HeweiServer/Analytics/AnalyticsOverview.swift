import Fluent
import Foundation
import HeweiCore
import SQLKit
import Vapor

/// Everything the one-screen dashboard shows for one area, from the rollups: today's intake by
/// channel, the backlog and its lights, the KPIs (this month so far against the previous period of
/// the same length), the 30-day trend, the category breakdown and one figure per child area for the map.
struct AnalyticsOverviewDTO: Content {
    struct Count: Content, Equatable {
        var key: String
        var name: String
        var count: Int
    }

    struct Day: Content, Equatable {
        var day: String
        var intake: Int
        var due: Int
        var closedOnTime: Int
    }

    struct Child: Content, Equatable {
        var area: String
        var name: String
        var intake: Int
        var open: Int
        var yellow: Int
        var red: Int
        var closure: Double?
        var satisfaction: Double?
        var warnings: Int
    }

    struct Warning: Content, Equatable {
        var code: String
        var kind: String
        var level: String
        var subject: String
        var state: String
        var raisedAt: Date
    }

    var area: String
    var name: String
    var level: String
    var path: [Count]
    var asOf: Date
    var today: String
    var todayIntake: Int
    var todayByChannel: [Count]
    var open: Int
    var yellow: Int
    var red: Int
    var kpis: AreaKPIs
    var trend: [Day]
    var categories: [Count]
    var children: [Child]
    var warnings: [Warning]
    var openWarnings: Int
}

struct AnalyticsOverview {
    let sql: any SQLDatabase
    let context: HeweiContext

    func overview(_ area: AnalyticsArea, now: Date, showWarnings: Bool) async throws -> AnalyticsOverviewDTO {
        let reader = RollupReader(sql: sql)
        let cal = context.rules.current.calendar
        let today = cal.civilDate(of: now)
        let todayPeriod = DayPeriod(from: today, to: today)
        let month = DayPeriod(from: CivilDate(year: today.year, month: today.month, day: 1)!, to: today)
        let last30 = DayPeriod(from: CivilDate(dayNumber: today.dayNumber - 29), to: today)

        let channels = try await reader.sums(areas: [area.key], dims: .prefix("ch:"), period: todayPeriod)
        let todayTotal = try await reader.sums(areas: [area.key], dims: .total, period: todayPeriod).first?.measures.intake ?? 0
        let gauge = try await reader.gauges(areas: [area.key]).first?.gauges ?? RollupGauges()
        let kpis = try await AnalyticsKPIs(sql: sql, context: context).kpis([area], period: month)[0]
        let trend = try await reader.daily(area: area.key, period: last30).map {
            AnalyticsOverviewDTO.Day(day: $0.day.description, intake: $0.measures.intake, due: $0.measures.due, closedOnTime: $0.measures.closedOnTime)
        }
        let cats = try await reader.sums(areas: [area.key], dims: .prefix("cat:"), period: last30)
            .filter { $0.measures.intake > 0 }
            .sorted { ($0.measures.intake, $1.dim) > ($1.measures.intake, $0.dim) }
            .prefix(12)
            .map { s in
                let code = String(s.dim.dropFirst(4))
                return AnalyticsOverviewDTO.Count(key: code, name: context.categories.category(code)?.name ?? code, count: s.measures.intake)
            }
        let childCells = area.children(context: context)
        let childKeys = childCells.map(\.code)
        let childFlows = Dictionary(try await reader.sums(areas: childKeys, dims: .total, period: last30).map { ($0.area, $0.measures) },
                                    uniquingKeysWith: +)
        let childGauges = Dictionary(try await reader.gauges(areas: childKeys).map { ($0.area, $0.gauges) }, uniquingKeysWith: +)
        var warnings: [AnalyticsOverviewDTO.Warning] = []
        var openWarnings = 0
        var warningsByChild: [String: Int] = [:]
        if showWarnings {
            (warnings, openWarnings, warningsByChild) = try await self.warnings(area: area, children: childKeys)
        }
        let children = childCells.map { c -> AnalyticsOverviewDTO.Child in
            let f = KPIFigures(childFlows[c.code] ?? RollupMeasures())
            let g = childGauges[c.code] ?? RollupGauges()
            return .init(area: c.code, name: c.name, intake: f.intake, open: g.open, yellow: g.yellow, red: g.red,
                         closure: f.closure.rate, satisfaction: f.satisfaction.rate, warnings: warningsByChild[c.code] ?? 0)
        }
        return AnalyticsOverviewDTO(
            area: area.key, name: area.name, level: area.levelName,
            path: area.path(context: context).map { .init(key: $0.key, name: $0.name, count: 0) },
            asOf: now, today: today.description, todayIntake: todayTotal,
            todayByChannel: channels.sorted { ($0.measures.intake, $1.dim) > ($1.measures.intake, $0.dim) }.map { s in
                let code = String(s.dim.dropFirst(3))
                return .init(key: code, name: context.channels.name(code, english: false), count: s.measures.intake)
            },
            open: gauge.open, yellow: gauge.yellow, red: gauge.red, kpis: kpis, trend: trend, categories: Array(cats),
            children: children, warnings: warnings, openWarnings: openWarnings)
    }

    /// Open warnings (raised or acknowledged) that concern the area: their subject names the area's
    /// cell code or one of its children (the city sees them all).
    private func warnings(area: AnalyticsArea, children: [String]) async throws
        -> ([AnalyticsOverviewDTO.Warning], Int, [String: Int]) {
        let rows = try await RiskWarningModel.query(on: sql as! any Database)
            .filter(\.$state ~~ ["raised", "acknowledged"]).sort(\.$raisedAt, .descending).limit(500).all()
        let mine = rows.filter { w in
            if case .city = area.kind { return true }
            return w.subject.contains(area.key) || w.dedupeKey.contains(area.key)
        }
        var byChild: [String: Int] = [:]
        for w in mine {
            for c in children where w.subject.contains(c) || w.dedupeKey.contains(c) { byChild[c, default: 0] += 1 }
        }
        let list = mine.prefix(8).map {
            AnalyticsOverviewDTO.Warning(code: $0.code, kind: $0.kind, level: $0.level, subject: $0.subject, state: $0.state, raisedAt: $0.raisedAt)
        }
        return (Array(list), mine.count, byChild)
    }
}
