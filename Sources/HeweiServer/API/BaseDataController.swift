import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/grid/base-data/{kind}`: residents, buildings, facilities and organisations per grid
/// cell. Every route asks `CellScope` what the caller may see or change; every change appends an
/// audit row (`base_data_changes`) in the same transaction. Records are never deleted.
struct BaseDataController: RouteCollection {
    struct RecordInput: Content {
        var cellCode: String
        var name: String?
        /// The kind's own fields as text (see `BaseDataKind.fields`).
        var attributes: [String: String]?
        var active: Bool?
    }

    func boot(routes: any RoutesBuilder) throws {
        let data = routes.grouped("grid", "base-data", ":kind")
        data.get(use: list)
        data.post(use: create)
        data.on(.POST, "import", body: .collect(maxSize: "16mb"), use: importCSV)
        data.get(":id", use: show)
        data.put(":id", use: update)
        data.get(":id", "changes", use: changes)
        data.post(":id", "reveal", use: reveal)
    }

    /// `?cell=CODE` (the cell and everything inside it), `?q=` (name contains), `?active=false`,
    /// `?per=` (default 100, at most 1000) and `?page=` (from 1).
    func list(req: Request) async throws -> [BaseRecordDTO] {
        let kind = try Self.kind(req)
        let scope = try await CellScope.of(try req.principal(), .read, .baseData, context: req.hewei, db: req.db)
        var query = scope.apply(BaseRecordModel.query(on: req.db).filter(\.$kind == kind.rawValue), \.$cellCode)
        if let cell = req.query[String.self, at: "cell"] {
            guard req.hewei.grid.current.cell(cell) != nil else { throw HeweiError.notFound("grid cell '\(cell)'") }
            query = query.filter(\.$cellCode =~ cell)
        }
        if let q = req.query[String.self, at: "q"], !q.isEmpty { query = query.filter(\.$name ~~ q) }
        query = query.filter(\.$active == (try Self.flag(req, "active") ?? true))
        let per = min(max(req.query[Int.self, at: "per"] ?? 100, 1), 1000), page = max(req.query[Int.self, at: "page"] ?? 1, 1)
        let rows = try await query.sort(\.$cellCode).sort(\.$name).range(((page - 1) * per)..<(page * per)).all()
        return try rows.map { try BaseRecordDTO($0, reveal: false, cipher: req.hewei.cipher) }
    }

    func show(req: Request) async throws -> BaseRecordDTO {
        let scope = try await CellScope.of(try req.principal(), .read, .baseData, context: req.hewei, db: req.db)
        let record = try await Self.record(req, scope: scope)
        return try BaseRecordDTO(record, reveal: false, cipher: req.hewei.cipher)
    }

    func create(req: Request) async throws -> Response {
        let kind = try Self.kind(req)
        let actor = try req.principal()
        guard actor.role != .systemAdmin else { throw HeweiError.forbidden("the system administrator imports base data in bulk; grid workers keep single records") }
        let scope = try await CellScope.of(actor, .create, .baseData, context: req.hewei, db: req.db)
        let input = try req.content.decode(RecordInput.self)
        let values = try Self.checked(input, kind: kind, scope: scope, grid: req.hewei.grid.current)
        let now = req.hewei.clock.now()
        let record = BaseRecordModel()
        record.id = UUID()
        record.kind = kind.rawValue
        record.createdAt = now
        try BaseDataRecords.apply(values, cell: input.cellCode, active: input.active ?? true, to: record, now: now, cipher: req.hewei.cipher)
        let change = try BaseDataRecords.change("create", of: record, before: "", by: actor, at: now, cipher: req.hewei.cipher)
        try await req.db.write(gate: req.hewei.gate) { db in
            try await record.create(on: db)
            try await change.create(on: db)
        }
        let response = Response(status: .created)
        try response.content.encode(try BaseRecordDTO(record, reveal: false, cipher: req.hewei.cipher))
        return response
    }

    /// Replaces the record's fields (send them all); may move it to another cell in scope.
    func update(req: Request) async throws -> BaseRecordDTO {
        let actor = try req.principal()
        let scope = try await CellScope.of(actor, .change, .baseData, context: req.hewei, db: req.db)
        let record = try await Self.record(req, scope: scope)
        let input = try req.content.decode(RecordInput.self)
        let values = try Self.checked(input, kind: try Self.kind(req), scope: scope, grid: req.hewei.grid.current)
        let cipher = req.hewei.cipher
        let before = try BaseDataRecords.snapshot(record, cipher: cipher), plainBefore = try BaseDataRecords.plainSnapshot(record, cipher: cipher)
        let updatedBefore = record.updatedAt
        let now = req.hewei.clock.now()
        try BaseDataRecords.apply(values, cell: input.cellCode, active: input.active ?? record.active, to: record, now: now, cipher: cipher)
        let change = try BaseDataRecords.change("update", of: record, before: before, by: actor, at: now, cipher: cipher)
        if try BaseDataRecords.plainSnapshot(record, cipher: cipher) == plainBefore {
            record.updatedAt = updatedBefore
        } else {
            try await req.db.write(gate: req.hewei.gate) { db in
                try await record.save(on: db)
                try await change.create(on: db)
            }
        }
        return try BaseRecordDTO(record, reveal: false, cipher: cipher)
    }

    /// The record's history, oldest first, masked like the record itself.
    func changes(req: Request) async throws -> [BaseDataChangeDTO] {
        let scope = try await CellScope.of(try req.principal(), .read, .baseData, context: req.hewei, db: req.db)
        let record = try await Self.record(req, scope: scope)
        return try await BaseDataChangeModel.query(on: req.db).filter(\.$recordID == record.id!).sort(\.$at).all()
            .map { try BaseDataChangeDTO($0, reveal: false, cipher: req.hewei.cipher) }
    }

    /// The record's ID number and phone in full, for the grid worker who keeps it: with a reason,
    /// recorded in the audit trail.
    func reveal(req: Request) async throws -> BaseRecordDTO {
        let scope = try await CellScope.of(try req.principal(), .reveal, .baseData, context: req.hewei, db: req.db)
        let record = try await Self.record(req, scope: scope)
        let reason = try RevealInput.reason(req)
        req.audit.note = AuditNote(kind: "reveal", action: "baseData.reveal", target: "\(record.kind) \(record.id!)", reason: reason)
        return try BaseRecordDTO(record, reveal: true, cipher: req.hewei.cipher)
    }

    /// The body is `text/csv` with a header row; `?skipBad=true` stores the good rows of a file with bad ones.
    func importCSV(req: Request) async throws -> BaseDataImport.Report {
        let kind = try Self.kind(req)
        let actor = try req.principal()
        let scope = try await CellScope.of(actor, .create, .baseData, context: req.hewei, db: req.db)
        guard let body = req.body.data, body.readableBytes > 0 else { throw HeweiError.invalidField("body", "send a CSV file with a header row") }
        guard let text = String(data: Data(buffer: body), encoding: .utf8) else { throw HeweiError.invalidField("body", "must be UTF-8 text") }
        return try await BaseDataImport(context: req.hewei, db: req.db)
            .run(csv: text, kind: kind, scope: scope, skipBad: try Self.flag(req, "skipBad") ?? false, by: actor)
    }

    /// A `true`/`false` query parameter, nil when absent (Vapor would read an absent Bool as false).
    static func flag(_ req: Request, _ name: String) throws -> Bool? {
        guard let text = req.query[String.self, at: name] else { return nil }
        guard let value = Bool(text) else { throw HeweiError.invalidField(name, "must be true or false") }
        return value
    }

    static func kind(_ req: Request) throws -> BaseDataKind {
        try Validate.choice(req.parameters.get("kind"), "kind", as: BaseDataKind.self)
    }

    /// The record named in the path, of the kind in the path; 404 outside the caller's cells.
    static func record(_ req: Request, scope: CellScope) async throws -> BaseRecordModel {
        let kind = try kind(req)
        guard let id = req.parameters.get("id", as: UUID.self), let record = try await BaseRecordModel.find(id, on: req.db),
              record.kind == kind.rawValue, scope.covers(record.cellCode) else {
            throw HeweiError.notFound("\(kind.rawValue) record")
        }
        return record
    }

    static func checked(_ input: RecordInput, kind: BaseDataKind, scope: CellScope, grid: GridIndex) throws -> [String: String] {
        guard grid.cell(input.cellCode) != nil else { throw HeweiError.invalidField("cellCode", "no grid cell '\(input.cellCode)' in the active grid") }
        try scope.require(input.cellCode)
        var values = input.attributes ?? [:]
        values["name"] = input.name
        for key in ["cellCode", "active"] where values[key] != nil {
            throw HeweiError.invalidField("attributes.\(key)", "is a top-level field")
        }
        let (clean, problems) = BaseDataValidation(kind: kind).check(values)
        if let first = problems.first {
            throw HeweiError.invalidField(first.field == "name" ? "name" : "attributes.\(first.field)", first.reason)
        }
        return clean
    }
}
