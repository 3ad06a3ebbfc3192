/// The one transition table of petitions. Review (复查) and re-review (复核) are not transitions of
/// this table: they are new, linked petitions (stage `review` / `reReview`, parent = the replied one)
/// that go through the same table.
public enum PetitionTransitions {
    public static let table = TransitionTable<PetitionState, PetitionAction>(record: "petition", [
        (.registered, .forward, .forwarded),
        (.registered, .notAccept, .notAccepted),
        (.forwarded, .accept, .accepted),
        (.forwarded, .notAccept, .notAccepted),
        (.accepted, .startHandling, .handling),
        (.accepted, .transferToMediation, .transferredToMediation),
        (.accepted, .reply, .replied),
        (.handling, .extend, .extended),
        (.handling, .reply, .replied),
        (.handling, .transferToMediation, .transferredToMediation),
        (.extended, .reply, .replied),
        (.extended, .transferToMediation, .transferredToMediation),
        (.replied, .close, .closed),
    ])

    /// States in which a petition is finished (no clock runs except the review window).
    public static let finalStates: Set<PetitionState> = [.notAccepted, .transferredToMediation, .closed]
}
