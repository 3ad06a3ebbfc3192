import Fluent
import Foundation
import HeweiCore
import SQLKit
import Vapor

/// Hotspots (热点) of an area for a period, from the rollups:
/// - `cells`: counts by cell × category at one grid level below the area, the top ones, with the
///   previous period's count;
/// - `hotIssues`: the categories with most requests, their change and the units (in scope) handling them;
/// - `difficult`: the categories with most overdue (red) open orders now (city and towns);
/// - `repeatLocations`: finest cells where one category came back at least `minRepeat` times.
/// Small and micro cells keep categories per month, so at those levels the period is widened to
/// whole months (`countedFrom`/`countedTo` say so).
struct HotspotsDTO: Content {
    struct HotCell: Content, Equatable {
        var cell: String
        var name: String
        var category: String
        var categoryName: String
        var count: Int
        var previous: Int
    }

    struct Unit: Content, Equatable {
        var code: String
        var name: String
        var count: Int
    }

    struct HotIssue: Content, Equatable {
        var category: String
        var name: String
        var count: Int
        var previous: Int
        /// Relative change against the previous period; nil when it had none.
        var change: Double?
        var units: [Unit]
    }

    struct Difficult: Content, Equatable {
        var category: String
        var name: String
        var open: Int
        var yellow: Int
        var red: Int
    }

    var area: String
    var name: String
    var level: String
    var from: String
    var to: String
    var countedFrom: String
    var countedTo: String
    var cells: [HotCell]
    var hotIssues: [HotIssue]
    var difficult: [Difficult]
    var repeatLocations: [HotCell]
}

struct AnalyticsHotspots {
    let sql: any SQLDatabase
    let context: HeweiContext
    let scope: AnalyticsScope

