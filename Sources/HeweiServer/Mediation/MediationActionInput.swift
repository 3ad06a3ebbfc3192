import Foundation
import HeweiCore
import Vapor

/// The body of `POST /api/v1/mediation/cases/{code}/{action}`: each action reads the fields it needs.
struct MediationActionInput: Content, Sendable {
    var note: String?
    // consent
    var party: String?
    var agrees: Bool?
    // assign
    var roomCode: String?
    var teamCode: String?
    var mediators: [String]?
    // recordSession
    var at: Date?
    var place: String?
    var attendees: [String]?
    var record: String?
    // escalate
    var reason: String?
    // convene / conclude
    var scheduledAt: Date?
    var units: [String]?
    var conclusions: String?
    // settle
    var kind: String?
    var responsibilities: String?
    var terms: String?
    var performanceManner: String?
    var performanceDeadline: Date?
    var effectiveAt: Date?
    // fail
    var advice: String?
    // applyConfirmation / recordConfirmation
    var court: String?
    var decision: String?
    // followUp
    var performed: Bool?
    var satisfaction: String?

    static func text(_ value: String?, _ field: String, min: Int = 1, max: Int = 4000) throws -> String {
        let t = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard t.count >= min, t.count <= max else {
            throw HeweiError.invalidField(field, min <= 1 ? "required (at most \(max) characters)" : "give \(min)–\(max) characters")
        }
        return t
    }

    static func list(_ value: [String]?, _ field: String) throws -> [String] {
        let items = (value ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !items.isEmpty, items.count <= 30 else { throw HeweiError.invalidField(field, "give 1–30 entries") }
        return items
    }
}
