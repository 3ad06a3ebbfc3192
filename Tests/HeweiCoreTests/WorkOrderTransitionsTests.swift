import Testing
@testable import HeweiCore

@Suite struct WorkOrderTransitionsTests {
    @Test func theHappyPathClosesTheLoop() throws {
        var s = WorkOrderState.accepted
        for action in [OrderAction.dispatch, .signFor, .report, .reply, .recordFollowUp, .close] {
            s = try WorkOrderTransitions.next(from: s, on: action)
        }
        #expect(s == .closed)
    }

    @Test func objectionApprovedGoesBackToDispatched() throws {
        let s = try WorkOrderTransitions.next(from: .objectionPending, on: .approveObjection)
        #expect(s == .dispatched)
        #expect(try WorkOrderTransitions.next(from: .objectionPending, on: .rejectObjection) == .handling)
    }

    @Test func illegalActionNamesStateAndAllowedActions() {
        do {
            _ = try WorkOrderTransitions.next(from: .accepted, on: .report)
            Issue.record("report from accepted must be refused")
        } catch {
            #expect(error.state == .accepted)
            #expect(error.allowed == [.answerAtOnce, .dispatch, .supervise, .amend, .pool, .respondSupervision, .merge, .residentUpdate])
            #expect(error.reason.contains("'report' is not allowed in state 'accepted'"))
        }
    }

    @Test func closedIsTerminal() throws {
        // Nothing leaves `closed`; the resident's rating is the one event still recorded there.
        #expect(WorkOrderTransitions.allowedActions(from: .closed) == [.rate, .publish, .residentUpdate])
        #expect(try WorkOrderTransitions.next(from: .closed, on: .rate) == .closed)
        #expect(throws: IllegalTransition.self) { try WorkOrderTransitions.next(from: .closed, on: .redo) }
        #expect(OrderPermissions.roles(for: .rate).isEmpty)
    }

    @Test func theResidentRatesOnlyAfterTheReply() throws {
        for state in WorkOrderState.allCases {
            let allowed = WorkOrderTransitions.table[state]?[.rate]
            #expect(allowed == ([.replied, .followedUp, .closed].contains(state) ? state : nil), "rate from \(state)")
        }
    }

    @Test func suspendedOrdersOnlyResumeOrAreSupervised() throws {
        #expect(WorkOrderTransitions.allowedActions(from: .handling, suspended: true) == [.supervise, .resume, .respondSupervision, .residentUpdate])
        #expect(throws: IllegalTransition.self) { try WorkOrderTransitions.next(from: .handling, suspended: true, on: .report) }
        #expect(try WorkOrderTransitions.next(from: .handling, suspended: true, on: .resume) == .handling)
    }

    @Test func everyStateIsInTheTableAndEveryTargetIsAState() {
        for state in WorkOrderState.allCases { #expect(WorkOrderTransitions.table[state] != nil) }
        // Every open state can be left by some action other than supervise.
        for state in WorkOrderState.allCases where state.isOpen {
            let moves = WorkOrderTransitions.table[state]!.filter { $0.value != state }
            #expect(!moves.isEmpty, "state \(state) is a dead end")
        }
    }

    @Test func followUpDecidesRedo() {
        #expect(FollowUpResult(resolved: false, satisfaction: .satisfied).requiresRedo)
        #expect(FollowUpResult(resolved: true, satisfaction: .unsatisfied).requiresRedo)
        #expect(!FollowUpResult(resolved: true, satisfaction: .basicallySatisfied).requiresRedo)
        #expect(!FollowUpResult(resolved: nil, satisfaction: .unreachable).requiresRedo)
    }

    @Test func permissions() {
        #expect(OrderPermissions.may(.unitHandler, .signFor))
        #expect(!OrderPermissions.may(.unitHandler, .dispatch))
        #expect(!OrderPermissions.may(.auditor, .close))
        #expect(OrderPermissions.may(.supervisor, .supervise))
    }

    @Test func codesAndMasking() {
        let code = OrderCode(county: "370881", date: CivilDate("2026-11-26")!, sequence: 123)
        #expect(code.description == "370881-20261126-000123")
        #expect(Masking.phone("13812341234") == "138****1234")
        #expect(Masking.name("张三丰") == "张**")
    }
}
