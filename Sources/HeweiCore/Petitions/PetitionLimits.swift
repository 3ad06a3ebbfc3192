/// The statutory time limits of petitions (信访工作条例): data, read from the petitions section of
/// the deployment's configuration (see the server's `petitions.yaml` defaults); these are the clock
/// kinds and their limits.
public struct PetitionLimits: Sendable, Codable, Equatable {
    /// 转送/交办 after registration.
    public var forward: TimeLimit
    /// 是否受理 decision after forwarding.
    public var acceptance: TimeLimit
    /// 办理 after acceptance.
    public var handling: TimeLimit
    /// At most this much extension, once.
    public var extensionMaximum: TimeLimit
    /// 复查 application window, from the reply.
    public var reviewApplication: TimeLimit
    /// 复查 decision.
    public var reviewDecision: TimeLimit
    /// 复核 application window, from the review's reply.
    public var reReviewApplication: TimeLimit
    /// 复核 decision.
    public var reReviewDecision: TimeLimit

    public init(forward: TimeLimit, acceptance: TimeLimit, handling: TimeLimit, extensionMaximum: TimeLimit,
                reviewApplication: TimeLimit, reviewDecision: TimeLimit, reReviewApplication: TimeLimit,
                reReviewDecision: TimeLimit) {
        self.forward = forward
        self.acceptance = acceptance
        self.handling = handling
        self.extensionMaximum = extensionMaximum
        self.reviewApplication = reviewApplication
        self.reviewDecision = reviewDecision
        self.reReviewApplication = reReviewApplication
        self.reReviewDecision = reReviewDecision
    }

    /// The handling limit of a petition of `stage` (review and re-review decide within their own limit).
    public func handlingLimit(for stage: PetitionStage) -> TimeLimit {
        switch stage {
        case .original: return handling
        case .review: return reviewDecision
        case .reReview: return reReviewDecision
        }
    }

    /// The window to apply for the next stage after a reply at `stage` (nil after re-review).
    public func applicationWindow(after stage: PetitionStage) -> TimeLimit? {
        switch stage {
        case .original: return reviewApplication
        case .review: return reReviewApplication
        case .reReview: return nil
        }
    }
}

/// Clock kinds of a petition.
public enum PetitionClockKind: String, Sendable, CaseIterable {
    case forward, acceptance, handling, reviewWindow
}
