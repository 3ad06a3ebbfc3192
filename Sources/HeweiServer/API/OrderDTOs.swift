import Foundation
import HeweiCore
import Vapor

/// A work order as the API shows it. Personal data is masked unless the caller's role may see it.
struct OrderDTO: Content {
    var id: UUID
    var code: String
    var channel: String
    var channelRef: String?
    var requestKind: String
    var categoryCode: String
    var urgency: String
    var longitude: Double?
    var latitude: Double?
    var address: String
    var requesterName: String
    var requesterPhone: String
    var anonymous: Bool
    var content: String
    var leadUnit: String?
    var state: String
    var suspended: Bool
    var round: Int
    var light: String
    var dueAt: Date?
    var reply: String?
    var followUp: FollowUpDTO?
    var supervisionCount: Int
    var publicConsent: Bool?
    var publishedAt: Date?
    var allowedActions: [String]
    var createdAt: Date
    var updatedAt: Date
    var closedAt: Date?

    struct FollowUpDTO: Content {
        var resolved: Bool?
        var satisfaction: String
    }

    /// `handling` (the order's participants and notices) narrows the allowed actions to those that
    /// apply to the viewer's unit: claim only from an open pool of theirs, assisting actions only for
    /// an assisting unit, a response only to a notice addressed to them. Lists pass none.
    init(_ m: WorkOrderModel, viewer: Principal, org: OrgDirectory, handling: HandlingView? = nil) {
        let showsName = PersonalData.showsName(viewer)
        id = m.id!
        code = m.code
        channel = m.channel
        channelRef = m.channelRef
        requestKind = m.requestKind
        categoryCode = m.categoryCode
        urgency = m.urgency
        longitude = m.longitude
        latitude = m.latitude
        address = m.address
        requesterName = showsName ? m.requesterName : Masking.name(m.requesterName)
        requesterPhone = Masking.phone(m.requesterPhone)
        anonymous = m.anonymous
        content = m.content
        leadUnit = org.unit(m.leadUnitID)?.code
        state = m.state
        suspended = m.suspended
        round = m.round
        light = m.light
        dueAt = m.dueAt
        reply = m.reply
        followUp = m.followUpSatisfaction.map { FollowUpDTO(resolved: m.followUpResolved, satisfaction: $0) }
        supervisionCount = m.supervisionCount
        publicConsent = m.publicConsent
        publishedAt = m.publishedAt
        let st = WorkOrderState(rawValue: m.state) ?? .accepted
        allowedActions = WorkOrderTransitions.allowedActions(from: st, suspended: m.suspended)
            .filter { a in viewer.role.map { OrderPermissions.may($0, a) } ?? false }
            .filter { a in !(viewer.role == .unitHandler && OrderPermissions.unitBound.contains(a) && m.leadUnitID != viewer.unitID) }
            // The lead unit does not assist on its own order.
            .filter { a in !(viewer.role == .unitHandler && [.assistSignFor, .assistReport].contains(a) && m.leadUnitID == viewer.unitID) }
            .filter { a in handling?.applies(a, to: viewer, order: m, org: org) ?? true }
            // Publishing is only for an answered letter whose writer agreed, once.
            .filter { a in a != .publish || (OrderWorkflow.letterChannels.contains(m.channel) && m.publicConsent == true && m.publishedAt == nil && m.reply != nil) }
            .map(\.rawValue)
        createdAt = m.createdAt
        updatedAt = m.updatedAt
        closedAt = m.closedAt
    }
}

struct EventDTO: Content {
    var seq: Int
    var action: String
    var actionName: String
    var at: Date
    var actor: String
    var actorRole: String
    var actorUnit: String?
    var targetUnit: String?
    var fromState: String?
    var toState: String
    var note: String
    var data: [String: String]

    init(_ e: OrderEventModel, org: OrgDirectory) {
        seq = e.seq
        action = e.action
        actionName = OrderAction(rawValue: e.action)?.nameZh ?? e.action
        at = e.at
        actor = e.actorName
        actorRole = e.actorRole
        actorUnit = org.unit(e.actorUnitID)?.code
        targetUnit = org.unit(e.targetUnitID)?.code
        fromState = e.fromState
        toState = e.toState
        note = e.note
        data = (try? JSONDecoder().decode([String: String].self, from: Data(e.data.utf8))) ?? [:]
    }
}

struct DeadlineDTO: Content {
    var kind: String
    var round: Int
    var startedAt: Date
    var timeLimit: String
    var extensions: [String]
    var warnAt: Date?
    var dueAt: Date?
    var status: String
    var light: String
    var paused: Bool
    var stoppedAt: Date?

    init(_ d: DeadlineModel, clock: DeadlineClock?) {
        kind = d.kind
        round = d.round
        startedAt = d.startedAt
        timeLimit = d.timeLimit
        extensions = clock?.extensions.map(\.description) ?? []
        warnAt = d.warnAt
        dueAt = d.dueAt
        status = d.status
        light = d.light
        paused = clock?.isPaused ?? false
        stoppedAt = d.stoppedAt
    }
}

struct Page<T: Content>: Content {
    var items: [T]
    var page: Int
    var per: Int
    var total: Int
}
