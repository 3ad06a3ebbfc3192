import Fluent
import Foundation
import HeweiCore

/// The clocks of a mediation case, through `CaseClockBook`:
/// - `duration`: from acceptance, `caseDays` statutory days (default 30; "generally within one month");
/// - `confirmation`: the joint application for judicial confirmation, 30 statutory days from the
///   agreement taking effect (stopped when the application is recorded);
/// - `performance`: the follow-up on performance, due at the agreement's performance deadline.
enum MediationClocks {
    static let duration = "duration", confirmation = "confirmation", performance = "performance"

    static func startDuration(_ id: UUID, context: HeweiContext, now: Date, on db: any Database) async throws {
        try await CaseClockBook(rules: context.rules.current)
            .start(.mediation, id, kind: duration, limit: .statutoryDays(MediationOrganisation.settings.caseDays), now: now, on: db)
    }

    /// On an agreement: the confirmation window from `effectiveAt`, and the performance follow-up.
    static func startAfterAgreement(_ id: UUID, effectiveAt: Date, performanceDue: Date?, context: HeweiContext,
                                    now: Date, on db: any Database) async throws {
        let book = CaseClockBook(rules: context.rules.current)
        try await book.start(.mediation, id, kind: confirmation, limit: .statutoryDays(MediationOrganisation.settings.confirmationDays),
                             startedAt: effectiveAt, now: now, on: db)
        if let due = performanceDue {
            let minutes = max(1, Int((due.timeIntervalSince(effectiveAt) / 60).rounded(.up)))
            try await book.start(.mediation, id, kind: performance, limit: .minutes(minutes), startedAt: effectiveAt, now: now, on: db)
        }
    }
}
