import Foundation

/// The clearance board (清零): the unresolved backlog of each unit or town, how old it is, how
/// much of it is a second round (二次派送), and its trend day by day towards zero.
public enum Clearance {
    /// One order as the board needs it.
    public struct Item: Sendable, Hashable {
        public var group: String
        public var createdAt: Date
        /// Nil while open.
        public var closedAt: Date?
        public var round: Int

        public init(group: String, createdAt: Date, closedAt: Date?, round: Int) {
            self.group = group
            self.createdAt = createdAt
            self.closedAt = closedAt
            self.round = round
        }
    }

    public struct Row: Sendable, Hashable, Codable {
        public var group: String
        /// Open now.
        public var open: Int
        /// Open now, by age since registration: under 1 day, 1–3 days, 3–7 days, over 7 days.
        public var ageBuckets: [Int]
        /// Open now and sent back at least once (round > 1).
        public var redone: Int
        /// The backlog at the end of each of the last days, oldest first; the last is now.
        public var trend: [Int]
        /// Backlog now minus backlog at the start of the trend: negative is progress.
        public var change: Int
        public var oldestOpenAt: Date?
    }

    public static let bucketEdges: [TimeInterval] = [86_400, 3 * 86_400, 7 * 86_400]

    /// Rows sorted by backlog, largest first (then by group). `days` trend points end at `now`,
    /// one per 24 hours. Items must include every order open at some point of the trend.
    public static func board(_ items: [Item], now: Date, days: Int) -> [Row] {
        let points = (0..<max(days, 1)).map { now.addingTimeInterval(-Double(max(days, 1) - 1 - $0) * 86_400) }
        func openAt(_ i: Item, _ t: Date) -> Bool { i.createdAt <= t && (i.closedAt.map { $0 > t } ?? true) }
        return Dictionary(grouping: items, by: \.group).map { group, items in
            let open = items.filter { openAt($0, now) }
            var buckets = [0, 0, 0, 0]
            for i in open {
                let age = now.timeIntervalSince(i.createdAt)
                buckets[bucketEdges.firstIndex { age < $0 } ?? bucketEdges.count] += 1
            }
            let trend = points.map { t in items.filter { openAt($0, t) }.count }
            return Row(group: group, open: open.count, ageBuckets: buckets, redone: open.filter { $0.round > 1 }.count,
                       trend: trend, change: trend.last! - trend.first!, oldestOpenAt: open.map(\.createdAt).min())
        }
        .sorted { ($0.open, $1.group) > ($1.open, $0.group) }
    }
}
