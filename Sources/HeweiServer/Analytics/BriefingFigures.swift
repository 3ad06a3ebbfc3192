import Fluent
import Foundation
import HeweiCore
import SQLKit

/// The numbers behind a daily or weekly briefing for one area, read from the rollups (intake,
/// channels, categories, closure, the lights of every unit), the risk warnings and the mediation
/// cases. `BriefingBuilder` turns them into sentences; nothing here is text.
struct BriefingFigures: Sendable {
    enum Kind: String, Sendable { case daily, weekly }

    struct Count: Sendable, Equatable {
        var key: String
        var name: String
        var count: Int
        /// The same figure in the previous period (categories only; 0 otherwise).
        var previous = 0
    }

    struct UnitLights: Sendable, Equatable {
        var code: String
        var name: String
        var open: Int
        var yellow: Int
        var red: Int
    }

    var kind: Kind
    var area: String
    var areaName: String
    var period: DayPeriod
    var intake: Int
    var previousIntake: Int
    var channels: [Count]
    /// Every category with intake in the period, most first, with the previous period's figure.
    var categories: [Count]
    var closure: KPIRatio
    var previousClosure: KPIRatio
    /// Units with red lights now, most red first.
    var redUnits: [UnitLights]
    var warningsRaised: [Count]
    var warningsHandled: Int
    var mediation: KPIRatio?
    var previousMediation: KPIRatio?
}

extension BriefingFigures {
    /// Reads the figures of `area` for `period`; `units` limits the red-unit list to the caller's
    /// scope (nil: every unit).
    static func read(kind: Kind, area: AnalyticsArea, period: DayPeriod, units: Set<String>?, english: Bool,
                     sql: any SQLDatabase, db: any Database, context: HeweiContext) async throws -> BriefingFigures {
        let reader = RollupReader(sql: sql)
        let total = try await reader.sums(areas: [area.key], dims: .total, period: period).first?.measures ?? RollupMeasures()
        let before = try await reader.sums(areas: [area.key], dims: .total, period: period.previous).first?.measures ?? RollupMeasures()
        let channels = try await reader.sums(areas: [area.key], dims: .prefix("ch:"), period: period)
            .filter { $0.measures.intake > 0 }
            .map { s -> Count in
                let code = String(s.dim.dropFirst(3))
                return Count(key: code, name: context.channels.name(code, english: english), count: s.measures.intake)
            }
            .sorted { ($0.count, $1.key) > ($1.count, $0.key) }
        let catNow = try await reader.sums(areas: [area.key], dims: .prefix("cat:"), period: period)
        let catBefore = Dictionary(try await reader.sums(areas: [area.key], dims: .prefix("cat:"), period: period.previous)
            .map { ($0.dim, $0.measures.intake) }, uniquingKeysWith: +)
        let categories = catNow.filter { $0.measures.intake > 0 }.map { s -> Count in
            let code = String(s.dim.dropFirst(4))
            let model = context.categories.category(code)
            let name = model.map { english ? $0.nameEn : $0.name } ?? code
            return Count(key: code, name: name, count: s.measures.intake, previous: catBefore[s.dim] ?? 0)
        }.sorted { ($0.count, $1.key) > ($1.count, $0.key) }

        let inScope = context.org.all.filter { units?.contains($0.code) ?? true }
        let names = Dictionary(inScope.map { (RollupKey.unit($0.code), $0) }, uniquingKeysWith: { a, _ in a })
        let red = try await reader.gauges(areas: Array(names.keys)).compactMap { g -> UnitLights? in
            guard g.gauges.red > 0, let u = names[g.area] else { return nil }
            return UnitLights(code: u.code, name: english ? u.nameEn : u.name, open: g.gauges.open, yellow: g.gauges.yellow, red: g.gauges.red)
        }.sorted { ($0.red, $1.code) > ($1.red, $0.code) }

        let cal = context.rules.current.calendar
        let from = cal.startOfDay(period.from), to = cal.startOfDay(CivilDate(dayNumber: period.to.dayNumber + 1))
        let concerns: (RiskWarningModel) -> Bool = { w in
            if case .city = area.kind { return true }
            return w.subject.contains(area.key) || w.dedupeKey.contains(area.key)
        }
        let raised = try await RiskWarningModel.query(on: db).filter(\.$raisedAt >= from).filter(\.$raisedAt < to).all().filter(concerns)
        let handled = try await RiskWarningModel.query(on: db).filter(\.$handledAt >= from).filter(\.$handledAt < to).all().filter(concerns)
        let byKind = Dictionary(grouping: raised, by: \.kind).map { Count(key: $0.key, name: $0.key, count: $0.value.count) }
            .sorted { ($0.count, $1.key) > ($1.count, $0.key) }

        let kpis = AnalyticsKPIs(sql: sql, context: context)
        return BriefingFigures(
            kind: kind, area: area.key, areaName: area.name, period: period, intake: total.intake, previousIntake: before.intake,
            channels: channels, categories: categories,
            closure: KPIFigures(total).closure, previousClosure: KPIFigures(before).closure,
            redUnits: red, warningsRaised: byKind, warningsHandled: handled.count,
            mediation: try await kpis.mediation(area, period), previousMediation: try await kpis.mediation(area, period.previous))
    }
}
