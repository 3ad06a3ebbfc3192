import Fluent
import Foundation
import HeweiCore
import SQLKit
import Vapor

/// `/api/v1/analytics/*`: figures from the rollups — the one-screen overview, KPIs of any area or
/// unit with the change against the previous period, hotspots; KPI and hotspot tables also as CSV
/// or XLSX (audited exports). Within the caller's `AnalyticsScope`; an area outside it is a 404.
struct AnalyticsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let a = routes.grouped("analytics")
        a.get("overview", use: overview)
        a.get("kpis", use: kpis)
        a.get("hotspots", use: hotspots)
    }

    enum Format: String, CaseIterable { case json, csv, xlsx }

    /// The area asked for (default: the caller's home area), checked against the scope.
    static func area(_ req: Request, scope: AnalyticsScope, principal: Principal) throws -> AnalyticsArea {
        let key = try req.query[String.self, at: "area"].flatMap { $0.isEmpty ? nil : $0 }
            .map { try Validate.text($0, "area", max: 80) } ?? scope.home(principal, context: req.hewei)
        let area = try AnalyticsArea.resolve(key, context: req.hewei)
        guard scope.allows(area) else { throw HeweiError.notFound("area \(key)") }
        return area
    }

    /// `from`/`to` (YYYY-MM-DD, inclusive local days); default this month so far; at most 400 days.
    static func period(_ req: Request) throws -> DayPeriod {
        let today = req.hewei.rules.current.calendar.civilDate(of: req.hewei.clock.now())
        let to = try req.query[String.self, at: "to"].map { try ReceptionBook.date($0, "to") } ?? today
        let from = try req.query[String.self, at: "from"].map { try ReceptionBook.date($0, "from") }
            ?? CivilDate(year: to.year, month: to.month, day: 1)!
        guard from <= to else { throw HeweiError.invalidField("to", "must not be before 'from'") }
        guard to.dayNumber - from.dayNumber < 400 else { throw HeweiError.invalidField("to", "a period is at most 400 days") }
        return DayPeriod(from: from, to: to)
    }

    static func format(_ req: Request) throws -> Format {
        try Validate.choice(req.query[String.self, at: "format"] ?? "json", "format", as: Format.self)
    }

    func overview(req: Request) async throws -> AnalyticsOverviewDTO {
        let p = try req.principal()
        let scope = try AnalyticsScope.of(p, .list, context: req.hewei)
        let area = try Self.area(req, scope: scope, principal: p)
        let showWarnings = p.role.map { AccessPolicy.may($0, .list, .riskWarnings) } ?? true
        return try await AnalyticsOverview(sql: req.db as! any SQLDatabase, context: req.hewei)
            .overview(area, now: req.hewei.clock.now(), showWarnings: showWarnings)
    }

    struct KPIList: Content {
        var area: AreaKPIs
        var rowsBy: String
        var rows: [AreaKPIs]
    }

    enum RowsBy: String, CaseIterable { case children, units, none }

    func kpis(req: Request) async throws -> Response {
        let p = try req.principal()
        let format = try Self.format(req)
        let scope = try AnalyticsScope.of(p, format == .json ? .list : .export, context: req.hewei)
        let area = try Self.area(req, scope: scope, principal: p)
        let period = try Self.period(req)
        let rowsBy = try Validate.choice(req.query[String.self, at: "rows"] ?? "children", "rows", as: RowsBy.self)
        var rowAreas: [AnalyticsArea] = []
        switch rowsBy {
        case .children:
            rowAreas = try area.children(context: req.hewei).map { try AnalyticsArea.resolve($0.code, context: req.hewei) }.filter(scope.allows)
        case .units:
            rowAreas = req.hewei.org.all.filter { scope.units?.contains($0.code) ?? true }
                .map { AnalyticsArea(key: RollupKey.unit($0.code), name: $0.name, kind: .unit($0.code)) }
        case .none: break
        }
        let engine = AnalyticsKPIs(sql: req.db as! any SQLDatabase, context: req.hewei)
        let head = try await engine.kpis([area], period: period)[0]
        let rows = try await engine.kpis(rowAreas, period: period)
        let list = KPIList(area: head, rowsBy: rowsBy.rawValue, rows: rows)
        if format == .json { return try await list.encodeResponse(for: req) }
        return try Self.export(AnalyticsExports.kpis(list), name: "kpis", format: format, req: req)
    }

    func hotspots(req: Request) async throws -> Response {
        let p = try req.principal()
        let format = try Self.format(req)
        let scope = try AnalyticsScope.of(p, format == .json ? .list : .export, context: req.hewei)
        let area = try Self.area(req, scope: scope, principal: p)
        if case .unit = area.kind { throw HeweiError.invalidField("area", "hotspots are for the city or a grid cell") }
        let period = try Self.period(req)
        let level = try req.query[String.self, at: "level"].map { try Validate.choice($0, "level", as: GridLevel.self) }
        if let level, case .cell(let c) = area.kind, level.depth <= c.level.depth {
            throw HeweiError.invalidField("level", "must be below the area's own level (\(c.level.rawValue))")
        }
        let limit = try Validate.int(req.query[String.self, at: "limit"], "limit", default: 20, range: 1...500)
        let minRepeat = try Validate.int(req.query[String.self, at: "minRepeat"], "minRepeat", default: 3, range: 2...1_000)
        let dto = try await AnalyticsHotspots(sql: req.db as! any SQLDatabase, context: req.hewei, scope: scope)
            .hotspots(area, period: period, level: level, limit: limit, minRepeat: minRepeat)
        if format == .json { return try await dto.encodeResponse(for: req) }
        return try Self.export(AnalyticsExports.hotspots(dto), name: "hotspots", format: format, req: req)
    }

    static func export(_ table: ExportTable, name: String, format: Format, req: Request) throws -> Response {
        req.audit.note = AuditNote(kind: "export", action: "analytics.export", target: req.url.string, reason: "\(table.rows.count) rows")
        let response: Response
        if format == .csv {
            response = Response(status: .ok, body: .init(string: table.csv()))
            response.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        } else {
            response = Response(status: .ok, body: .init(data: table.xlsx()))
            response.headers.replaceOrAdd(name: .contentType, value: XLSX.contentType)
        }
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name).\(format.rawValue)\"")
        return response
    }
}

