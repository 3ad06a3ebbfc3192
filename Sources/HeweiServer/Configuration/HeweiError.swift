import HeweiCore
import Vapor

/// Every error a client can see. Each has a stable machine code and a human reason; the error
/// middleware renders it as JSON for the API and as a page for the console.
public enum HeweiError: Error, Sendable {
    case invalidField(String, String)
    /// A grid file with problems; every problem is listed.
    case invalidGrid([String])
    /// An import file with bad rows; every problem is listed with its line number.
    case invalidRows([String])
    case notFound(String)
    case unauthenticated
    case invalidCredentials
    case forbidden(String)
    case illegalTransition(IllegalTransition)
    /// An action refused by a case record's transition table (mediation, petition, reception, visit).
    case illegalRecordTransition(RecordTransitionError)
    case conflict(String)
    case rule(String)
    case tooManyRequests
    /// Too many wrong passwords: the account is locked for a while.
    case locked
    case internalFailure(String)
}

extension HeweiError: AbortError {
    public var status: HTTPResponseStatus {
        switch self {
        case .invalidField, .invalidGrid, .invalidRows: return .badRequest
        case .notFound: return .notFound
        case .unauthenticated, .invalidCredentials: return .unauthorized
        case .forbidden: return .forbidden
        case .illegalTransition, .illegalRecordTransition, .conflict, .rule: return .conflict
        case .tooManyRequests: return .tooManyRequests
        case .locked: return .unauthorized
        case .internalFailure: return .internalServerError
        }
    }

    public var code: String {
        switch self {
        case .invalidField: return "invalid_field"
        case .invalidGrid: return "invalid_grid"
        case .invalidRows: return "invalid_rows"
        case .notFound: return "not_found"
        case .unauthenticated: return "unauthenticated"
        case .invalidCredentials: return "invalid_credentials"
        case .forbidden: return "forbidden"
        case .illegalTransition, .illegalRecordTransition: return "illegal_transition"
        case .conflict: return "conflict"
        case .rule: return "rule_violation"
        case .tooManyRequests: return "too_many_requests"
        case .locked: return "account_locked"
        case .internalFailure: return "internal_error"
        }
    }

    public var reason: String {
        switch self {
        case let .invalidField(field, why): return "\(field): \(why)"
        case let .invalidGrid(problems): return "the grid has \(problems.count) problem(s); nothing was stored"
        case let .invalidRows(problems): return "the file has \(problems.count) problem(s); nothing was stored"
        case let .notFound(what): return "\(what) not found"
        case .unauthenticated: return "sign in or send a valid bearer token"
        case .invalidCredentials: return "wrong username or password"
        case let .forbidden(why): return why
        case let .illegalTransition(t): return t.reason
        case let .illegalRecordTransition(t): return t.reason
        case let .conflict(why): return why
        case let .rule(why): return why
        case .tooManyRequests: return "too many requests from this address; wait a minute and try again"
        case .locked: return "too many wrong passwords: the account is locked for a while; try later or ask the security administrator"
        case .internalFailure: return "internal error"
        }
    }

    /// The field named by a 400, for clients that highlight it.
    public var field: String? {
        if case let .invalidField(f, _) = self { return f }
        return nil
    }
}
