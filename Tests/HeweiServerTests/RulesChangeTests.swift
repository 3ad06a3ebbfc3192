import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

@Suite(.serialized) struct RulesChangeTests {
    @Test func theShippedCalendarKnowsTheStatutoryHolidays() async throws {
        try await withApp(seedOrganisation: false) { t in
            let lines = CalendarListing.lines(app: t.app, year: 2026)
            #expect(lines.first == "2026-01-01 off 元旦")
            #expect(lines.contains("2026-01-04 work 调休"))
            #expect(lines.contains("2026-02-23 off 春节"))
            #expect(lines.contains("2026-10-10 work 调休"))
            #expect(lines == lines.sorted())
            #expect(CalendarListing.lines(app: t.app, year: 2024).contains("2024-10-07 off 国庆节"))
            #expect(CalendarListing.lines(app: t.app, year: 2025).count == 23)
        }
    }

    @Test func aNewDayOffMovesOpenDeadlinesAndIsRecorded() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), admin = try await t.login("sysadmin")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let due = try #require(order.dueAt)
            // only the system administrator may change the calendar, and bad days are refused
            try await t.app.testing().test(.POST, "/api/v1/calendar/days", beforeRequest: { req in
                req.headers = clerk
                try req.content.encode(RulesController.CalendarChange(days: [.init(date: "2026-11-30", kind: "off", name: "x")], note: "x"))
            }, afterResponse: { res in #expect(res.status == .forbidden) })
            try await t.app.testing().test(.POST, "/api/v1/calendar/days", beforeRequest: { req in
                req.headers = admin
                try req.content.encode(RulesController.CalendarChange(days: [.init(date: "2026-11-31", kind: "off", name: "x")], note: "x"))
            }, afterResponse: { res in #expect(res.status == .badRequest) })
            // a local day off on Monday 30 November
            try await t.app.testing().test(.POST, "/api/v1/calendar/days", beforeRequest: { req in
                req.headers = admin
                try req.content.encode(RulesController.CalendarChange(days: [.init(date: "2026-11-30", kind: "off", name: "地方节日")], note: "县政府通知"))
            }, afterResponse: { res in
                #expect(res.status == .ok)
                // the sign-for clock (due today) does not move; the handling clock does
                let result = try res.content.decode(RulesController.ChangeResult.self)
                #expect(result.deadlinesMoved == 1)
            })
            let moved = try #require(try await t.order(order.code, as: clerk).dueAt)
            #expect(moved.timeIntervalSince(due) == 86_400)
            #expect(try await t.timeline(order.code, as: clerk).last?.action == "recomputeDeadlines")
            let changes = try await t.get("/api/v1/config-changes", as: admin, [RulesController.ConfigChangeDTO].self)
            #expect(changes.first?.subject == "calendar")
            #expect(changes.first?.note == "县政府通知")
            #expect(try await t.get("/api/v1/calendar/2026", as: clerk, [RulesController.CalendarDayDTO].self)
                .contains { $0.date == "2026-11-30" && $0.kind == "off" })
            // the same change again moves nothing and adds no event (times come back rounded from the database)
            let events = try await t.timeline(order.code, as: clerk).count
            try await t.app.testing().test(.POST, "/api/v1/calendar/days", beforeRequest: { req in
                req.headers = admin
                try req.content.encode(RulesController.CalendarChange(days: [.init(date: "2026-11-30", kind: "off", name: "地方节日")], note: "重复"))
            }, afterResponse: { res in
                #expect(res.status == .ok)
                let again = try res.content.decode(RulesController.ChangeResult.self)
                #expect(again.deadlinesMoved == 0)
            })
            #expect(try await t.timeline(order.code, as: clerk).count == events)
        }
    }

    @Test func aPolicyChangeRecomputesHandlingLimits() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), admin = try await t.login("sysadmin")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let due = try #require(order.dueAt)
            var policy = t.context.rules.current.policy
            policy.general.handling = .workingDays(3)
            try await t.app.testing().test(.PUT, "/api/v1/policy", beforeRequest: { req in
                req.headers = admin
                try req.content.encode(RulesController.PolicyChange(timeLimits: policy, note: "试行三日办结"))
            }, afterResponse: { res in #expect(res.status == .ok, "\(res.body.string)") })
            let moved = try #require(try await t.order(order.code, as: clerk).dueAt)
            // 5 → 3 working days from Thursday: Tuesday instead of Thursday
            #expect(due.timeIntervalSince(moved) == 2 * 86_400)
            #expect(try await t.get("/api/v1/policy", as: clerk, RulesController.PolicyDTO.self).timeLimits.general.handling == .workingDays(3))
            // a bad policy is refused and changes nothing
            var json = admin
            json.contentType = .json
            try await t.app.testing().test(.PUT, "/api/v1/policy", headers: json,
                                           body: ByteBuffer(string: #"{"timeLimits": {"objectionWindow": "soon"}, "note": "x"}"#)) { res in
                #expect(res.status == .badRequest)
            }
            // an absurdly long limit (found by schemathesis: it overflowed the clock and crashed the server) is a 400
            let huge = #"""
            {"note": "0", "timeLimits": {"critical": {"signFor": "2 working days", "handling": "2 working hours"}, "followUp": "3 working days",
             "objectionWindow": "42698056606933 days", "general": {"handling": "5 working days", "signFor": "10 working days"},
             "extensionMaximum": "24 hours", "supervisionResponse": "1 working hour", "urgent": {"signFor": "2 working hours", "handling": "2 working hours"},
             "warning": {"fraction": 0.25, "before": "24 hours"}}}
            """#
            try await t.app.testing().test(.PUT, "/api/v1/policy", headers: json, body: ByteBuffer(string: huge)) { res in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("at most 3660 days"))
            }
            #expect(t.context.rules.current.policy.general.handling == .workingDays(3))
        }
    }
}
