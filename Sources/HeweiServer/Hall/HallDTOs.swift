import Foundation
import HeweiCore
import Vapor

struct HallAreaDTO: Content {
    var code: String
    var prefix: String
    var name: String
    var nameEn: String
    var counters: [String]
    /// Visitors waiting in this area today.
    var waiting: Int
}

struct HallRegisterInput: Content {
    var name: String
    var phone: String
    var matter: String
    var area: String
}

struct HallCallInput: Content {
    var counter: String
}

/// The body of an action on a visit; `triage` needs `outcome` (answered, order, petition, mediation).
struct HallActionInput: Content {
    var note: String?
    var outcome: String?
    var referral: CaseReferral.Input?
}

struct HallVisitDTO: Content {
    var id: UUID
    var ticket: String
    var area: String
    var day: String
    var state: String
    var version: Int
    var name: String
    /// Masked (138****1234).
    var phone: String
    var matter: String
    var counter: String?
    var registeredAt: Date
    var calledAt: Date?
    var servingAt: Date?
    var finishedAt: Date?
    /// Seconds from registration to the call (nil until called).
    var waitSeconds: Int?
    var outcomeNote: String?
    var linkType: String?
    var linkRef: String?
    var allowedActions: [String]

    init(_ m: HallVisitModel, cipher: FieldCipher) {
        id = m.id!
        ticket = m.ticket
        area = m.area
        day = m.queueDay
        state = m.state
        version = m.version
        name = m.name
        phone = Masking.phone((try? cipher.open(m.phone)) ?? "")
        matter = m.matter
        counter = m.counter
        registeredAt = m.registeredAt
        calledAt = m.calledAt
        servingAt = m.servingAt
        finishedAt = m.finishedAt
        waitSeconds = m.calledAt.map { Int($0.timeIntervalSince(m.registeredAt)) }
        outcomeNote = m.outcomeNote
        linkType = m.linkType
        linkRef = m.linkRef
        allowedActions = HallVisitState(rawValue: m.state).map { HallVisits.table.allowed(from: $0).map(\.rawValue) } ?? []
    }
}

struct HallFiguresDTO: Content {
    struct Area: Content {
        var area: String
        var name: String
        var registered: Int
        var waiting: Int
        var served: Int
        var averageWaitSeconds: Int?
    }
    var day: String
    var registered: Int
    var waiting: Int
    /// Visits triaged (served to the end) today.
    var served: Int
    var noShow: Int
    var left: Int
    /// Average seconds from registration to the call, over visits called today.
    var averageWaitSeconds: Int?
    var averageServiceSeconds: Int?
    var byArea: [Area]
}
