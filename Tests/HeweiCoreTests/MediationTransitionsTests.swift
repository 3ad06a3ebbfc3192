import HeweiCore
import Testing

@Suite struct MediationTransitionsTests {
    let table = MediationTransitions.table

    @Test func theHappyPathLeadsFromAcceptanceToClosure() throws {
        var s = MediationState.accepted
        for a in [MediationAction.assign, .recordSession, .escalate, .assign, .recordSession, .settle, .applyConfirmation, .followUp, .close] {
            s = try table.next(from: s, on: a)
        }
        #expect(s == .closed)
    }

    @Test func noMediationWithoutConsentAndNothingAfterTheEnd() {
        #expect(throws: RecordTransitionError.self) { try table.next(from: .declined, on: .assign) }
        #expect(table.allowed(from: .declined).isEmpty)
        #expect(table.allowed(from: .closed).isEmpty)
        #expect(table.allowed(from: .awaitingConsent) == [.consent, .decline])
        do {
            _ = try table.next(from: .accepted, on: .settle)
            Issue.record("settle before any session must be refused")
        } catch {
            #expect(error.state == "accepted")
            #expect(error.allowed == ["assign", "decline", "escalate", "convene", "conclude"])
        }
    }

    @Test func everyStateIsReachableAndOnlyEndedCasesAreNotOpen() throws {
        #expect(table.states == Set(MediationState.allCases))
        #expect(MediationState.allCases.filter { !$0.isOpen } == [.settled, .failed, .declined, .closed])
        #expect(try table.next(from: .inMediation, on: .fail) == .failed)
        #expect(try table.next(from: .failed, on: .close) == .closed)
    }
}
