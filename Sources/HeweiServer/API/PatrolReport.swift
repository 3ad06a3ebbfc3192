import Fluent
import Foundation
import HeweiCore
import Vapor

/// Reports a patrol finding as an event (网格上报): a work order through the intake workflow,
/// channel `gridPatrol`, located at the finding's point or else the cell's centroid, dispatched to
/// the unit the routing rules choose. A finding is reported at most once (409 after that).
///
/// The intake uses the Idempotency-Key `finding:<id>`, so a retry after a failure between the
/// intake and the link finds the same order instead of creating a second one.
enum PatrolReport {
    @Sendable static func report(req: Request) async throws -> Response {
        let actor = try req.principal()
        try actor.require(.patrols, .change)
        guard let id = req.parameters.get("id", as: UUID.self), let finding = try await PatrolFindingModel.find(id, on: req.db),
              let patrol = try await PatrolModel.find(finding.patrolID, on: req.db), patrol.workerID == actor.id else {
            throw HeweiError.notFound("finding")
        }
        try await CellScope.of(actor, .change, .patrols, context: req.hewei, db: req.db).require(patrol.cellCode)
        if let code = finding.orderCode { throw HeweiError.conflict("the finding was already reported as order \(code)") }
        let input = req.body.data == nil ? PatrolDTOs.ReportInput() : try req.content.decode(PatrolDTOs.ReportInput.self)
        guard let cell = req.hewei.grid.current.cell(patrol.cellCode) else { throw HeweiError.notFound("grid cell '\(patrol.cellCode)'") }
        guard let category = input.categoryCode ?? finding.categoryCode else {
            throw HeweiError.invalidField("categoryCode", "the finding has no category; give a minor category")
        }
        let centroid = cell.shape.centroid
        let intake = IntakeInput(channel: HeweiCore.Channel.gridPatrol.rawValue, channelRef: "finding:\(id.uuidString)",
                                 requestKind: input.requestKind ?? RequestKind.help.rawValue, categoryCode: category, urgency: nil,
                                 longitude: finding.longitude ?? centroid.lon, latitude: finding.latitude ?? centroid.lat,
                                 address: input.address ?? "\(cell.name)（网格 \(cell.code)）", requesterName: nil, requesterPhone: nil,
                                 anonymous: true, content: finding.text, dispatchTo: "auto", answerAtOnce: nil)
        let order = try await req.hewei.workflow(on: req.db).intake(intake, by: actor, idempotencyKey: "finding:\(id.uuidString)").order
        let now = req.hewei.clock.now(), code = order.code
        let linked = try await req.db.write(gate: req.hewei.gate) { db -> PatrolFindingModel in
            guard let row = try await PatrolFindingModel.find(id, on: db) else { throw HeweiError.notFound("finding") }
            if let existing = row.orderCode { throw HeweiError.conflict("the finding was already reported as order \(existing)") }
            row.orderCode = code
            row.reportedAt = now
            try await row.save(on: db)
            return row
        }
        let response = Response(status: .created)
        try response.content.encode(PatrolDTOs.Finding(linked))
        return response
    }
}
