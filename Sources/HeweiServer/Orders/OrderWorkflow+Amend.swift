import Fluent
import Foundation
import HeweiCore

extension OrderWorkflow {
    /// A dispatcher corrects the category, the location or the address. The order is located in the
    /// grid again and, if it is already dispatched, routed again: when the rules now choose another
    /// unit, the order moves there with new clocks (the old ones are cancelled).
    func amend(_ order: WorkOrderModel, input: ActionInput, on db: any Database) async throws -> Outcome {
        let reason = try Validate.text(input.note, "note", max: 2000)
        guard input.categoryCode != nil || input.longitude != nil || input.latitude != nil || input.address != nil else {
            throw HeweiError.invalidField("categoryCode", "name a new category, location or address")
        }
        var data: [String: String] = [:]
        var category = try await self.category(order.categoryCode, on: db)
        if let code = input.categoryCode, code != order.categoryCode {
            guard let c = try await self.category(code, on: db), c.active, c.isLeaf else {
                throw HeweiError.invalidField("categoryCode", "no active minor category '\(code)'")
            }
            data["category"] = "\(order.categoryCode) → \(code)"
            order.categoryCode = code
            category = c
        }
        switch (input.longitude, input.latitude) {
        case (nil, nil): break
        case let (lon?, lat?):
            guard (-180...180).contains(lon), (-90...90).contains(lat) else {
                throw HeweiError.invalidField("longitude", "must be a WGS 84 point (longitude -180…180, latitude -90…90)")
            }
            order.longitude = lon
            order.latitude = lat
            var cells: [GridLevel: String] = [:]
            for code in grid.locate(GeoPoint(lon: lon, lat: lat))?.cells ?? [] {
                if let level = grid.cell(code)?.level { cells[level] = code }
            }
            order.cellMicro = cells[.micro]
            order.cellSmall = cells[.small]
            order.cellMedium = cells[.medium]
            order.cellLarge = cells[.large]
            data["cell"] = order.cellMicro ?? "(outside the grid)"
        default:
            throw HeweiError.invalidField(input.longitude == nil ? "longitude" : "latitude", "give both longitude and latitude")
        }
        if let address = input.address {
            order.address = try Validate.text(address, "address", max: 300)
            data["address"] = order.address
        }
        var target: UUID?
        if order.state == WorkOrderState.dispatched.rawValue, let category, let decision = route(category, cells: cells(of: order)),
           let unit = org.unit(code: decision.unitCode), unit.id != order.leadUnitID {
            try await deadlines.stop(order.id!, cancel: true, at: now, on: db)
            order.leadUnitID = unit.id
            try await startDispatchClocks(order, category: category, on: db)
            target = unit.id
            data["unit"] = unit.code
            data["routing"] = decision.reason
        }
        return Outcome(note: reason, target: target, data: data)
    }
}
