import Fluent
import Foundation
import HeweiCore
import Vapor

/// Receives a signed alert from a registered camera or sensor: a bad or stale signature (or an
/// unknown device) is a 401 and stores nothing; a repeat of the same device and type within the
/// type's fold window joins the open order it created; otherwise a new order is registered at the
/// device's location and dispatched by the routing rules. The alert row and the order are one transaction.
struct AlertIntake {
    let context: HeweiContext
    let db: any Database

    struct Input: Decodable {
        var type: String
        var occurredAt: Date?
        var description: String?
        var externalId: String?
    }

    struct Result {
        let order: WorkOrderModel
        let alert: AlertModel
    }

    static let actor = Principal(id: nil, username: "alerts", name: "视频物联告警", role: nil, unitID: nil)

    func receive(source code: String, body: Data, timestamp: String?, signature: String?) async throws -> Result {
        let now = context.clock.now()
        // The same answer for an unknown device, an inactive one and a bad signature: no oracle.
        guard let source = try await AlertSourceModel.query(on: db).filter(\.$code == code).first(), source.active,
              let secret = try? context.cipher.open(source.secret),
              AlertSignature.verify(body: body, timestamp: timestamp, signature: signature, secret: secret, now: now) else {
            throw HeweiError.unauthenticated
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let input: Input
        do { input = try decoder.decode(Input.self, from: body) } catch {
            throw HeweiError.invalidField("body", "a JSON object with type, and optionally occurredAt (ISO 8601), description and externalId")
        }
        guard let type = try await AlertTypeModel.query(on: db).filter(\.$code == input.type).first() else {
            throw HeweiError.invalidField("type", "unknown alert type '\(input.type.prefix(40))'")
        }
        let description = try Validate.text(input.description, "description", max: 2000, required: false)
        let external = try Validate.text(input.externalId, "externalId", max: 100, required: false)
        let alert = AlertModel()
        alert.id = OrderedID.make()
        alert.sourceID = source.id!
        alert.typeCode = type.code
        alert.externalID = external.isEmpty ? nil : external
        alert.occurredAt = input.occurredAt ?? now
        alert.receivedAt = now
        alert.description = description
        let workflow = context.workflow(on: db)
        let intake = IntakeInput(channel: HeweiCore.Channel.videoAlert.rawValue, channelRef: "\(source.code):\(type.code)", requestKind: RequestKind.report.rawValue,
                                 categoryCode: type.categoryCode, urgency: type.urgency, longitude: source.longitude, latitude: source.latitude,
                                 address: source.address, requesterName: nil, requesterPhone: nil, anonymous: true,
                                 content: "【\(type.name)】\(source.name)" + (description.isEmpty ? "" : "：\(description)"),
                                 dispatchTo: "auto", answerAtOnce: nil)
        let checked = try await workflow.validate(intake, actorRole: nil)
        let since = now.addingTimeInterval(-Double(type.foldMinutes) * 60)
        let order = try await db.write(gate: context.gate) { db -> WorkOrderModel in
            // One device's alerts are taken one at a time, so two repeats never open two orders.
            try await AlertRepository.lock(source: source.id!, on: db)
            if type.foldMinutes > 0, let open = try await AlertRepository.openOrder(source: source.id!, type: type.code, since: since, on: db) {
                alert.orderID = open.id!
                alert.folded = true
                try await alert.create(on: db)
                return open
            }
            let order = try await workflow.create(checked, key: nil, by: Self.actor, on: db)
            alert.orderID = order.id!
            alert.folded = false
            try await alert.create(on: db)
            return order
        }
        return Result(order: order, alert: alert)
    }
}
