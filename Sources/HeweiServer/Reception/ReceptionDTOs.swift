import Foundation
import HeweiCore
import Vapor

struct ReceptionDayInput: Content {
    /// A leader's account (role `leader`): its display name is the default leader name.
    var leaderUsername: String?
    var leaderName: String?
    var leaderTitle: String
    var date: String
    var starts: String
    var ends: String
    var place: String
    var topics: String?
    var capacity: Int
    /// For a change (`PUT /reception/days/{id}`): why the day changes.
    var note: String? = nil
}

struct ReceptionDayDTO: Content {
    var id: UUID
    var leaderName: String
    var leaderTitle: String
    var leaderUsername: String?
    var date: String
    var starts: String
    var ends: String
    var place: String
    var topics: String
    var capacity: Int
    var booked: Int
    var available: Int
    /// `scheduled` or `cancelled`.
    var state: String
    var version: Int
    var cancelReason: String?
    var allowedActions: [String]

    init(_ m: ReceptionDayModel, leaderUsername: String?) {
        id = m.id!
        leaderName = m.leaderName
        leaderTitle = m.leaderTitle
        self.leaderUsername = leaderUsername
        date = m.date
        starts = m.starts
        ends = m.ends
        place = m.place
        topics = m.topics
        capacity = m.capacity
        booked = m.booked
        let state = ReceptionDayState(rawValue: m.state) ?? .scheduled
        available = state == .scheduled ? max(0, m.capacity - m.booked) : 0
        self.state = state.rawValue
        version = m.version
        cancelReason = m.cancelReason
        allowedActions = ReceptionDays.table.allowed(from: state).map(\.rawValue)
    }
}

struct ReceptionDayDetailDTO: Content {
    var day: ReceptionDayDTO
    var bookings: [ReceptionBookingDTO]
    /// The day's own history: scheduled, changed, cancelled.
    var events: [CaseEventDTO]
}

struct ReceptionDayCancel: Content {
    var reason: String
}

/// A cancelled day and the bookings its cancellation cancelled (phones masked): the people to call.
struct ReceptionDayCancelled: Content {
    var day: ReceptionDayDTO
    var cancelledBookings: [ReceptionBookingDTO]
}

struct ReceptionBookingInput: Content {
    var name: String
    var phone: String
    var matter: String
}

/// The outcome of a booking on the day.
struct ReceptionOutcomeInput: Content {
    /// answered, order, petition, mediation or noShow.
    var outcome: String
    var note: String?
    /// For order / petition / mediation.
    var referral: CaseReferral.Input?
}

struct CaseNoteInput: Content {
    var note: String?
}

struct ReceptionBookingDTO: Content {
    var id: UUID
    var dayID: UUID
    var state: String
    var version: Int
    var name: String
    /// Masked (138****1234).
    var phone: String
    var matter: String
    var createdAt: Date
    var outcomeNote: String?
    var linkType: String?
    var linkRef: String?
    var closedAt: Date?
    var allowedActions: [String]

    init(_ m: ReceptionBookingModel, cipher: FieldCipher) {
        id = m.id!
        dayID = m.dayID
        state = m.state
        version = m.version
        name = m.name
        phone = Masking.phone((try? cipher.open(m.phone)) ?? "")
        matter = m.matter
        createdAt = m.createdAt
        outcomeNote = m.outcomeNote
        linkType = m.linkType
        linkRef = m.linkRef
        closedAt = m.closedAt
        allowedActions = ReceptionBookingState(rawValue: m.state).map { ReceptionBookings.table.allowed(from: $0).map(\.rawValue) } ?? []
    }
}
