import Fluent
import Foundation
import HeweiCore
import Vapor

/// One risk early warning (风险预警). `dedupeKey` names the condition and its period (unique: raised
/// once, across instances); `openKey` holds it while the warning is open (raised or acknowledged) and
/// is cleared when it is handled (unique: one open warning per condition). Never deleted.
final class RiskWarningModel: Model, @unchecked Sendable {
    static let schema = "risk_warnings"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "kind") var kind: String
    /// The centre level it is addressed to (`city` for extreme words and the periodic rules).
    @Field(key: "level") var level: String
    /// What it is about: an order code, `cell × category`, a masked phone, a unit code.
    @Field(key: "subject") var subject: String
    /// The rule and the numbers that triggered it (Chinese).
    @Field(key: "explanation") var explanation: String
    @Field(key: "dedupe_key") var dedupeKey: String
    @OptionalField(key: "open_key") var openKey: String?
    @Field(key: "state") var state: String
    @Field(key: "version") var version: Int
    @OptionalField(key: "order_code") var orderCode: String?
    @Field(key: "raised_at") var raisedAt: Date
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "handled_at") var handledAt: Date?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    /// A new raised warning (not stored).
    init(kind: RiskWarningKind, subject: String, explanation: String, dedupeKey: String, orderCode: String? = nil, at now: Date) {
        let id = OrderedID.make()
        self.id = id
        self.code = "RW" + Self.stamp(now) + "-" + String(id.uuidString.replacingOccurrences(of: "-", with: "").suffix(8))
        self.kind = kind.rawValue
        self.level = "city"
        self.subject = String(subject.prefix(200))
        self.explanation = String(explanation.prefix(2000))
        self.dedupeKey = dedupeKey
        self.openKey = dedupeKey
        self.state = RiskWarningState.raised.rawValue
        self.version = 1
        self.orderCode = orderCode
        self.raisedAt = now
        self.updatedAt = now
    }

    static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyyMMddHHmmss"
        return f.string(from: date)
    }
}

struct RiskWarningDTO: Content {
    var code: String
    var kind: String
    var level: String
    var subject: String
    var explanation: String
    var state: String
    var orderCode: String?
    var raisedAt: Date
    var acknowledgedAt: Date?
    var handledAt: Date?
    var allowedActions: [String]
    var events: [CaseEventDTO]?

    init(_ m: RiskWarningModel, events: [CaseEventModel]? = nil) {
        code = m.code
        kind = m.kind
        level = m.level
        subject = m.subject
        explanation = m.explanation
        state = m.state
        orderCode = m.orderCode
        raisedAt = m.raisedAt
        acknowledgedAt = m.acknowledgedAt
        handledAt = m.handledAt
        allowedActions = RiskWarningState(rawValue: m.state).map { RiskWarningLifecycle.table.allowed(from: $0).map(\.rawValue) } ?? []
        self.events = events.map { $0.map(CaseEventDTO.init) }
    }
}
