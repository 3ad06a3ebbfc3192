import Fluent
import Foundation
import HeweiCore
import Vapor

/// Petition figures (no identities): counts by type and channel, on-time rates per clock kind,
/// the repeat-petition rate, review and re-review counts; within the viewer's scope.
struct PetitionFiguresDTO: Content {
    struct Rate: Content {
        var kind: String
        var met: Int
        var late: Int
        /// met / (met + late); nil when none stopped yet.
        var rate: Double?
    }
    var from: String?
    var to: String?
    var total: Int
    var byType: [String: Int]
    var byChannel: [String: Int]
    var byState: [String: Int]
    var onTime: [Rate]
    var repeatPetitions: Int
    var repeatRate: Double?
    var reviews: Int
    var reReviews: Int
}

enum PetitionFigures {
    static func compute(from: String?, to: String?, scope: PetitionScope, context: HeweiContext,
                        on db: any Database) async throws -> PetitionFiguresDTO {
        let calendar = context.rules.current.calendar
        let query = scope.apply(PetitionModel.query(on: db))
        if let from, !from.isEmpty {
            guard let d = CivilDate(from) else { throw HeweiError.invalidField("from", "give a date YYYY-MM-DD") }
            query.filter(\.$registeredAt >= calendar.startOfDay(d))
        }
        if let to, !to.isEmpty {
            guard let d = CivilDate(to) else { throw HeweiError.invalidField("to", "give a date YYYY-MM-DD") }
            query.filter(\.$registeredAt < calendar.startOfDay(CivilDate(dayNumber: d.dayNumber + 1)))
        }
        let rows = try await query.all()
        var byType: [String: Int] = [:], byChannel: [String: Int] = [:], byState: [String: Int] = [:]
        for r in rows {
            byType[r.type, default: 0] += 1
            byChannel[r.channel, default: 0] += 1
            byState[r.state, default: 0] += 1
        }
        let ids = rows.compactMap(\.id)
        var rates: [PetitionFiguresDTO.Rate] = []
        let clocks = ids.isEmpty ? [] : try await CaseClockModel.query(on: db)
            .filter(\.$recordType == CaseRecordType.petition.rawValue).filter(\.$recordID ~~ ids).all()
        for kind in [PetitionClockKind.forward, .acceptance, .handling] {
            let mine = clocks.filter { $0.kind == kind.rawValue }
            let met = mine.filter { $0.status == "met" }.count
            let late = mine.filter { $0.status == "late" }.count
            rates.append(.init(kind: kind.rawValue, met: met, late: late, rate: met + late == 0 ? nil : Double(met) / Double(met + late)))
        }
        let repeats = rows.filter(\.isRepeat).count
        return PetitionFiguresDTO(from: from, to: to, total: rows.count, byType: byType, byChannel: byChannel, byState: byState,
                                  onTime: rates, repeatPetitions: repeats,
                                  repeatRate: rows.isEmpty ? nil : Double(repeats) / Double(rows.count),
                                  reviews: rows.filter { $0.stage == PetitionStage.review.rawValue }.count,
                                  reReviews: rows.filter { $0.stage == PetitionStage.reReview.rawValue }.count)
    }
}
