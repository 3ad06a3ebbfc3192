import Fluent
import Foundation
import HeweiCore

/// The review chain (复查, 复核) and the search for a petitioner's earlier petitions.
enum PetitionChain {
    /// The stage of a review application against `parent`, or the refusal (409): the parent must have
    /// a written reply, the application must come within the window after it, and a re-review is final.
    static func nextStage(after parent: PetitionModel, now: Date) throws -> PetitionStage {
        let stage = PetitionStage(rawValue: parent.stage) ?? .original
        let next: PetitionStage
        switch stage {
        case .original: next = .review
        case .review: next = .reReview
        case .reReview:
            throw HeweiError.conflict("\(parent.code) is a re-review (复核), which is final: the same facts and reasons are not accepted again")
        }
        guard parent.repliedAt != nil, let ends = parent.reviewWindowEndsAt else {
            throw HeweiError.conflict("\(parent.code) has no written reply yet; \(next.rawValue) can be applied for only after it")
        }
        guard now <= ends else {
            let iso = ISO8601DateFormatter()
            throw HeweiError.conflict("the \(next.rawValue) application window of \(parent.code) (30 days after its reply, \(next == .review ? "复查" : "复核")) ended at \(iso.string(from: ends))")
        }
        return next
    }

    struct Earlier {
        var isRepeat: Bool
        var concludedReReview: PetitionModel?
    }

    /// Earlier petitions of the same petitioner (keyed hash) on the same matter.
    static func earlier(key: String, matter: String, excluding id: UUID? = nil, on db: any Database) async throws -> Earlier {
        var rows = try await PetitionModel.query(on: db).filter(\.$petitionerKey == key).sort(\.$registeredAt).all()
        if let id { rows.removeAll { $0.id == id } }
        let same = rows.filter { MatterSimilarity.isSameMatter($0.matter, matter) }
        let concluded = same.last { $0.stage == PetitionStage.reReview.rawValue && $0.repliedAt != nil }
        return Earlier(isRepeat: !same.isEmpty, concludedReReview: concluded)
    }

    /// The whole chain of a petition (original, review, re-review), oldest first.
    static func chain(of p: PetitionModel, on db: any Database) async throws -> [PetitionModel] {
        let root = p.rootID ?? p.id!
        let order = PetitionStage.allCases.map(\.rawValue)
        return try await PetitionModel.query(on: db).filter(\.$rootID == root).sort(\.$registeredAt).sort(\.$id).all()
            .sorted { (order.firstIndex(of: $0.stage) ?? 0) < (order.firstIndex(of: $1.stage) ?? 0) }
    }
}
