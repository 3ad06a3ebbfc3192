import Fluent
import Foundation
import HeweiCore
import SQLKit

/// Raises warnings and moves them through their lifecycle. Raising inserts under the unique index on
/// `dedupe_key` (the condition and its period): when the same condition was already raised nothing new
/// is written (the existing warning stays), so two instances sweeping at once raise it once. Any other
/// conflict (a code collision) fails loudly rather than dropping the warning.
enum RiskWarningBook {
    static let system = Principal.system

    /// Inserts the warning and its creation event unless one with the same key is open. True when raised.
    @discardableResult
    static func raise(_ w: RiskWarningModel, by actor: Principal = system, on db: any Database) async throws -> Bool {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            INSERT INTO risk_warnings (id, code, kind, level, subject, explanation, dedupe_key, open_key, state, version,
                order_code, raised_at, updated_at)
            VALUES (\(bind: w.id!), \(bind: w.code), \(bind: w.kind), \(bind: w.level), \(bind: w.subject), \(bind: w.explanation),
                \(bind: w.dedupeKey), \(bind: w.openKey), \(bind: w.state), 1, \(bind: w.orderCode), \(bind: w.raisedAt), \(bind: w.updatedAt))
            ON CONFLICT (dedupe_key) DO NOTHING RETURNING id
            """).all()
        guard !rows.isEmpty else { return false }
        try await CaseEventLog.append(.riskWarning, w.id!, seq: 1, action: "raise", from: nil, to: RiskWarningState.raised.rawValue,
                                      by: actor, note: w.explanation, data: ["kind": w.kind, "subject": w.subject], at: w.raisedAt, on: db)
        return true
    }

    /// The warnings the extreme-risk words in an order's text raise (one per order, naming every word found).
    static func extremeWords(in content: String, orderCode: String, words: RiskWords, at now: Date) -> RiskWarningModel? {
        let found = words.matches(in: content)
        guard !found.isEmpty else { return nil }
        let list = found.map { "“\($0.text)”（\(kindName($0.kind))）" }.joined(separator: "、")
        let text = "工单 \(orderCode) 的诉求内容含极端风险词 \(list)；按极端风险词规则立即提示市中心研判处置。"
        return RiskWarningModel(kind: .extremeWords, subject: orderCode, explanation: text,
                                dedupeKey: "extremeWords:\(orderCode)", orderCode: orderCode, at: now)
    }

    static func kindName(_ kind: String) -> String {
        switch kind {
        case "selfHarm": return "自伤自杀"
        case "violence": return "暴力"
        case "gathering": return "群体聚集"
        case "wageArrears": return "欠薪"
        default: return kind
        }
    }

    /// Acknowledge or handle, with a note; the transition table decides (409 otherwise).
    static func act(code: String, _ action: RiskWarningAction, note: String, by actor: Principal, at now: Date,
                    on db: any Database) async throws -> RiskWarningModel {
        guard let found = try await RiskWarningModel.query(on: db).filter(\.$code == code).first() else {
            throw HeweiError.notFound("risk warning")
        }
        let seq = try await CaseEventLog.lock(.riskWarning, found.id!, on: db)
        guard let w = try await RiskWarningModel.find(found.id!, on: db) else { throw HeweiError.notFound("risk warning") }
        let from = RiskWarningState(rawValue: w.state) ?? .raised
        let to: RiskWarningState
        do { to = try RiskWarningLifecycle.table.next(from: from, on: action) } catch { throw HeweiError.illegalRecordTransition(error) }
        w.state = to.rawValue
        w.version = seq
        w.updatedAt = now
        if to == .acknowledged { w.acknowledgedAt = now }
        if to == .handled { w.handledAt = now; w.openKey = nil }
        try await w.save(on: db)
        try await CaseEventLog.append(.riskWarning, w.id!, seq: seq, action: action.rawValue, from: from.rawValue, to: to.rawValue,
                                      by: actor, note: note, at: now, on: db)
        return w
    }
}
