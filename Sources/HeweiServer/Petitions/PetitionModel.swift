import Fluent
import Foundation

/// A petition (信访件). The petitioners (name, ID number, phone, address) are stored as one JSON
/// array sealed with the deployment's `FieldCipher`; `petitionerKey` is a keyed hash of the first
/// petitioner's ID number, used to find the same petitioner's earlier petitions without plaintext.
final class PetitionModel: Model, @unchecked Sendable {
    static let schema = "petitions"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    /// `PetitionState`.
    @Field(key: "state") var state: String
    /// The event sequence (bumped by `CaseEventLog.lock`).
    @Field(key: "version") var version: Int
    /// `PetitionStage`: original, review (复查), reReview (复核).
    @Field(key: "stage") var stage: String
    /// The petition this one reviews (review: the original; re-review: the review).
    @OptionalField(key: "parent_id") var parentID: UUID?
    /// The first petition of the chain (itself for an original).
    @OptionalField(key: "root_id") var rootID: UUID?
    /// `PetitionChannel`.
    @Field(key: "channel") var channel: String
    /// `PetitionType`.
    @Field(key: "type") var type: String
    @Field(key: "matter") var matter: String
    /// Sealed JSON array of `Petitioner`.
    @Field(key: "petitioners") var petitioners: String
    /// HMAC of the first petitioner's normalised ID number (nil when none was given).
    @OptionalField(key: "petitioner_key") var petitionerKey: String?
    /// The unit the petition concerns; for an accusation, the accused unit.
    @OptionalField(key: "concerned_unit_id") var concernedUnitID: UUID?
    /// The unit it is forwarded / assigned to.
    @OptionalField(key: "handling_unit_id") var handlingUnitID: UUID?
    @OptionalField(key: "registering_unit_id") var registeringUnitID: UUID?
    /// A work order converted into this petition (back-link).
    @OptionalField(key: "source_order_id") var sourceOrderID: UUID?
    /// The concluded re-review chain of the same petitioner and matter (refusal to re-accept).
    @OptionalField(key: "earlier_case_id") var earlierCaseID: UUID?
    /// The same petitioner had an earlier petition on the same matter (repeat petition).
    @Field(key: "repeat") var isRepeat: Bool
    @OptionalField(key: "decision_text") var decisionText: String?
    @OptionalField(key: "extension_reason") var extensionReason: String?
    @OptionalField(key: "reply_text") var replyText: String?
    @OptionalField(key: "replied_at") var repliedAt: Date?
    /// The end of the window to apply for review / re-review (from the reply).
    @OptionalField(key: "review_window_ends_at") var reviewWindowEndsAt: Date?
    @OptionalField(key: "mediation_case_id") var mediationCaseID: UUID?
    @Field(key: "registered_at") var registeredAt: Date
    @Field(key: "registered_by") var registeredBy: String
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?

    init() {}
}

/// One petitioner (信访人) as registered.
struct Petitioner: Codable, Sendable, Equatable {
    var name: String
    var idNumber: String?
    var phone: String?
    var address: String?
}
