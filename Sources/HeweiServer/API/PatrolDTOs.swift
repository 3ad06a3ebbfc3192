import Foundation
import Vapor

/// API types of patrols (巡查) and their findings.
enum PatrolDTOs {
    struct StartInput: Content {
        var cellCode: String
        var note: String?
    }

    struct TrackInput: Content {
        /// `[lon, lat, unixSeconds]` per point, in the order recorded.
        var points: [[Double]]
    }

    struct FindingInput: Content {
        var text: String
        var categoryCode: String?
        var lon: Double?
        var lat: Double?
    }

    struct ReportInput: Content {
        /// 咨询/求助/投诉/举报/建议/表扬 as in intake; default `help`.
        var requestKind: String?
        /// A minor category; default the finding's category.
        var categoryCode: String?
        /// Default: the cell's name and code.
        var address: String?
    }

    struct Patrol: Content {
        var id: UUID
        var worker: String
        var cellCode: String
        var note: String
        var startedAt: Date
        var endedAt: Date?
        var open: Bool
        var trackPoints: Int
        var findings: Int

        init(_ m: PatrolModel, findings: Int) {
            id = m.id!
            worker = m.workerName
            cellCode = m.cellCode
            note = m.note
            startedAt = m.startedAt
            endedAt = m.endedAt
            open = m.endedAt == nil
            trackPoints = PatrolTrack.decode(m.track).count
            self.findings = findings
        }
    }

    struct Finding: Content {
        var id: UUID
        var patrolId: UUID
        var at: Date
        var text: String
        var categoryCode: String?
        var lon: Double?
        var lat: Double?
        var orderCode: String?
        var reportedAt: Date?

        init(_ m: PatrolFindingModel) {
            id = m.id!
            patrolId = m.patrolID
            at = m.at
            text = m.text
            categoryCode = m.categoryCode
            lon = m.longitude
            lat = m.latitude
            orderCode = m.orderCode
            reportedAt = m.reportedAt
        }
    }

    struct Detail: Content {
        var patrol: Patrol
        var track: [[Double]]
        var findings: [Finding]
    }
}

/// The GPS track of a patrol, stored as JSON `[[lon, lat, unixSeconds], …]`.
enum PatrolTrack {
    static let maxPoints = 20_000

    static func decode(_ text: String) -> [[Double]] {
        (try? JSONDecoder().decode([[Double]].self, from: Data(text.utf8))) ?? []
    }

    static func encode(_ points: [[Double]]) -> String {
        String(decoding: (try? JSONEncoder().encode(points)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func validate(_ points: [[Double]]) throws {
        for (i, p) in points.enumerated() {
            guard p.count == 3, (-180...180).contains(p[0]), (-90...90).contains(p[1]), p[2] >= 0 else {
                throw HeweiError.invalidField("points[\(i)]", "must be [lon, lat, unixSeconds] with lon -180…180 and lat -90…90")
            }
        }
    }
}
