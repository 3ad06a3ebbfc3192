import Foundation
import HeweiCore
@testable import HeweiServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// After any sequence of actions, the incrementally swept rollups equal a full recomputation from
/// the orders (the figures' invariant).
@Suite(.serialized) struct RollupPropertyTests {
    static let places: [(Double, Double)] = [(116.99, 35.58), (116.98, 35.59), (117.05, 35.60), (116.92, 35.52), (117.10, 35.66)]
    static let categories = ["0105", "0106", "0201", "0202"]

    @Test(arguments: [UInt64(7), 2026])
    func sweptRollupsEqualAFullRecomputation(seed: UInt64) async throws {
        try await withApp { t in
            try await DemoSeeder(app: t.app).seedGrid()
            var rng = DemoRandom(seed: seed)
            var codes: [String] = []
            let logins = Logins(t: t)
            for user in ["clerk", "dispatcher", "h-zjj", "followup"] { _ = try await logins.headers(user) }
            for step in 0..<70 {
                let roll = rng.below(10)
                if roll < 2 || codes.isEmpty {
                    var input = TestApp.hotlineRequest(category: Self.categories[rng.below(Self.categories.count)])
                    let place = Self.places[rng.below(Self.places.count)]
                    (input.longitude, input.latitude) = place
                    if let o = try await t.intake(input, as: try await logins.headers("clerk")) { codes.append(o.code) }
                } else if roll < 8 {
                    try await Self.advance(codes[rng.below(codes.count)], t: t, logins: logins, rng: &rng)
                } else {
                    t.clock.advance(by: TimeInterval(1_800 * (1 + rng.below(30))))
                }
                if rng.below(4) == 0 || step == 69 { try await t.sweep() }
            }
            let sql = t.app.db as! any SQLDatabase
            let full = try await RollupRebuild.compute(sql: sql, calendar: t.app.hewei.rules.current.calendar, org: t.app.hewei.org)
            var expected = full.result
            expected.compact()
            let stored = try await Self.stored(sql)
            #expect(stored.flows.count == expected.flows.count)
            for (key, m) in expected.flows where stored.flows[key] != m {
                Issue.record("flow \(key): stored \(String(describing: stored.flows[key])) expected \(m)")
            }
            for (key, _) in stored.flows where expected.flows[key] == nil { Issue.record("extra flow \(key)") }
            #expect(stored.gauges == expected.gauges)
            #expect(full.orders == codes.count)
            // the sequence went far enough to exercise every counter
            let city = expected.flows.filter { $0.key.area == RollupKey.city && $0.key.dim == "" && !RollupBuckets.isMonth($0.key.bucket) }
                .values.reduce(RollupMeasures(), +)
            #expect(city.intake == codes.count && city.dispatched > 0 && city.due > 0 && city.followedUp > 0)
            // and a rebuild from scratch writes exactly the same
            let report = try await RollupRebuild(db: t.app.db, gate: t.app.hewei.gate, calendar: t.app.hewei.rules.current.calendar,
                                                 org: t.app.hewei.org).run()
            #expect(report.orders == codes.count)
            #expect(try await Self.stored(sql) == stored)
        }
    }

    /// Moves one order a step along its loop, as the role that may (some steps are refused; fine).
    static func advance(_ code: String, t: TestApp, logins: Logins, rng: inout DemoRandom) async throws {
        let dispatcher = try await logins.headers("dispatcher")
        let state = try await t.order(code, as: dispatcher).state
        func attempt(_ action: String, _ input: ActionInput = ActionInput(), as user: String) async throws {
            let headers = try await logins.headers(user)
            try await t.app.testing().test(.POST, "/api/v1/orders/\(code)/actions/\(action)", beforeRequest: { req in
                req.headers = headers
                try req.content.encode(input)
            }, afterResponse: { res in
                #expect(res.status == .ok || res.status == .conflict, "\(action): \(res.body.string)")
            })
        }
        switch state {
        case "dispatched": try await attempt("signFor", as: "h-zjj")
        case "handling":
            if rng.below(3) == 0 {
                try await attempt("amend", ActionInput(note: "改分类", categoryCode: categories[rng.below(categories.count)]), as: "dispatcher")
            } else {
                try await attempt("report", ActionInput(note: "已处理"), as: "h-zjj")
            }
        case "reported": try await attempt("reply", ActionInput(reply: "已处理完毕"), as: "dispatcher")
        case "replied":
            if rng.below(4) == 0 {
                // an unanswered call; the third makes the requester unreachable
                try await attempt("followUpAttempt", ActionInput(note: "无人接听"), as: "followup")
            } else {
                let s = ["satisfied", "basicallySatisfied", "unsatisfied"][rng.below(3)]
                try await attempt("recordFollowUp", ActionInput(resolved: rng.below(2) == 0, satisfaction: s), as: "followup")
            }
        case "followedUp": try await attempt("close", as: "dispatcher")
        default: break
        }
    }

    /// One 30-day machine token per account (sign-in is rate limited per address, and a session
    /// would expire as the clock jumps ahead).
    final class Logins: @unchecked Sendable {
        let t: TestApp
        var tokens: [String: HTTPHeaders] = [:]
        var admin: HTTPHeaders?
        init(t: TestApp) { self.t = t }

        func headers(_ user: String) async throws -> HTTPHeaders {
            if let h = tokens[user] { return h }
            if admin == nil { admin = try await t.login("secadmin") }
            var secret = ""
            try await t.app.testing().test(.POST, "/api/v1/tokens", beforeRequest: { req in
                req.headers = self.admin!
                try req.content.encode(TokensController.NewToken(username: user, name: "property test", scopes: ["orders:read", "orders:write"], days: 30))
            }, afterResponse: { res in
                #expect(res.status == .created || res.status == .ok, "token for \(user): \(res.body.string)")
                secret = (try? res.content.decode(TokensController.IssuedToken.self).token) ?? ""
            })
            var h = HTTPHeaders()
            h.bearerAuthorization = BearerAuthorization(token: secret)
            tokens[user] = h
            return h
        }
    }

    struct Stored: Equatable {
        var flows: [RollupKey: RollupMeasures] = [:]
        var gauges: [RollupGaugeKey: RollupGauges] = [:]
    }

    /// The rollup tables' non-zero rows.
    static func stored(_ sql: any SQLDatabase) async throws -> Stored {
        var s = Stored()
        for r in try await sql.raw("SELECT * FROM rollup_flows").all() {
            let m = RollupMeasures(values: try RollupMeasures.columns.map { try r.decode(column: $0, as: Int.self) })
            if !m.isZero {
                s.flows[RollupKey(bucket: try r.decode(column: "bucket", as: Int.self), area: try r.decode(column: "area", as: String.self),
                                  dim: try r.decode(column: "dim", as: String.self))] = m
            }
        }
        for r in try await sql.raw("SELECT * FROM rollup_gauges").all() {
            let v = try RollupGauges.columns.map { try r.decode(column: $0, as: Int.self) }
            let g = RollupGauges(open: v[0], yellow: v[1], red: v[2])
            if !g.isZero { s.gauges[RollupGaugeKey(area: try r.decode(column: "area", as: String.self), dim: try r.decode(column: "dim", as: String.self))] = g }
        }
        return s
    }
}

extension DemoRandom {
    /// Uniform in 0..<n.
    mutating func below(_ n: Int) -> Int { int(0...(n - 1)) }
}
