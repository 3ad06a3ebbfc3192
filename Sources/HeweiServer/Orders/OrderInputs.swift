import Foundation
import HeweiCore
import Vapor

/// A request as registered at intake (API body and console form).
public struct IntakeInput: Content, Sendable {
    public var channel: String
    public var channelRef: String?
    /// Absent: the channel's default kind.
    public var requestKind: String?
    public var categoryCode: String
    public var urgency: String?
    public var longitude: Double?
    public var latitude: Double?
    public var address: String
    public var requesterName: String?
    public var requesterPhone: String?
    public var anonymous: Bool?
    public var content: String
    /// `auto` (the category's default unit), a unit code, or absent to leave it for a dispatcher.
    public var dispatchTo: String?
    /// An answer given on the spot (即办): the order is closed at intake.
    public var answerAtOnce: String?
    /// For letters (书记信箱, 网络问政): the writer agrees that the letter and its answer may be
    /// published without personal data.
    public var publicConsent: Bool?
    /// The dispatch suggestion the intake page showed (recorded in the intake event with whether
    /// the clerk kept it); absent when none was shown.
    public var suggestion: IntakeSuggestion? = nil
}

/// What the smart dispatch suggestion proposed for a request at intake (issue 7).
public struct IntakeSuggestion: Content, Sendable, Equatable {
    /// The model's generation (`dispatch_models.generation`).
    public var generation: Int
    /// The top category suggested.
    public var category: String
    /// The top unit suggested, if any.
    public var unit: String?
    /// Whether the page pre-selected them (the model was confident).
    public var preselected: Bool?
}

/// The body of an action on an order; which fields are needed depends on the action.
public struct ActionInput: Content, Sendable {
    public var note: String?
    /// Target unit code for dispatch, reassign, approveObjection and redo (`auto` = category default).
    public var unit: String?
    /// For requestExtension: e.g. "3 working days".
    public var `extension`: String?
    /// For reply and answerAtOnce: the answer to the resident.
    public var reply: String?
    /// For recordFollowUp.
    public var resolved: Bool?
    public var satisfaction: String?
    /// For amend: a new minor category, location (both coordinates) and/or address.
    public var categoryCode: String?
    public var longitude: Double?
    public var latitude: Double?
    public var address: String?
    /// For pool (the eligible units) and addAssisting (the assisting units): unit codes.
    public var units: [String]?
    /// For pool: how long the pool stays open (default: the policy's claim window).
    public var window: String?
    /// For respondSupervision: which open notice (default: the oldest addressed to the caller's unit).
    public var notice: UUID?
    /// For merge: the parent order's code or id.
    public var parent: String?
    /// For publish: the letter as it is to be shown publicly (default: its text with phone and ID numbers removed).
    public var publicText: String?
    /// For residentUpdate (Open311 clients only): the client's own id of the update.
    public var externalID: String?

    public init(note: String? = nil, unit: String? = nil, extension: String? = nil, reply: String? = nil,
                resolved: Bool? = nil, satisfaction: String? = nil, categoryCode: String? = nil,
                longitude: Double? = nil, latitude: Double? = nil, address: String? = nil, units: [String]? = nil,
                window: String? = nil, notice: UUID? = nil, parent: String? = nil, externalID: String? = nil) {
        self.externalID = externalID
        self.units = units
        self.window = window
        self.notice = notice
        self.parent = parent
        self.categoryCode = categoryCode
        self.longitude = longitude
        self.latitude = latitude
        self.address = address
        self.note = note
        self.unit = unit
        self.extension = `extension`
        self.reply = reply
        self.resolved = resolved
        self.satisfaction = satisfaction
    }
}

/// Field checks shared by intake and actions; every failure names the field.
enum Validate {
    /// A whole-number query parameter (page, per…): the default when absent, 400 outside the range.
    static func int(_ v: String?, _ field: String, default d: Int, range: ClosedRange<Int>) throws -> Int {
        guard let v, !v.isEmpty else { return d }
        guard let n = Int(v), range.contains(n) else {
            throw HeweiError.invalidField(field, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    static func text(_ value: String?, _ field: String, max: Int, required: Bool = true) throws -> String {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if required && trimmed.isEmpty { throw HeweiError.invalidField(field, "is required") }
        if trimmed.count > max { throw HeweiError.invalidField(field, "must be at most \(max) characters") }
        return trimmed
    }

    static func choice<E: RawRepresentable & CaseIterable>(_ value: String?, _ field: String, as: E.Type) throws -> E where E.RawValue == String {
        guard let value, let e = E(rawValue: value) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            throw HeweiError.invalidField(field, "must be one of: \(allowed)")
        }
        return e
    }

    static func phone(_ value: String?, _ field: String) throws -> String {
        let p = (value ?? "").trimmingCharacters(in: .whitespaces)
        let allowed = CharacterSet(charactersIn: "0123456789-+ ")
        guard (5...20).contains(p.count), p.unicodeScalars.allSatisfy(allowed.contains) else {
            throw HeweiError.invalidField(field, "must be a phone number of 5 to 20 digits")
        }
        return p
    }
}