    func hotspots(_ area: AnalyticsArea, period: DayPeriod, level: GridLevel?, limit: Int, minRepeat: Int) async throws -> HotspotsDTO {
        let reader = RollupReader(sql: sql)
        let grid = context.grid.current
        let level = level ?? Self.levelBelow(area)
        let monthsOnly = level == .small || level == .micro
        let counted = monthsOnly ? Self.widened(period) : period
        let previous = monthsOnly ? Self.widened(counted.previous) : period.previous
        let cells = descendants(of: area, at: level)
        let names = Dictionary(cells.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let now = try await reader.sums(areas: cells.map(\.code), dims: .prefix("cat:"), period: counted, monthsOnly: monthsOnly)
        let before = try await reader.sums(areas: cells.map(\.code), dims: .prefix("cat:"), period: previous, monthsOnly: monthsOnly)
        let beforeBy = Dictionary(before.map { ("\($0.area)|\($0.dim)", $0.measures.intake) }, uniquingKeysWith: +)
        let hot = now.filter { $0.measures.intake > 0 }
            .sorted { ($0.measures.intake, $1.area, $1.dim) > ($1.measures.intake, $0.area, $0.dim) }
            .map { s in cell(s, names, previous: beforeBy["\(s.area)|\(s.dim)"] ?? 0) }

        // Repeat locations: finest cells, same category, at least `minRepeat` in the (widened) period.
        var repeats: [HotspotsDTO.HotCell] = []
        if level == .micro {
            repeats = hot.filter { $0.count >= minRepeat }
        } else {
            let micro = descendants(of: area, at: .micro)
            let microNames = Dictionary(micro.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            let widened = Self.widened(period)
            repeats = try await reader.sums(areas: micro.map(\.code), dims: .prefix("cat:"), period: widened, monthsOnly: true)
                .filter { $0.measures.intake >= minRepeat }
                .sorted { ($0.measures.intake, $1.area, $1.dim) > ($1.measures.intake, $0.area, $0.dim) }
                .map { cell($0, microNames, previous: 0) }
        }

        let issues = try await hotIssues(area, period: period, limit: min(limit, 20), reader: reader)
        var difficult: [HotspotsDTO.Difficult] = []
        for g in try await reader.gauges(areas: [area.key], dims: .prefix("cat:")) where g.gauges.red > 0 || g.gauges.yellow > 0 {
            let code = String(g.dim.dropFirst(4))
            difficult.append(.init(category: code, name: categoryName(code), open: g.gauges.open, yellow: g.gauges.yellow, red: g.gauges.red))
        }
        difficult.sort { ($0.red, $0.yellow, $1.category) > ($1.red, $1.yellow, $0.category) }
        return HotspotsDTO(area: area.key, name: area.name, level: level.rawValue, from: period.from.description, to: period.to.description,
                           countedFrom: counted.from.description, countedTo: counted.to.description,
                           cells: Array(hot.prefix(limit)), hotIssues: issues, difficult: Array(difficult.prefix(limit)),
                           repeatLocations: Array(repeats.prefix(limit)))
    }

    private func hotIssues(_ area: AnalyticsArea, period: DayPeriod, limit: Int, reader: RollupReader) async throws -> [HotspotsDTO.HotIssue] {
        let monthsOnly: Bool
        if case .cell(let c) = area.kind { monthsOnly = c.level == .small || c.level == .micro } else { monthsOnly = false }
        let counted = monthsOnly ? Self.widened(period) : period
        let now = try await reader.sums(areas: [area.key], dims: .prefix("cat:"), period: counted, monthsOnly: monthsOnly)
        let before = Dictionary(try await reader.sums(areas: [area.key], dims: .prefix("cat:"), period: monthsOnly ? Self.widened(counted.previous) : period.previous,
                                                      monthsOnly: monthsOnly).map { ($0.dim, $0.measures.intake) }, uniquingKeysWith: +)
        let top = now.filter { $0.measures.intake > 0 }.sorted { ($0.measures.intake, $1.dim) > ($1.measures.intake, $0.dim) }.prefix(limit)
        let units = context.org.all.filter { scope.units?.contains($0.code) ?? true }
        var out: [HotspotsDTO.HotIssue] = []
        for s in top {
            let prev = before[s.dim] ?? 0
            let byUnit = try await reader.sums(areas: units.map { RollupKey.unit($0.code) }, dims: .exact(s.dim), period: period)
                .filter { $0.measures.intake > 0 }
                .sorted { ($0.measures.intake, $1.area) > ($1.measures.intake, $0.area) }
                .prefix(5)
                .map { u in
                    let code = String(u.area.dropFirst(5))
                    return HotspotsDTO.Unit(code: code, name: context.org.unit(code: code)?.name ?? code, count: u.measures.intake)
                }
            let code = String(s.dim.dropFirst(4))
            out.append(.init(category: code, name: categoryName(code), count: s.measures.intake, previous: prev,
                             change: prev == 0 ? nil : (Double(s.measures.intake - prev) / Double(prev) * 10_000).rounded() / 10_000,
                             units: Array(byUnit)))
        }
        return out
    }

    private func cell(_ s: RollupReader.Sum, _ names: [String: String], previous: Int) -> HotspotsDTO.HotCell {
        let code = String(s.dim.dropFirst(4))
        return .init(cell: s.area, name: names[s.area] ?? s.area, category: code, categoryName: categoryName(code),
                     count: s.measures.intake, previous: previous)
    }

    private func categoryName(_ code: String) -> String { context.categories.category(code)?.name ?? code }

    /// The area's cells at `level` (all of them for the city), within the caller's scope.
    func descendants(of area: AnalyticsArea, at level: GridLevel) -> [GridCell] {
        let grid = context.grid.current
        return grid.allCells.filter { c in
            guard c.level == level else { return false }
            let lineage = Set(grid.lineage(of: c.code))
            if let roots = scope.cellRoots, roots.isDisjoint(with: lineage) { return false }
            if case .cell(let a) = area.kind { return lineage.contains(a.code) }
            return true
        }
    }

    static func levelBelow(_ area: AnalyticsArea) -> GridLevel {
        switch area.kind {
        case .city, .unit: return .large
        case .cell(let c): return GridLevel.allCases.first { $0.depth == c.level.depth + 1 } ?? .micro
        }
    }

    /// The whole months the period touches.
    static func widened(_ p: DayPeriod) -> DayPeriod {
        let last = CivilDate.daysIn(month: p.to.month, year: p.to.year)
        return DayPeriod(from: CivilDate(year: p.from.year, month: p.from.month, day: 1)!, to: CivilDate(year: p.to.year, month: p.to.month, day: last)!)
    }
}
