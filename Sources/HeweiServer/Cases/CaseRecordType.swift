import Foundation

/// The record types beside work orders that keep their own state, event log and clocks
/// (issue 5): people's-mediation cases, petitions, leader-reception bookings and walk-in visits.
/// Each lives in its own table with at least `id` (uuid), `state` (string) and `version` (int);
/// their events go to `case_events` and their clocks to `case_clocks`.
enum CaseRecordType: String, Sendable, Codable, CaseIterable {
    case mediation
    case petition
    case reception
    /// The reception days themselves (changes and cancellations).
    case receptionDay
    case hallVisit
    /// Risk early warnings (issue 7).
    case riskWarning

    /// The table that holds the records (its `version` column is the event sequence).
    var table: String {
        switch self {
        case .mediation: return "mediation_cases"
        case .petition: return "petitions"
        case .reception: return "reception_bookings"
        case .receptionDay: return "reception_days"
        case .hallVisit: return "hall_visits"
        case .riskWarning: return "risk_warnings"
        }
    }
}
