import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing

@Suite struct PetitionDemoTests {
    @Test func theDemoPetitionsCoverTheChainTheAccusationAndTheTransfer() async throws {
        try await withApp { t in
            try await DemoPetitions(app: t.app).seed()
            let rows = try await PetitionModel.query(on: t.app.db).all()
            #expect(rows.count >= 19)
            #expect(Set(rows.map(\.state)).count >= 7)
            #expect(rows.contains { $0.stage == "reReview" && $0.state == "closed" })
            #expect(rows.contains { $0.earlierCaseID != nil && $0.state == "notAccepted" })
            #expect(rows.contains { $0.type == "accusation" && t.context.org.unit($0.concernedUnitID)?.code == "ZJJ" })
            #expect(rows.contains { $0.state == "transferredToMediation" && $0.mediationCaseID != nil })
            // seeding twice adds nothing
            try await DemoPetitions(app: t.app).seed()
            #expect(try await PetitionModel.query(on: t.app.db).count() == rows.count)
        }
    }
}