/// The KPI and hotspot answers as export tables (Chinese headers, as the other exports).
enum AnalyticsExports {
    static func kpis(_ list: AnalyticsController.KPIList) -> ExportTable {
        func n(_ v: Int) -> XLSX.Cell { .number(Double(v)) }
        func r(_ v: Double?) -> XLSX.Cell { v.map { .number($0) } ?? .empty }
        let rows = ([list.area] + list.rows).map { k -> [XLSX.Cell] in
            let c = k.current
            return [.text(k.area), .text(k.name), .text(k.level), .text(k.from), .text(k.to), n(c.intake), r(k.change.intake),
                    n(c.signFor.numerator), n(c.signFor.denominator), r(c.signFor.rate), r(k.change.signFor),
                    n(c.closure.numerator), n(c.closure.denominator), r(c.closure.rate), r(k.change.closure),
                    n(c.resolution.numerator), n(c.resolution.denominator), r(c.resolution.rate), r(k.change.resolution),
                    n(c.satisfaction.numerator), n(c.satisfaction.denominator), r(c.satisfaction.rate), r(k.change.satisfaction),
                    c.mediation.map { n($0.numerator) } ?? .empty, c.mediation.map { n($0.denominator) } ?? .empty,
                    r(c.mediation?.rate), r(k.change.mediation)]
        }
        return ExportTable(sheet: "KPI", header: [
            "区域", "名称", "层级", "起", "止", "受理量", "受理量环比",
            "按时签收", "派单", "按时签收率", "签收率变化", "按期办结", "到期", "按期办结率", "办结率变化",
            "解决", "回访", "解决率", "解决率变化", "满意", "回访成功", "满意率", "满意率变化",
            "调解成功", "调解受理", "调解成功率", "调解成功率变化"], rows: rows)
    }

    static func hotspots(_ dto: HotspotsDTO) -> ExportTable {
        let rows = dto.cells.map { c -> [XLSX.Cell] in
            [.text(c.cell), .text(c.name), .text(c.category), .text(c.categoryName), .number(Double(c.count)), .number(Double(c.previous)),
             .text(dto.countedFrom), .text(dto.countedTo)]
        }
        return ExportTable(sheet: "热点", header: ["网格", "名称", "分类", "分类名称", "数量", "上期数量", "起", "止"], rows: rows)
    }
}
