import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/orders/{key}/attachments`: photos and documents of an order, shown only to those who
/// may see the order (the same scope as the order; outside it, 404). Added by the staff who work the
/// order (`OrderPermissions.attachRoles`); the type is checked by content, at most 10 MB each.
struct AttachmentsController: RouteCollection {
    struct AttachmentDTO: Content {
        var id: UUID
        var name: String
        var contentType: String
        var size: Int
        var sha256: String
        var addedBy: String
        var createdAt: Date
    }

    func boot(routes: any RoutesBuilder) throws {
        let files = routes.grouped("orders", ":key", "attachments")
        files.on(.POST, body: .collect(maxSize: "11mb"), use: add)
        files.get(use: list)
        files.get(":id", use: download)
    }

    static func directory(_ req: Request) -> URL {
        if let custom = ProcessInfo.processInfo.environment["HEWEI_ATTACHMENTS_DIR"], !custom.isEmpty {
            return URL(fileURLWithPath: custom)
        }
        return URL(fileURLWithPath: req.hewei.options.dataDirectory).appendingPathComponent("attachments")
    }

    func add(req: Request) async throws -> Response {
        let (viewer, order) = try await OrdersController().load(req, .change)
        guard let role = viewer.role, OrderPermissions.attachRoles.contains(role) else {
            throw HeweiError.forbidden("role '\(viewer.roleName)' may not add attachments")
        }
        guard order.state != WorkOrderState.closed.rawValue else { throw HeweiError.rule("the order is closed; nothing more can be attached") }
        let data = req.body.data.map { Data(buffer: $0) } ?? Data()
        let name = try req.query[String.self, at: "name"].map { try Validate.text($0, "name", max: 200, required: false) }
        let store = AttachmentStore(directory: Self.directory(req), db: req.db, gate: req.hewei.gate, now: req.hewei.clock.now())
        let row = try await store.add(data, name: name, to: order, by: viewer)
        let response = Response(status: .created)
        try response.content.encode(Self.dto(row))
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/orders/\(order.code)/attachments/\(row.id!)")
        return response
    }

    func list(req: Request) async throws -> [AttachmentDTO] {
        let (_, order) = try await OrdersController().load(req)
        return try await AttachmentModel.query(on: req.db).filter(\.$orderID == order.id!).sort(\.$createdAt).sort(\.$id).all().map(Self.dto)
    }

    func download(req: Request) async throws -> Response {
        let (_, order) = try await OrdersController().load(req)
        guard let id = req.parameters.get("id", as: UUID.self), let row = try await AttachmentModel.find(id, on: req.db),
              row.orderID == order.id else { throw HeweiError.notFound("attachment") }
        let store = AttachmentStore(directory: Self.directory(req), db: req.db, gate: req.hewei.gate, now: req.hewei.clock.now())
        let data: Data
        do { data = try store.read(row) } catch { throw HeweiError.internalFailure("attachment \(row.id!) is missing from storage") }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: row.contentType)
        let inline = row.contentType.hasPrefix("image/")
        let ascii = row.name.unicodeScalars.allSatisfy { $0.isASCII } ? row.name : "attachment" + (row.name.split(separator: ".").last.map { ".\($0)" } ?? "")
        let encoded = row.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "attachment"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "\(inline ? "inline" : "attachment"); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    static func dto(_ a: AttachmentModel) -> AttachmentDTO {
        AttachmentDTO(id: a.id!, name: a.name, contentType: a.contentType, size: a.size, sha256: a.sha256, addedBy: a.addedBy, createdAt: a.createdAt)
    }
}
