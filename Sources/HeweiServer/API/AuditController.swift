import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/audit`: the auditor's view of the audit trail (search, verify). Nobody else reads it.
struct AuditController: RouteCollection {
    struct EntryDTO: Content {
        var seq: Int
        var at: Date
        var actor: String
        var role: String
        var kind: String
        var action: String
        var target: String
        var status: Int
        var reason: String
        var ip: String
        var hash: String

        init(_ e: AuditEntryModel) {
            seq = e.seq
            at = Date(timeIntervalSince1970: Double(e.atMs) / 1000)
            actor = e.actor
            role = e.role
            kind = e.kind
            action = e.action
            target = e.target
            status = e.status
            reason = e.reason
            ip = e.ip
            hash = e.hash
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("audit", use: search)
        routes.get("audit", "verify", use: verify)
    }

    func search(req: Request) async throws -> Page<EntryDTO> {
        try req.principal().require(.audit, .list)
        let filter = try AuditFilter.parse(try req.query.decode([String: String].self))
        let (rows, total) = try await filter.run(on: req.db)
        return Page(items: rows.map(EntryDTO.init), page: filter.page, per: filter.per, total: total)
    }

    func verify(req: Request) async throws -> AuditVerifier.Report {
        try req.principal().require(.audit, .verify)
        var verifier = AuditVerifier(db: req.db)
        if let file = req.hewei.options.auditAnchorFile, FileManager.default.fileExists(atPath: file) {
            verifier.fileAnchors = try AuditVerifier.readAnchorFile(file)
        }
        return try await verifier.run()
    }
}

/// Search of the audit trail, shared by the API and the auditor's page: `actor`, `kind`,
/// `action` (contains), `target` (contains), `from`, `to` (ISO 8601 or YYYY-MM-DD), newest first.
struct AuditFilter: Sendable {
    var actor: String?
    var kind: String?
    var action: String?
    var target: String?
    var from: Date?
    var to: Date?
    var page = 1
    var per = 50

    static let kinds = ["write", "reveal", "auth", "export", "admin"]

    static func parse(_ q: [String: String]) throws -> AuditFilter {
        var f = AuditFilter()
        func text(_ k: String) -> String? { q[k].flatMap { $0.isEmpty ? nil : String($0.prefix(200)) } }
        f.actor = text("actor")
        if let kind = text("kind") {
            guard kinds.contains(kind) else { throw HeweiError.invalidField("kind", "must be one of: \(kinds.joined(separator: ", "))") }
            f.kind = kind
        }
        f.action = text("action")
        f.target = text("target")
        f.from = try OrderFilter.date(q["from"], "from")
        f.to = try OrderFilter.date(q["to"], "to")
        if let from = f.from, let to = f.to, to < from { throw HeweiError.invalidField("to", "must not be before 'from'") }
        f.page = try Validate.int(q["page"], "page", default: 1, range: 1...1_000_000)
        f.per = try Validate.int(q["per"], "per", default: 50, range: 1...500)
        return f
    }

    func run(on db: any Database) async throws -> ([AuditEntryModel], Int) {
        var query = AuditEntryModel.query(on: db)
        if let actor { query = query.filter(\.$actor == actor) }
        if let kind { query = query.filter(\.$kind == kind) }
        if let action { query = query.filter(\.$action ~~ action) }
        if let target { query = query.filter(\.$target ~~ target) }
        if let from { query = query.filter(\.$atMs >= AuditLog.millis(from)) }
        if let to { query = query.filter(\.$atMs < AuditLog.millis(to)) }
        let total = try await query.count()
        let rows = try await query.sort(\.$seq, .descending).range(((page - 1) * per)..<(page * per)).all()
        return (rows, total)
    }
}
