import Fluent
import Foundation
import HeweiCore
import SQLKit

/// The alert intake's locking and folding look-ups.
enum AlertRepository {
    /// Takes the device's row lock for the rest of the transaction (PostgreSQL; SQLite has one writer).
    static func lock(source id: UUID, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        _ = try await sql.raw("UPDATE alert_sources SET active = active WHERE id = \(bind: id) RETURNING id").all()
    }

    /// The open order that an alert of this device and type received since `since` created or joined.
    static func openOrder(source: UUID, type: String, since: Date, on db: any Database) async throws -> WorkOrderModel? {
        let recent = try await AlertModel.query(on: db).filter(\.$sourceID == source).filter(\.$typeCode == type)
            .filter(\.$receivedAt >= since).sort(\.$receivedAt, .descending).limit(50).all()
        for orderID in recent.map(\.orderID) {
            if let order = try await WorkOrderModel.find(orderID, on: db), order.state != WorkOrderState.closed.rawValue { return order }
        }
        return nil
    }
}
