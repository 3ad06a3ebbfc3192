import Fluent
import Foundation
import HeweiCore
import Vapor

/// Smart dispatch suggestions (issue 7): category and unit suggested for a request's text by the
/// model trained on this deployment's closed orders; the model's held-out figures and history;
/// retraining by the system administrator (recorded in the configuration changes).
struct DispatchModelController: RouteCollection {
    struct SuggestInput: Content {
        var content: String?
        /// Accepted because the intake form has it; not used: the model learns from request text only.
        var address: String?
    }

    struct RetrainInput: Content {
        var threshold: Double?
        var note: String?
    }

    static let historyLimit = 20

    func boot(routes: any RoutesBuilder) throws {
        routes.post("orders", "suggestions", use: suggest)
        routes.get("dispatch", "model", use: show)
        routes.post("dispatch", "model", "retrain", use: retrain)
    }

    static func decode<T: Decodable>(_ req: Request, as type: T.Type) throws -> T {
        do { return try req.content.decode(T.self) } catch let e as HeweiError { throw e } catch {
            throw HeweiError.invalidField("body", "not a valid JSON object of the documented shape")
        }
    }

    func suggest(req: Request) async throws -> DispatchSuggestionsDTO {
        try req.principal().require(.orders, .create)
        let input = try Self.decode(req, as: SuggestInput.self)
        let content = try Validate.text(input.content, "content", max: 4000)
        _ = try Validate.text(input.address, "address", max: 200, required: false)
        guard let model = try await req.hewei.dispatch.current(on: req.db, now: req.hewei.clock.now()) else { return .none }
        return DispatchSuggestionsDTO(model, text: content, categories: req.hewei.categories, org: req.hewei.org,
                                      english: Lang.of(req) == .en)
    }

    func show(req: Request) async throws -> DispatchModelViewDTO {
        try req.principal().require(.reference, .list)
        let rows = try await DispatchModelRecord.history(limit: Self.historyLimit + 1, on: req.db)
        return try DispatchModelViewDTO(rows: rows, categories: req.hewei.categories, english: Lang.of(req) == .en)
    }

    func retrain(req: Request) async throws -> Response {
        let actor = try req.principal()
        try actor.require(.configuration, .change)
        let input = req.body.data == nil ? RetrainInput() : try Self.decode(req, as: RetrainInput.self)
        let note = try Validate.text(input.note, "note", max: 500, required: false)
        _ = try await DispatchTraining.run(app: req.application, threshold: input.threshold, note: note.isEmpty ? nil : note, by: actor)
        return try await show(req: req).encodeResponse(status: .created, for: req)
    }
}
