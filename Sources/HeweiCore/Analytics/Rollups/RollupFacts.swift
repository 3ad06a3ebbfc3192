import Foundation

/// Everything about one work order that the figures count, reduced to plain values. The rollup
/// sweeper keeps the facts it last counted for each order; when the order changes it subtracts the
/// old facts' contribution and adds the new one, so the rollups never need a scan of the orders.
public struct RollupFacts: Hashable, Sendable {
    /// One finished (or overdue) clock: the day it counts in, and whether it was kept.
    public struct Outcome: Hashable, Sendable {
        public var day: Int
        public var onTime: Bool
        public init(day: Int, onTime: Bool) {
            self.day = day
            self.onTime = onTime
        }
    }

    /// The follow-up call (回访) the order's figures use: the latest one.
    public struct FollowUp: Hashable, Sendable {
        public var day: Int
        public var resolved: Bool
        public var reached: Bool
        public var satisfied: Bool
        public init(day: Int, resolved: Bool, reached: Bool, satisfied: Bool) {
            self.day = day
            self.resolved = resolved
            self.reached = reached
            self.satisfied = satisfied
        }
    }

    /// The day it was registered, `yyyymmdd`.
    public var createdDay: Int
    public var channel: String
    public var category: String
    /// The grid cells it lies in, large (town) → micro; `nil` where it has no cell of that level.
    public var cells: [String?]
    /// The lead unit's code.
    public var unit: String?
    /// Not closed and not merged into another order.
    public var open: Bool
    /// The order's light while open: green, yellow or red.
    public var light: String
    /// Sign-for clocks, counted on the day of dispatch.
    public var signFors: [Outcome]
    /// Handling clocks that came due, counted on the day they finished or fell due.
    public var handlings: [Outcome]
    public var followUp: FollowUp?

    public init(createdDay: Int, channel: String, category: String, cells: [String?], unit: String?,
                open: Bool, light: String, signFors: [Outcome] = [], handlings: [Outcome] = [], followUp: FollowUp? = nil) {
        self.createdDay = createdDay
        self.channel = channel
        self.category = category
        self.cells = cells
        self.unit = unit
        self.open = open
        self.light = light
        self.signFors = signFors
        self.handlings = handlings
        self.followUp = followUp
    }
}

// MARK: - Compact text form (the rollup marks table keeps one per order)

extension RollupFacts {
    private static let field: Character = "\u{1F}"
    private static let item: Character = "\u{1E}"

    /// `v1` + fields separated by U+001F; lists separated by U+001E. Short: millions are stored.
    public var encoded: String {
        func outcomes(_ list: [Outcome]) -> String { list.map { "\($0.day)\($0.onTime ? "+" : "-")" }.joined(separator: String(Self.item)) }
        let follow = followUp.map { "\($0.day)\($0.resolved ? "r" : "")\($0.reached ? "c" : "")\($0.satisfied ? "s" : "")" } ?? ""
        return ["v1", "\(createdDay)", channel, category, cells.map { $0 ?? "" }.joined(separator: String(Self.item)),
                unit ?? "", open ? "1" : "0", light, outcomes(signFors), outcomes(handlings), follow]
            .joined(separator: String(Self.field))
    }

    public init?(encoded text: String) {
        let f = text.split(separator: Self.field, omittingEmptySubsequences: false).map(String.init)
        guard f.count == 11, f[0] == "v1", let created = Int(f[1]) else { return nil }
        func outcomes(_ s: String) -> [Outcome]? {
            if s.isEmpty { return [] }
            var list: [Outcome] = []
            for part in s.split(separator: Self.item) {
                guard let sign = part.last, sign == "+" || sign == "-", let day = Int(part.dropLast()) else { return nil }
                list.append(Outcome(day: day, onTime: sign == "+"))
            }
            return list
        }
        guard let signFors = outcomes(f[8]), let handlings = outcomes(f[9]) else { return nil }
        var follow: FollowUp?
        if !f[10].isEmpty {
            let digits = f[10].prefix { $0.isNumber }
            guard let day = Int(digits) else { return nil }
            let flags = f[10].dropFirst(digits.count)
            follow = FollowUp(day: day, resolved: flags.contains("r"), reached: flags.contains("c"), satisfied: flags.contains("s"))
        }
        let cells = f[4].split(separator: Self.item, omittingEmptySubsequences: false).map { $0.isEmpty ? nil : String($0) }
        self.init(createdDay: created, channel: f[2], category: f[3], cells: cells, unit: f[5].isEmpty ? nil : f[5],
                  open: f[6] == "1", light: f[7], signFors: signFors, handlings: handlings, followUp: follow)
    }
}
