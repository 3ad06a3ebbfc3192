import Foundation
import Vapor

/// The parts of a case kept as JSON on its row (each change is also an event).
struct MediationSession: Content, Equatable {
    var at: Date
    var place: String
    var attendees: [String]
    var record: String
    var by: String
}

/// A joint consultation (会商研判) of a major case: departments convened, then conclusions recorded.
struct MediationConsultation: Content, Equatable {
    var scheduledAt: Date
    var place: String
    /// Participant units (department codes).
    var units: [String]
    var conclusions: String?
    var concludedAt: Date?
    var by: String
}

/// A follow-up on the performance of an agreement (回访).
struct MediationFollowUp: Content, Equatable {
    var at: Date
    var performed: Bool
    /// `MediationSatisfaction`.
    var satisfaction: String
    var note: String
    var by: String
}

/// The agreement's content (人民调解法 第二十九条).
struct MediationAgreementTerms: Content, Equatable {
    /// `MediationOutcome`: writtenAgreement | oralAgreement.
    var kind: String
    /// Each party's responsibility.
    var responsibilities: String
    /// The agreed terms.
    var terms: String
    /// Manner of performance.
    var performanceManner: String
    /// Deadline of performance.
    var performanceDeadline: Date
    /// The agreement takes effect when the parties and the mediator sign and the committee seals.
    var effectiveAt: Date
}

/// The joint application for judicial confirmation and the court's decision.
struct MediationConfirmation: Content, Equatable {
    var appliedAt: Date
    var court: String
    /// confirmed | rejected, once decided.
    var decision: String?
    var decidedAt: Date?
    var note: String?
}

enum MediationJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder.mediation.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text, !text.isEmpty else { return nil }
        return try? JSONDecoder.mediation.decode(type, from: Data(text.utf8))
    }
}
