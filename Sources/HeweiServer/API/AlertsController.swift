import Fluent
import Foundation
import HeweiCore
import Vapor

/// Video and IoT alerts (视频/物联告警): the signed webhook devices post to, the device registry and
/// the alert types (system administrator), and the log of alerts received.
struct AlertsController: RouteCollection {
    struct ReceivedDTO: Content {
        var alert: UUID
        var order: String
        /// True when the alert joined an open order instead of creating one.
        var folded: Bool
    }

    struct SourceDTO: Content {
        var code: String
        var name: String
        var kind: String
        var longitude: Double
        var latitude: Double
        var cellCode: String?
        var address: String
        var active: Bool
        var createdAt: Date
    }

    struct SourceInput: Content {
        var code: String
        var name: String
        var kind: String
        var longitude: Double
        var latitude: Double
        var address: String
    }

    struct SecretDTO: Content {
        var source: SourceDTO
        /// The signing key, shown only now.
        var secret: String
    }

    struct TypeDTO: Content {
        var code: String
        var name: String
        var categoryCode: String
        var urgency: String
        var foldMinutes: Int
        var updatedAt: Date
    }

    struct TypeInput: Content {
        var name: String
        var categoryCode: String
        var urgency: String?
        var foldMinutes: Int?
    }

    struct AlertDTO: Content {
        var id: UUID
        var source: String
        var type: String
        var externalId: String?
        var occurredAt: Date
        var receivedAt: Date
        var description: String
        var order: String
        var folded: Bool
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "alerts", ":source", body: .collect(maxSize: "64kb"), use: receive)
        routes.get("alerts", use: list)
        routes.get("alert-sources", use: sources)
        routes.post("alert-sources", use: addSource)
        routes.post("alert-sources", ":code", "secret", use: rotate)
        routes.post("alert-sources", ":code", "deactivate", use: deactivate)
        routes.get("alert-types", use: types)
        routes.put("alert-types", ":code", use: setType)
    }

    func receive(req: Request) async throws -> Response {
        let body = req.body.data.map { Data(buffer: $0) } ?? Data()
        let result = try await AlertIntake(context: req.hewei, db: req.db)
            .receive(source: req.parameters.get("source") ?? "", body: body,
                     timestamp: req.headers.first(name: "X-Hewei-Timestamp"), signature: req.headers.first(name: "X-Hewei-Signature"))
        let response = Response(status: result.alert.folded ? .ok : .created)
        try response.content.encode(ReceivedDTO(alert: result.alert.id!, order: result.order.code, folded: result.alert.folded))
        return response
    }

    /// The alert log, newest first, for the orders the caller may see.
    func list(req: Request) async throws -> Page<AlertDTO> {
        let viewer = try req.principal()
        let scope = try await OrderScope.of(viewer, .list, context: req.hewei, db: req.db)
        let page = try Validate.int(req.query[String.self, at: "page"], "page", default: 1, range: 1...1_000_000)
        let per = try Validate.int(req.query[String.self, at: "per"], "per", default: 20, range: 1...200)
        var q = AlertModel.query(on: req.db)
        if scope.units != nil || scope.cells != nil {
            let ids = try await scope.apply(WorkOrderModel.query(on: req.db)).filter(\.$channel == HeweiCore.Channel.videoAlert.rawValue)
                .field(\.$id).limit(10_000).all().compactMap(\.id)
            q = q.filter(\.$orderID ~~ ids)
        }
        let sources = try await AlertSourceModel.query(on: req.db).all()
        if let code = req.query[String.self, at: "source"] {
            guard let s = sources.first(where: { $0.code == code }) else { throw HeweiError.invalidField("source", "no device '\(code)'") }
            q = q.filter(\.$sourceID == s.id!)
        }
        let total = try await q.copy().count()
        let items = try await q.sort(\.$receivedAt, .descending).sort(\.$id, .descending).range((page - 1) * per ..< page * per).all()
        let codes = try await WorkOrderModel.query(on: req.db).filter(\.$id ~~ items.map(\.orderID)).field(\.$id).field(\.$code).all()
        let orderCode = Dictionary(uniqueKeysWithValues: codes.map { ($0.id!, $0.code) })
        let sourceCode = Dictionary(uniqueKeysWithValues: sources.map { ($0.id!, $0.code) })
        return Page(items: items.map {
            AlertDTO(id: $0.id!, source: sourceCode[$0.sourceID] ?? "", type: $0.typeCode, externalId: $0.externalID, occurredAt: $0.occurredAt,
                     receivedAt: $0.receivedAt, description: $0.description, order: orderCode[$0.orderID] ?? "", folded: $0.folded)
        }, page: page, per: per, total: total)
    }

    func sources(req: Request) async throws -> [SourceDTO] {
        try req.principal().require(.reference, .read)
        return try await AlertSourceModel.query(on: req.db).sort(\.$code).all().map(Self.dto)
    }

    func addSource(req: Request) async throws -> Response {
        let actor = try req.principal()
        try actor.require(.configuration, .change)
        let input = try req.content.decode(SourceInput.self)
        let code = try Validate.text(input.code, "code", max: 60)
        guard code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw HeweiError.invalidField("code", "letters, digits, - and _ only")
        }
        guard ["camera", "sensor"].contains(input.kind) else { throw HeweiError.invalidField("kind", "must be camera or sensor") }
        guard (-180...180).contains(input.longitude), (-90...90).contains(input.latitude) else {
            throw HeweiError.invalidField("longitude", "a WGS 84 point: longitude −180…180, latitude −90…90")
        }
        if try await AlertSourceModel.query(on: req.db).filter(\.$code == code).first() != nil {
            throw HeweiError.conflict("a device with code '\(code)' exists")
        }
        let secret = AlertSignature.newSecret()
        let source = AlertSourceModel()
        source.id = UUID()
        source.code = code
        source.name = try Validate.text(input.name, "name", max: 100)
        source.kind = input.kind
        source.longitude = input.longitude
        source.latitude = input.latitude
        source.cellCode = req.hewei.grid.current.locate(GeoPoint(lon: input.longitude, lat: input.latitude))?.cells.first
        source.address = try Validate.text(input.address, "address", max: 300)
        source.secret = try req.hewei.cipher.seal(secret)
        source.active = true
        source.createdAt = req.hewei.clock.now()
        try await req.db.write(gate: req.hewei.gate) { db in try await source.create(on: db) }
        let response = Response(status: .created)
        try response.content.encode(SecretDTO(source: Self.dto(source), secret: secret))
        return response
    }

    func rotate(req: Request) async throws -> SecretDTO {
        let actor = try req.principal()
        try actor.require(.configuration, .change)
        let source = try await find(req)
        let secret = AlertSignature.newSecret()
        source.secret = try req.hewei.cipher.seal(secret)
        try await req.db.write(gate: req.hewei.gate) { db in try await source.save(on: db) }
        return SecretDTO(source: Self.dto(source), secret: secret)
    }

    func deactivate(req: Request) async throws -> SourceDTO {
        let actor = try req.principal()
        try actor.require(.configuration, .change)
        let source = try await find(req)
        source.active = false
        try await req.db.write(gate: req.hewei.gate) { db in try await source.save(on: db) }
        return Self.dto(source)
    }

    func types(req: Request) async throws -> [TypeDTO] {
        try req.principal().require(.reference, .read)
        return try await AlertTypeModel.query(on: req.db).sort(\.$code).all().map(Self.dto)
    }

    /// Creates or changes an alert type.
    func setType(req: Request) async throws -> TypeDTO {
        let actor = try req.principal()
        try actor.require(.configuration, .change)
        let code = try Validate.text(req.parameters.get("code"), "code", max: 60)
        let input = try req.content.decode(TypeInput.self)
        guard let category = try await CategoryModel.query(on: req.db).filter(\.$code == input.categoryCode).first(), category.isLeaf else {
            throw HeweiError.invalidField("categoryCode", "must be a minor category")
        }
        let urgency = try input.urgency.map { try Validate.choice($0, "urgency", as: Urgency.self) } ?? Urgency(rawValue: category.urgency) ?? .general
        let fold = input.foldMinutes ?? 30
        guard (0...1440).contains(fold) else { throw HeweiError.invalidField("foldMinutes", "must be from 0 (never fold) to 1440") }
        let type = try await AlertTypeModel.query(on: req.db).filter(\.$code == code).first() ?? AlertTypeModel()
        if type.id == nil { type.id = UUID(); type.code = code }
        type.name = try Validate.text(input.name, "name", max: 100)
        type.categoryCode = category.code
        type.urgency = urgency.rawValue
        type.foldMinutes = fold
        type.updatedAt = req.hewei.clock.now()
        try await req.db.write(gate: req.hewei.gate) { db in try await type.save(on: db) }
        return Self.dto(type)
    }

    private func find(_ req: Request) async throws -> AlertSourceModel {
        guard let source = try await AlertSourceModel.query(on: req.db).filter(\.$code == (req.parameters.get("code") ?? "")).first() else {
            throw HeweiError.notFound("device")
        }
        return source
    }

    static func dto(_ s: AlertSourceModel) -> SourceDTO {
        SourceDTO(code: s.code, name: s.name, kind: s.kind, longitude: s.longitude, latitude: s.latitude, cellCode: s.cellCode,
                  address: s.address, active: s.active, createdAt: s.createdAt)
    }

    static func dto(_ t: AlertTypeModel) -> TypeDTO {
        TypeDTO(code: t.code, name: t.name, categoryCode: t.categoryCode, urgency: t.urgency, foldMinutes: t.foldMinutes, updatedAt: t.updatedAt)
    }
}
