import HeweiCore
import Testing

@Suite struct ReceptionTransitionsTests {
    @Test func aBookingIsAnsweredReferredCancelledOrMissedOnlyWhileBooked() throws {
        let t = ReceptionBookings.table
        #expect(try t.next(from: .booked, on: .cancel) == .cancelled)
        #expect(try t.next(from: .booked, on: .answer) == .answered)
        #expect(try t.next(from: .booked, on: .referToOrder) == .referred)
        #expect(try t.next(from: .booked, on: .referToPetition) == .referred)
        #expect(try t.next(from: .booked, on: .referToMediation) == .referred)
        #expect(try t.next(from: .booked, on: .noShow) == .noShow)
        for done in [ReceptionBookingState.cancelled, .answered, .referred, .noShow] {
            #expect(t.allowed(from: done).isEmpty)
            #expect(throws: RecordTransitionError.self) { try t.next(from: done, on: .answer) }
        }
        #expect(t.states == Set(ReceptionBookingState.allCases))
    }

    @Test func aRefusalNamesTheStateAndTheAllowedActions() {
        do {
            _ = try ReceptionBookings.table.next(from: .cancelled, on: .cancel)
            Issue.record("cancelling twice was allowed")
        } catch {
            #expect(error.state == "cancelled")
            #expect(error.allowed.isEmpty)
        }
        #expect(ReceptionOutcome.allCases.map(\.action) == [.answer, .referToOrder, .referToPetition, .referToMediation, .noShow])
    }
}
