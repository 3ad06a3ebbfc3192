import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/evaluation`: the KPIs of DOMAIN.md per unit or per town for a period, with a ranking
/// that leaves out units below a minimum sample; `format=csv` or `format=xlsx` for a spreadsheet. Within the
/// caller's order scope (a town's staff see their town's units).
struct EvaluationController: RouteCollection {
    struct Query: Sendable {
        var period: EvaluationPeriod
        var groupBy: Evaluation.Grouping
        var minimumSample: Int
        var format: Format = .json

        /// The answer's format: the JSON result, or the table as a CSV or XLSX file (an export).
        enum Format: String, Sendable, CaseIterable {
            case json, csv, xlsx
        }

        /// `from`, `to` (YYYY-MM-DD or ISO 8601; default: the current calendar month so far),
        /// `groupBy` (unit | town), `minimumSample` (default 5), `format` (json | csv | xlsx).
        static func parse(_ q: [String: String], now: Date) throws -> Query {
            let from = try OrderFilter.date(q["from"], "from") ?? Self.monthStart(of: now)
            let to = try OrderFilter.date(q["to"], "to") ?? now
            guard to > from else { throw HeweiError.invalidField("to", "must be after 'from'") }
            guard to.timeIntervalSince(from) <= 400 * 86_400 else { throw HeweiError.invalidField("to", "a period is at most 400 days") }
            let groupBy = try q["groupBy"].map { try Validate.choice($0, "groupBy", as: Evaluation.Grouping.self) } ?? .unit
            let minimum = try Validate.int(q["minimumSample"], "minimumSample", default: 5, range: 1...10_000)
            let format = try Validate.choice(q["format"] ?? "json", "format", as: Format.self)
            return Query(period: EvaluationPeriod(from: from, to: to), groupBy: groupBy, minimumSample: minimum, format: format)
        }

        static func monthStart(of date: Date) -> Date {
            let c = WorkCalendar().civilDate(of: date)
            return WorkCalendar().startOfDay(CivilDate(year: c.year, month: c.month, day: 1)!)
        }
    }

    struct RowDTO: Content {
        var code: String
        var name: String?
        var town: String?
        var sample: Int
        var signFor: KPIDTO
        var closure: KPIDTO
        var resolution: KPIDTO
        var satisfaction: KPIDTO
        /// 0–100.
        var score: Double?
        var rank: Int?
        var notRanked: String?
    }

    struct KPIDTO: Content {
        var numerator: Int
        var denominator: Int
        /// 0–1; absent when the denominator is 0.
        var rate: Double?
    }

    struct ResultDTO: Content {
        var from: Date
        var to: Date
        var groupBy: String
        var minimumSample: Int
        var rows: [RowDTO]
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("evaluation", use: evaluate)
    }

    func evaluate(req: Request) async throws -> Response {
        let viewer = try req.principal()
        let q = try Query.parse(try req.query.decode([String: String].self), now: req.hewei.clock.now())
        try viewer.require(.evaluation, q.format == .json ? .list : .export)
        let (rows, names) = try await Self.compute(q, viewer: viewer, req: req)
        switch q.format {
        case .json:
            break
        case .csv:
            req.audit.note = AuditNote(kind: "export", action: "evaluation.export", target: req.url.string, reason: "\(rows.count) rows")
            let response = Response(status: .ok, body: .init(string: Evaluation.csv(rows, groupBy: q.groupBy, names: names, header: .chinese)))
            response.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"evaluation.csv\"")
            return response
        case .xlsx:
            req.audit.note = AuditNote(kind: "export", action: "evaluation.export", target: req.url.string, reason: "\(rows.count) rows")
            let response = Response(status: .ok, body: .init(data: Evaluation.xlsx(rows, groupBy: q.groupBy, names: names, header: .chinese)))
            response.headers.replaceOrAdd(name: .contentType, value: XLSX.contentType)
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"evaluation.xlsx\"")
            return response
        }
        let body = ResultDTO(from: q.period.from, to: q.period.to, groupBy: q.groupBy.rawValue, minimumSample: q.minimumSample,
                             rows: rows.map { Self.dto($0, names: names) })
        let response = Response(status: .ok)
        try response.content.encode(body, as: .json)
        return response
    }

    static func compute(_ q: Query, viewer: Principal, req: Request) async throws -> ([UnitScore], [String: String]) {
        // Only the orders the viewer may see count: a town centre evaluates the units of its town.
        let scope = try await OrderScope.of(viewer, .list, context: req.hewei, db: req.db)
        let data = EvaluationData(db: req.db, org: req.hewei.org, grid: req.hewei.grid.current)
        let records = try await data.records(period: q.period, scope: scope)
        let rows = Evaluation.compute(records, period: q.period, groupBy: q.groupBy, asOf: req.hewei.clock.now(), minimumSample: q.minimumSample)
        return (rows, data.names(groupBy: q.groupBy))
    }

    static func dto(_ s: UnitScore, names: [String: String]) -> RowDTO {
        func k(_ x: KPI) -> KPIDTO { KPIDTO(numerator: x.numerator, denominator: x.denominator, rate: x.rate) }
        return RowDTO(code: s.code, name: names[s.code], town: s.townCode, sample: s.sample, signFor: k(s.signFor), closure: k(s.closure),
                      resolution: k(s.resolution), satisfaction: k(s.satisfaction), score: s.score.map { ($0 * 1000).rounded() / 10 },
                      rank: s.rank, notRanked: s.notRankedReason?.descriptionEn)
    }
}
