import Foundation
import HeweiCore

/// The registered part of a demo order (what the intake form holds): channel, kind, category,
/// place, requester and text, and who registered it.
struct DemoDraft {
    let order: DemoOrder
    let leaf: DemoCatalog.Leaf
    let town: DemoCatalog.TownInfo
    let intakeActor: DemoActor
    let place: String
    /// The location's cells, micro → large (what routing rules match on).
    let cells: [String]

    static let channels = DemoWeighted<HeweiCore.Channel>([
        (.hotline12345, 44), (.app, 15), (.gridPatrol, 11), (.onlineInquiry, 7), (.secretaryMailbox, 6),
        (.walkIn, 5), (.opinionLine, 4), (.videoAlert, 3), (.onlinePetition, 3),
    ])

    /// Majors a camera can see (city appearance, environment, traffic).
    static let cameraMajors: Set<String> = ["01", "05", "07"]

    static func make(catalog: DemoCatalog, id: UUID, code: String, createdAt: Date, rng: inout DemoRandom) -> DemoDraft {
        let leaf = catalog.leaves.draw(&rng)
        let town = catalog.towns.draw(&rng)
        var channel = channels.draw(&rng)
        if channel == .videoAlert, !cameraMajors.contains(leaf.major) { channel = .hotline12345 }
        let placeReport = channel == .gridPatrol || channel == .videoAlert
        let place = DemoText.place(town: town.town, villages: town.villages, &rng)
        let (lon, lat, cells) = locate(town, catalog.grid, &rng)

        let praise = !placeReport && rng.chance(0.025)
        let template = rng.pick(placeReport ? leaf.placeTemplates : leaf.templates)
        let unitName = (leaf.defaultUnit ?? town.unit).name
        let text = praise ? rng.pick(DemoTemplates.praise) : template.text
        var content = DemoTemplates.fill(text, .init(place: place.phrase, category: leaf.name, unit: unitName), &rng)
        let kind: RequestKind = praise ? .praise : placeReport ? .report : template.draw(&rng)
        switch channel {
        case .gridPatrol: content = "网格员巡查发现：" + content
        case .videoAlert: content = "视频监控告警：" + content
        default: break
        }

        let anonymous = channel == .videoAlert || (channel != .walkIn && channel != .gridPatrol && rng.chance(0.04))
        let name = anonymous ? "" : DemoText.personName(&rng)
        let phone = anonymous ? "" : DemoText.mobile(&rng)
        var intake = catalog.clerk
        if channel == .gridPatrol {
            intake = catalog.gridWorker
        } else if channel == .walkIn, let d = town.dispatcher, rng.chance(0.6) {
            intake = d
        }
        var channelRef: String?
        switch channel {
        case .hotline12345: channelRef = "RX" + String(rng.int(10_000_000...99_999_999))
        case .videoAlert: channelRef = "CAM-" + String(rng.int(1001...1420))
        case .onlineInquiry, .onlinePetition, .secretaryMailbox: channelRef = "WZ" + String(rng.int(1_000_000...9_999_999))
        default: break
        }
        let order = DemoOrder(id: id, code: code, channel: channel.rawValue, channelRef: channelRef, requestKind: kind.rawValue,
                              categoryCode: leaf.code, urgency: leaf.urgency, longitude: lon, latitude: lat,
                              address: place.address, requesterName: name, requesterPhone: phone, anonymous: anonymous,
                              content: content, createdBy: intake.id, intakeUnitID: intake.unitID,
                              cellMicro: cells[.micro], cellSmall: cells[.small], cellMedium: cells[.medium],
                              cellLarge: cells[.large], createdAt: createdAt, updatedAt: createdAt)
        let chain = GridLevel.allCases.reversed().compactMap { cells[$0] }
        return DemoDraft(order: order, leaf: leaf, town: town, intakeActor: intake, place: place.phrase, cells: chain)
    }

    /// A point in the town's large grid cell, drawn towards the old city, and its cells as intake
    /// locates them; without a grid, a point near the town's centre.
    static func locate(_ town: DemoCatalog.TownInfo, _ grid: GridIndex, _ rng: inout DemoRandom) -> (Double, Double, [GridLevel: String]) {
        func cells(_ lon: Double, _ lat: Double) -> [GridLevel: String]? {
            guard let match = grid.locate(GeoPoint(lon: lon, lat: lat)) else { return nil }
            var cells: [GridLevel: String] = [:]
            for code in match.cells { if let level = grid.cell(code)?.level { cells[level] = code } }
            return cells
        }
        if let box = town.box {
            for _ in 0..<4 {
                let (lon, lat) = DemoText.coordinates(in: box, urban: town.town.urban, &rng)
                if let found = cells(lon, lat), found[.large] == town.largeCell { return (lon, lat, found) }
            }
        }
        let (lon, lat) = DemoText.coordinates(town: town.town, &rng)
        return (lon, lat, cells(lon, lat) ?? [:])
    }
}
