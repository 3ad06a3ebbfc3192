import Fluent
import Foundation
import HeweiCore
import Vapor

/// The tracking code (查询码) of a portal submission and what a resident may see with it.
enum PortalTracking {
    /// 31 characters that cannot be confused when read aloud or copied by hand (no 0/O, 1/I/L).
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    static let length = 10

    /// A new random code from the system's cryptographic generator: 31^10 ≈ 8·10^14 codes.
    static func newCode() -> String {
        var rng = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
    }

    /// `ABCDE-FGHJK`: easier to read out and copy.
    static func display(_ code: String) -> String {
        guard code.count == length else { return code }
        return String(code.prefix(5)) + "-" + String(code.suffix(5))
    }

    /// What the resident typed, as stored: upper case, without spaces and dashes; nil when it
    /// cannot be a code (then nothing is looked up).
    static func normalise(_ input: String?) -> String? {
        let code = (input ?? "").uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard code.count == length, code.allSatisfy(alphabet.contains) else { return nil }
        return code
    }

    /// The order for a code and the last four digits of the requester's phone (anonymous requests:
    /// the code alone). Every mismatch is the same `nil`: a wrong code and a wrong phone cannot be
    /// told apart.
    static func find(code: String?, phone: String?, on db: any Database) async throws -> WorkOrderModel? {
        guard let code = normalise(code),
              let order = try await WorkOrderModel.query(on: db).filter(\.$trackingCode == code).first() else { return nil }
        if order.anonymous { return order }
        let digits = order.requesterPhone.filter(\.isNumber)
        let given = (phone ?? "").filter(\.isNumber)
        guard given.count == 4, digits.count >= 4, CSRFMiddleware.same(String(digits.suffix(4)), given) else { return nil }
        return order
    }

    /// One line of the public timeline.
    struct Step {
        var at: Date
        var text: String
        /// Text written for the resident (a reply), shown in full.
        var detail: String?
    }

    /// The public timeline: only the milestones a resident may know — received, passed to a unit,
    /// signed for, handled, the reply, the follow-up, closed, the resident's own rating — never
    /// staff notes, staff names, objections, extensions, supervision or reveals.
    static func publicTimeline(_ order: WorkOrderModel, org: OrgDirectory, lang: Lang, on db: any Database) async throws -> [Step] {
        let events = try await OrderEventModel.query(on: db).filter(\.$orderID == order.id!).sort(\.$seq).all()
        var steps: [Step] = []
        for e in events {
            guard let action = OrderAction(rawValue: e.action) else { continue }
            let unit = org.unit(e.targetUnitID).map { lang.t($0.name, $0.nameEn) }
            switch action {
            case .accept:
                steps.append(Step(at: e.at, text: lang.t("诉求已受理", "Request received")))
            case .dispatch, .reassign, .approveObjection, .claim:
                if let unit { steps.append(Step(at: e.at, text: lang.t("已转交 \(unit)", "Passed to \(unit)"))) }
            case .redo:
                if let unit { steps.append(Step(at: e.at, text: lang.t("重新办理，已转交 \(unit)", "Handled again, passed to \(unit)"))) }
            case .signFor, .rejectObjection:
                steps.append(Step(at: e.at, text: lang.t("承办单位已签收，办理中", "Signed for by the unit: being handled")))
            case .report:
                steps.append(Step(at: e.at, text: lang.t("已办理，正在准备答复", "Handled: the reply is being prepared")))
            case .reply, .answerAtOnce:
                steps.append(Step(at: e.at, text: lang.t("已答复", "Answered"), detail: e.note))
            case .recordFollowUp:
                steps.append(Step(at: e.at, text: lang.t("已回访", "Followed up")))
            case .close:
                steps.append(Step(at: e.at, text: lang.t("已办结", "Closed")))
            case .merge:
                steps.append(Step(at: e.at, text: lang.t("与同类诉求合并办理", "Handled together with similar requests")))
            case .rate:
                let s = satisfaction(of: e).map { ConsoleFormat.satisfaction($0.rawValue, lang: lang) } ?? ""
                steps.append(Step(at: e.at, text: lang.t("您已评价：\(s)", "You rated it: \(s)")))
            default:
                continue
            }
        }
        return steps
    }

    static func satisfaction(of event: OrderEventModel) -> Satisfaction? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(event.data.utf8)) as? [String: Any],
              let raw = object["satisfaction"] as? String else { return nil }
        return Satisfaction(rawValue: raw)
    }

    /// The resident's rating, if given.
    static func rating(of order: WorkOrderModel, on db: any Database) async throws -> Satisfaction? {
        let event = try await OrderEventModel.query(on: db).filter(\.$orderID == order.id!)
            .filter(\.$action == OrderAction.rate.rawValue).first()
        return event.flatMap(satisfaction(of:))
    }

    /// Whether the order may be rated now (after the reply), by the transition table.
    /// How many photos the resident added with the request (those the portal stored; the staff's
    /// own attachments are not counted). The track page shows the number only, never the photos.
    static func photoCount(of order: WorkOrderModel, on db: any Database) async throws -> Int {
        try await AttachmentModel.query(on: db).filter(\.$orderID == order.id!).filter(\.$addedByID == nil)
            .filter(\.$addedBy == Principal.portal.name).count()
    }

    static func rateable(_ order: WorkOrderModel) -> Bool {
        guard let state = WorkOrderState(rawValue: order.state), !order.suspended else { return false }
        return WorkOrderTransitions.table[state]?[.rate] != nil
    }

    /// The state in plain words.
    static func stateText(_ order: WorkOrderModel, lang: Lang) -> String {
        switch WorkOrderState(rawValue: order.state) ?? .accepted {
        case .accepted, .pooled: return lang.t("已受理，正在分派", "Received, being assigned")
        case .dispatched, .objectionPending: return lang.t("已转交承办单位", "Passed to the responsible unit")
        case .handling, .extensionPending: return lang.t("正在办理", "Being handled")
        case .reported: return lang.t("已办理，正在准备答复", "Handled, the reply is being prepared")
        case .replied, .followedUp: return lang.t("已答复", "Answered")
        case .closed: return lang.t("已办结", "Closed")
        case .merged: return lang.t("与同类诉求合并办理中", "Handled together with similar requests")
        }
    }
}
