import Fluent
import Foundation
import HeweiCore
import Vapor

/// mySociety's POST `servicerequestupdates`: a resident's update to their request, sent by an Open311
/// client (e.g. FixMyStreet). It is recorded on the order as a `residentUpdate` event (the order's
/// state does not change); the same `update_id` from the same client is recorded once.
extension Open311Requests {
    static let updateStatuses: Set<String> = ["OPEN", "CLOSED", "FIXED", "IN_PROGRESS", "ACTION_SCHEDULED", "INVESTIGATING", "DUPLICATE",
                                              "NOT_COUNCILS_RESPONSIBILITY", "NO_FURTHER_ACTION", "INTERNAL_REFERRAL", "REOPEN", "FOR_TRIAGE"]

    func postUpdate(_ form: Open311Form, client: Open311ClientModel, format: Open311Format) async throws -> Response {
        guard let code = form.first("service_request_id") else { throw Open311Error.badRequest("service_request_id is required") }
        guard let updateID = form.first("update_id"), updateID.count <= 100 else {
            throw Open311Error.badRequest("update_id is required (at most 100 characters)")
        }
        guard let status = form.first("status")?.uppercased(), Self.updateStatuses.contains(status) else {
            throw Open311Error.badRequest("status is required, one of " + Self.updateStatuses.sorted().joined(separator: ", "))
        }
        guard let when = form.first("updated_datetime"), ISO8601DateFormatter().date(from: when) != nil else {
            throw Open311Error.badRequest("updated_datetime is required, W3C format with a timezone")
        }
        guard let raw = form.first("description"), raw.count <= 4000 else {
            throw Open311Error.badRequest("description is required (at most 4000 characters)")
        }
        let text = Open311Text.stripHTML(raw)
        guard !text.isEmpty else { throw Open311Error.badRequest("description is required") }
        guard let order = try await WorkOrderModel.query(on: req.db).filter(\.$code == code).first() else {
            throw Open311Error.notFound("unknown service_request_id '\(code)'")
        }
        let reference = "\(client.name):\(updateID)"
        let earlier = try await OrderEventModel.query(on: req.db).filter(\.$orderID == order.id!)
            .filter(\.$action == OrderAction.residentUpdate.rawValue).all()
        let seen = earlier.contains { e in
            ((try? JSONDecoder().decode([String: String].self, from: Data(e.data.utf8)))?["updateId"]) == reference
        }
        if !seen {
            let actor = Principal(id: client.id, username: "open311:\(client.name)", name: "Open311 · \(client.name)", role: nil, unitID: nil)
            do {
                _ = try await req.hewei.workflow(on: req.db).perform(.residentUpdate, on: order.id!,
                                                                    input: ActionInput(note: "[\(status)] \(text)", externalID: reference), by: actor)
            } catch let HeweiError.invalidField(field, why) {
                throw Open311Error.badRequest("\(field): \(why)")
            }
            try? await req.hewei.audit.record(AuditDraft(actor: actor, kind: "write", action: "POST /open311/v2/servicerequestupdates",
                                                         target: "order \(order.code)", status: 200, reason: "update \(updateID)",
                                                         ip: req.remoteAddress?.ipAddress ?? ""))
        }
        var fields: [(String, Open311Value)] = [("update_id", .string(updateID))]
        if let account = form.first("account_id") { fields.append(("account_id", .string(account))) }
        return Open311Response.make(.list(item: "request_update", [.object(fields)]), root: "service_request_updates", format: format)
    }
}
