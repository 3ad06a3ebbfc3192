import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// The role × resource matrix of docs/SECURITY.md: the documented table must be the code's
/// (`AccessPolicy`, `OrderPermissions`), and every role must get exactly the documented answer for
/// every row, through the API and through the console pages.
@Suite(.serialized) struct AccessMatrixTests {
    @Test func theDocumentedMatrixIsThePolicy() throws {
        let doc = try DocumentedMatrix.load()
        #expect(doc.roles == Role.allCases.map(\.rawValue), "the matrix's columns must be the 13 roles, in order")
        let code = DocumentedMatrix.fromCode()
        let docKeys = doc.rows.map(\.key)
        #expect(Set(docKeys).count == docKeys.count, "a row is documented twice")
        #expect(Set(docKeys) == Set(code.keys),
                "rows only in the doc: \(Set(docKeys).subtracting(code.keys).sorted()); only in the code: \(Set(code.keys).subtracting(docKeys).sorted())")
        for row in doc.rows {
            guard let expected = code[row.key] else { continue }
            for role in Role.allCases {
                #expect(row.allowed.contains(role) == expected.contains(role),
                        "\(row.key) × \(role.rawValue): doc says \(row.allowed.contains(role) ? "✓" : "·"), code says \(expected.contains(role) ? "✓" : "·")")
            }
        }
        // Separation of duties, as the doc states it.
        for row in doc.rows {
            let family = row.key.split(separator: ".").first.map(String.init) ?? ""
            if ["users", "tokens", "audit"].contains(family) { #expect(!row.allowed.contains(.systemAdmin), "\(row.key)") }
            // The security administrator reads reference data (units, categories) to place accounts
            // in units; it changes nothing but accounts and tokens.
            if !["users", "tokens", "reference"].contains(family) { #expect(!row.allowed.contains(.securityAdmin), "\(row.key)") }
            if !["audit", "configChanges"].contains(family) { #expect(!row.allowed.contains(.auditor), "\(row.key)") }
        }
    }

    @Test func everyRoleGetsExactlyTheDocumentedAnswerFromTheAPI() async throws {
        let doc = try DocumentedMatrix.load()
        try await withApp { t in
            let places = try await t.gridWithTwoPlaces()
            let dispatcher = try await Matrix.apiLogin(t, "dispatcher")
            try await t.assign("gridworker", to: places.here[1], by: dispatcher)
            let clerk = try await Matrix.apiLogin(t, "clerk")
            // Order A is read and revealed; order B takes the action probes (which may change its state).
            let orderA = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let orderB = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let lead = try #require(orderA.leadUnit)
            #expect(orderB.leadUnit == lead)
            let handlerName = "h-" + lead.lowercased()

            var as_: [Role: HTTPHeaders] = [.intakeClerk: clerk, .dispatcher: dispatcher]
            for role in Role.allCases where as_[role] == nil {
                as_[role] = try await Matrix.apiLogin(t, Matrix.username(role, handler: handlerName))
            }
            let accounts = as_
            func who(_ role: Role) -> HTTPHeaders { accounts[role]! }

            // Grid data in the worker's cell: a resident, an open patrol, a second assignment to end.
            let record = try await t.send(.POST, "/api/v1/grid/base-data/residents", as: who(.gridWorker),
                                          body: TestApp.residentJSON(cell: places.here[0]), expect: .created)
            let recordID = try Matrix.string(record.text, "id")
            let patrol = try await t.send(.POST, "/api/v1/grid/patrols", as: who(.gridWorker),
                                          body: #"{"cellCode":"\#(places.here[1])","note":"例行巡查"}"#, expect: .created)
            let patrolID = try Matrix.string(patrol.text, "id")
            let extra = try await t.send(.POST, "/api/v1/grid/assignments", as: dispatcher,
                                         body: #"{"username":"gridworker","cellCode":"\#(places.there[1])","kind":"worker"}"#, expect: .created)
            let assignmentID = try Matrix.string(extra.text, "id")
            // Accounts and tokens.
            let clerkMe = try await t.send(.GET, "/api/v1/me", as: clerk, expect: .ok)
            let clerkID = try Matrix.string(clerkMe.text, "id")
            let city = try Matrix.string(clerkMe.text, "unit")
            let issued = try await t.send(.POST, "/api/v1/tokens", as: who(.securityAdmin),
                                          body: #"{"username":"dispatcher","name":"矩阵测试","scopes":["orders:read"],"days":30}"#, expect: .created)
            let tokenID = try #require((try JSONSerialization.jsonObject(with: Data(issued.text.utf8)) as? [String: Any])
                .flatMap { $0["info"] as? [String: Any] }?["id"] as? String)
            let intakeBody = String(decoding: try JSONEncoder().encode(TestApp.hotlineRequest(dispatchTo: nil)), as: UTF8.self)
            let base = "/api/v1/grid/base-data/residents"

            // Petitions: one forwarded to the handler's unit (read, reveal; the change probe accepts it).
            let petitionBody = TestApp.petitionJSON()
            let petition = try await t.send(.POST, "/api/v1/petitions", as: who(.petitionStaff), body: petitionBody, expect: .created)
            let petitionCode = try Matrix.string(petition.text, "code")
            try await t.send(.POST, "/api/v1/petitions/\(petitionCode)/actions/forward", as: who(.petitionStaff),
                             body: #"{"unitCode":"\#(lead)"}"#, expect: .ok)
            // Reception and hall: a day with room for every allowed role's booking, one booking for the
            // change probe (the first allowed role records the outcome, the next gets 409), one waiting visitor.
            let receptionDay = try await t.send(.POST, "/api/v1/reception/days", as: who(.petitionStaff),
                                                body: TestApp.receptionDayJSON(date: "2026-11-26", capacity: 50), expect: .created)
            let receptionDayID = try Matrix.string(receptionDay.text, "id")
            let receptionBooking = try await t.send(.POST, "/api/v1/reception/days/\(receptionDayID)/bookings", as: who(.petitionStaff),
                                                    body: TestApp.bookingJSON(), expect: .created)
            let receptionBookingID = try Matrix.string(receptionBooking.text, "id")
            let hallVisit = try await t.send(.POST, "/api/v1/hall/visits", as: clerk, body: TestApp.visitJSON("jointPetition"), expect: .created)
            let hallVisitID = try Matrix.string(hallVisit.text, "id")
            // Mediation: one case in a city-centre room (read, reveal, change probes; the mediator assigns it).
            let mediationCase = try await t.send(.POST, "/api/v1/mediation/cases", as: who(.mediator),
                                                 body: TestApp.mediationOpening(room: "370881000000-01"), expect: .created)
            let mediationCode = try Matrix.string(mediationCase.text, "code")
            // Risk warnings: one raised warning (read and change probes; 409 once another role handled it).
            let riskWarning = RiskWarningModel(kind: .extremeWords, subject: "probe", explanation: "探针", dedupeKey: "probe", at: t.clock.now())
            try await t.app.db.write(gate: t.context.gate) { db in try await RiskWarningBook.raise(riskWarning, on: db) }
            let riskCode = riskWarning.code
            /// The request for a row, and the statuses an allowed role may get besides 2xx-by-default.
            func probe(_ row: String) throws -> Matrix.Probe {
                switch row {
                case "orders.list": return .init(.GET, "/api/v1/orders", ok: [200])
                case "orders.read": return .init(.GET, "/api/v1/orders/\(orderA.code)", ok: [200])
                case "orders.export": return .init(.GET, "/api/v1/orders/export", ok: [200])
                case "orders.create", "order.accept": return .init(.POST, "/api/v1/orders", intakeBody, ok: [201])
                case "orders.reveal": return .init(.POST, "/api/v1/orders/\(orderA.code)/reveal", #"{"reason":"回访需要联系诉求人"}"#, ok: [200])
                // No route checks reference.list; the reference routes check reference.read (the same roles).
                case "reference.list": return .init(.GET, "/api/v1/units", ok: [200])
                case "reference.read": return .init(.GET, "/api/v1/grid/cells/\(places.here[1])", ok: [200])
                case "configuration.change":
                    return .init(.POST, "/api/v1/calendar/days", #"{"days":[{"date":"2026-12-31","kind":"off","name":"地方假日"}],"note":"市政府通知。"}"#, ok: [200])
                case "configChanges.list": return .init(.GET, "/api/v1/config-changes", ok: [200])
                // The list route checks baseData.read (the same roles as baseData.list).
                case "baseData.list": return .init(.GET, base, ok: [200])
                case "baseData.read": return .init(.GET, "\(base)/\(recordID)", ok: [200])
                // The bulk import: the one create route open to both roles (the single-record POST is
                // the grid workers' alone; it refuses the system administrator on purpose).
                case "baseData.create":
                    return .init(.POST, "/api/v1/grid/base-data/buildings/import", "cellCode,name,type,address,floors\n\(places.here[0]),1号楼,residential,五马祠街12号,6\n",
                                 contentType: .csv, ok: [200])
                case "baseData.change": return .init(.PUT, "\(base)/\(recordID)", TestApp.residentJSON(cell: places.here[0]), ok: [200])
                case "baseData.reveal": return .init(.POST, "\(base)/\(recordID)/reveal", #"{"reason":"入户走访核实"}"#, ok: [200])
                case "patrols.list": return .init(.GET, "/api/v1/grid/patrols", ok: [200])
                case "patrols.read": return .init(.GET, "/api/v1/grid/patrols/\(patrolID)", ok: [200])
                // 409: the worker's patrol from the setup is still open (one open patrol at a time).
                case "patrols.create": return .init(.POST, "/api/v1/grid/patrols", #"{"cellCode":"\#(places.here[1])"}"#, ok: [201, 409])
                case "patrols.change": return .init(.POST, "/api/v1/grid/patrols/\(patrolID)/findings", #"{"text":"井盖缺失。"}"#, ok: [201])
                case "gridAssignments.list": return .init(.GET, "/api/v1/grid/assignments", ok: [200])
                // 409: the second allowed role repeats the first one's assignment.
                case "gridAssignments.create":
                    return .init(.POST, "/api/v1/grid/assignments", #"{"username":"gridworker","cellCode":"\#(places.there[0])","kind":"worker"}"#, ok: [201, 409])
                // 409: the second allowed role ends the assignment the first one ended.
                case "gridAssignments.change": return .init(.POST, "/api/v1/grid/assignments/\(assignmentID)/end", ok: [200, 409])
                case "users.list": return .init(.GET, "/api/v1/users", ok: [200])
                case "users.read": return .init(.GET, "/api/v1/users/\(clerkID)", ok: [200])
                case "users.create":
                    return .init(.POST, "/api/v1/users", #"{"username":"matrix.clerk","displayName":"话务员 矩阵","role":"intakeClerk","unit":"\#(city)","password":"Qufu-2026-pass"}"#, ok: [201])
                case "users.change": return .init(.PATCH, "/api/v1/users/\(clerkID)", #"{"displayName":"话务员 王芳"}"#, ok: [200])
                case "tokens.list": return .init(.GET, "/api/v1/tokens", ok: [200])
                case "tokens.create": return .init(.POST, "/api/v1/tokens", #"{"username":"dispatcher","name":"矩阵","scopes":["orders:read"]}"#, ok: [201])
                case "tokens.change": return .init(.POST, "/api/v1/tokens/\(tokenID)/revoke", ok: [200])
                case "audit.list": return .init(.GET, "/api/v1/audit", ok: [200])
                case "audit.verify": return .init(.GET, "/api/v1/audit/verify", ok: [200])
                case "evaluation.list": return .init(.GET, "/api/v1/evaluation?minimumSample=1", ok: [200])
                case "evaluation.export": return .init(.GET, "/api/v1/evaluation?format=csv", ok: [200])
                // The action itself: order B is in every allowed role's scope. Its state decides whether
                // an allowed role succeeds (200), lacks input (400) or may not do it now (409); any of
                // these proves the permission passed (404 would mean the order fell out of scope).
                case let r where r.hasPrefix("order."):
                    let action = String(r.dropFirst("order.".count))
                    // Not a user action: the action route refuses it to everyone as unknown (404).
                    if [OrderAction.recomputeDeadlines, .rate, .residentUpdate].map(\.rawValue).contains(action) {
                        // (403 first for roles that may not read orders at all.)
                        return .init(.POST, "/api/v1/orders/\(orderB.code)/actions/\(action)", ok: [], refused: [403, 404])
                    }
                    return .init(.POST, "/api/v1/orders/\(orderB.code)/actions/\(action)", ok: [200, 400, 409])
                case "petitions.list": return .init(.GET, "/api/v1/petitions", ok: [200])
                case "petitions.read": return .init(.GET, "/api/v1/petitions/\(petitionCode)", ok: [200])
                case "petitions.create": return .init(.POST, "/api/v1/petitions", petitionBody, ok: [201])
                // The first allowed role accepts it (200); the next finds it accepted already (409).
                case "petitions.change":
                    return .init(.POST, "/api/v1/petitions/\(petitionCode)/actions/accept", #"{"decision":"予以受理"}"#, ok: [200, 409])
                case "petitions.reveal": return .init(.POST, "/api/v1/petitions/\(petitionCode)/reveal", #"{"reason":"电话告知受理决定"}"#, ok: [200])
                case "petitions.export": return .init(.GET, "/api/v1/petitions/export", ok: [200])
                case "reception.list": return .init(.GET, "/api/v1/reception/days", ok: [200])
                case "reception.read": return .init(.GET, "/api/v1/reception/days/\(receptionDayID)", ok: [200])
                case "reception.create": return .init(.POST, "/api/v1/reception/days/\(receptionDayID)/bookings", TestApp.bookingJSON(), ok: [201])
                case "reception.change":
                    return .init(.POST, "/api/v1/reception/bookings/\(receptionBookingID)/outcome", #"{"outcome":"answered","note":"当场答复。"}"#, ok: [200, 409])
                case "hall.list": return .init(.GET, "/api/v1/hall/visits", ok: [200])
                case "hall.read": return .init(.GET, "/api/v1/hall/visits/\(hallVisitID)", ok: [200])
                case "hall.create": return .init(.POST, "/api/v1/hall/visits", TestApp.visitJSON("lawRelated"), ok: [201])
                case "hall.change": return .init(.POST, "/api/v1/hall/areas/jointPetition/call-next", #"{"counter":"1号窗口"}"#, ok: [200, 409])
                case "mediation.list": return .init(.GET, "/api/v1/mediation/cases", ok: [200])
                case "mediation.read": return .init(.GET, "/api/v1/mediation/cases/\(mediationCode)", ok: [200])
                case "mediation.export": return .init(.GET, "/api/v1/mediation/cases/export", ok: [200])
                case "mediation.create": return .init(.POST, "/api/v1/mediation/cases", TestApp.mediationOpening(room: "370881000000-01"), ok: [201])
                case "mediation.change":
                    return .init(.POST, "/api/v1/mediation/cases/\(mediationCode)/assign", #"{"teamCode":"family","mediators":["M002"]}"#, ok: [200])
                case "mediation.reveal": return .init(.POST, "/api/v1/mediation/cases/\(mediationCode)/reveal", #"{"reason":"通知当事人到场调解"}"#, ok: [200])
                case "riskWarnings.list": return .init(.GET, "/api/v1/risk/warnings", ok: [200])
                case "riskWarnings.read": return .init(.GET, "/api/v1/risk/warnings/\(riskCode)", ok: [200])
                case "riskWarnings.change":
                    return .init(.POST, "/api/v1/risk/warnings/\(riskCode)/actions/acknowledge", #"{"note":"已研判"}"#, ok: [200, 409])
                default:
                    throw Matrix.Unprobed(row: row)
                }
            }

            var probes = 0
            for row in doc.rows {
                let p = try probe(row.key)
                for role in Role.allCases {
                    let reply = try await t.send(p.method, p.path, as: who(role), body: p.body, contentType: p.contentType)
                    let code = reply.status.code
                    probes += 1
                    let what = "API \(p.method) \(p.path) as \(role.rawValue) [\(row.key)]: \(code) \(reply.text.prefix(200))"
                    if row.allowed.contains(role) {
                        #expect(code != 401 && code != 403, "documented ✓ — \(what)")
                        if let ok = p.ok { #expect(ok.contains(code), "documented ✓, expected \(ok.sorted()) — \(what)") }
                    } else {
                        #expect(p.refused.contains(code), "documented · — \(what)")
                    }
                }
            }
            #expect(probes == doc.rows.count * Role.allCases.count)
        }
    }

    @Test func everyRoleGetsTheSameAnswerFromThePages() async throws {
        let doc = try DocumentedMatrix.load()
        let allowed = Dictionary(uniqueKeysWithValues: doc.rows.map { ($0.key, $0.allowed) })
        try await withApp { t in
            let places = try await t.gridWithTwoPlaces()
            let dispatcher = try await Matrix.apiLogin(t, "dispatcher")
            try await t.assign("gridworker", to: places.here[1], by: dispatcher)
            let clerk = try await Matrix.apiLogin(t, "clerk")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let handlerName = "h-" + (try #require(order.leadUnit)).lowercased()
            var cookies: [Role: HTTPHeaders] = [:]
            for role in Role.allCases {
                t.clock.advance(by: 7)  // the sign-in rate limit: 10 at once, one more every 6 seconds
                cookies[role] = try await signIn(t, Matrix.username(role, handler: handlerName))
            }

            struct Page { let row: String; let method: HTTPMethod; let path: String; let fields: [String: String] }
            let pages = [
                Page(row: "orders.list", method: .GET, path: "/console/orders", fields: [:]),
                Page(row: "orders.read", method: .GET, path: "/console/orders/\(order.code)", fields: [:]),
                Page(row: "orders.reveal", method: .POST, path: "/console/orders/\(order.code)/reveal", fields: ["reason": "回访需要联系诉求人"]),
                Page(row: "orders.create", method: .GET, path: "/console/intake", fields: [:]),
                Page(row: "reference.read", method: .GET, path: "/console/grid", fields: [:]),
                Page(row: "reference.read", method: .GET, path: "/console/grid/cells/\(places.here[1])", fields: [:]),
                // The patrol page is where patrols are started: for grid workers only.
                Page(row: "patrols.create", method: .GET, path: "/console/patrols", fields: [:]),
                Page(row: "audit.list", method: .GET, path: "/console/audit", fields: [:]),
                Page(row: "evaluation.list", method: .GET, path: "/console/evaluation", fields: [:]),
                Page(row: "evaluation.list", method: .GET, path: "/console/dashboard", fields: [:]),
                Page(row: "evaluation.list", method: .GET, path: "/console/briefings/daily", fields: [:]),
                Page(row: "reception.list", method: .GET, path: "/console/reception", fields: [:]),
                Page(row: "hall.list", method: .GET, path: "/console/hall", fields: [:]),
                Page(row: "petitions.list", method: .GET, path: "/console/petitions", fields: [:]),
                Page(row: "mediation.list", method: .GET, path: "/console/mediation", fields: [:]),
                Page(row: "riskWarnings.list", method: .GET, path: "/console/risk", fields: [:]),
            ]

            for page in pages {
                let roles = try #require(allowed[page.row], "no documented row \(page.row)")
                for role in Role.allCases {
                    let headers = try #require(cookies[role])
                    let res = page.method == .GET ? try await get(t, page.path, headers) : try await post(t, page.path, page.fields, headers)
                    let code = res.status.code
                    let what = "page \(page.method) \(page.path) as \(role.rawValue) [\(page.row)]: \(code)"
                    if roles.contains(role) {
                        #expect(code == 200, "documented ✓ — \(what)")
                    } else {
                        #expect(code == 403, "documented · — \(what)")
                    }
                }
            }
        }
    }
}

// MARK: - The documented matrix

struct DocumentedMatrix {
    struct Row {
        let key: String
        let allowed: Set<Role>
    }

    let roles: [String]
    let rows: [Row]

    static var url: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/SECURITY.md").standardized
    }

    /// The table between `<!-- matrix:begin -->` and `<!-- matrix:end -->`: a header row of role raw
    /// values, a separator, then one row per `resource.operation` or `order.<action>` with ✓ or ·.
    static func load() throws -> DocumentedMatrix {
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let begin = try #require(lines.firstIndex { $0.contains("<!-- matrix:begin -->") }, "docs/SECURITY.md has no matrix")
        let end = try #require(lines[begin...].firstIndex { $0.contains("<!-- matrix:end -->") }, "the matrix is not closed")
        let table = lines[(begin + 1)..<end].map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("|") }
        func cells(_ line: String) -> [String] {
            line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        try #require(table.count > 2, "the matrix is empty")
        let roles = Array(cells(table[0]).dropFirst())
        var rows: [Row] = []
        for line in table.dropFirst(2) {
            let c = cells(line)
            try #require(c.count == roles.count + 1, "malformed matrix row: \(line)")
            var allowed: Set<Role> = []
            for (name, mark) in zip(roles, c.dropFirst()) {
                try #require(mark == "✓" || mark == "·", "cell must be ✓ or ·: \(line)")
                if mark == "✓" { allowed.insert(try #require(Role(rawValue: name), "unknown role \(name)")) }
            }
            rows.append(Row(key: c[0].replacingOccurrences(of: "`", with: ""), allowed: allowed))
        }
        return DocumentedMatrix(roles: roles, rows: rows)
    }

    /// The same table from the code.
    static func fromCode() -> [String: Set<Role>] {
        var table: [String: Set<Role>] = [:]
        for resource in Resource.allCases {
            for operation in AccessOperation.allCases {
                let roles = AccessPolicy.roles(resource, operation)
                if !roles.isEmpty { table["\(resource.rawValue).\(operation.rawValue)"] = roles }
            }
        }
        for action in OrderAction.allCases { table["order.\(action.rawValue)"] = OrderPermissions.roles(for: action) }
        return table
    }
}

// MARK: - Helpers

enum Matrix {
    struct Probe {
        let method: HTTPMethod
        let path: String
        let body: String?
        /// Statuses an allowed role may get; nil: anything but 401 and 403.
        let ok: Set<UInt>?
        /// The status a refused role gets.
        let refused: Set<UInt>
        let contentType: HTTPMediaType

        init(_ method: HTTPMethod, _ path: String, _ body: String? = nil, contentType: HTTPMediaType = .json, ok: Set<UInt>?,
             refused: Set<UInt> = [403]) {
            (self.method, self.path, self.body, self.ok, self.refused, self.contentType) = (method, path, body, ok, refused, contentType)
        }
    }

    struct Unprobed: Error, CustomStringConvertible {
        let row: String
        var description: String { "no API probe for the documented row \(row)" }
    }

    /// One demo account per role; the unit handler is the one whose unit leads the test order.
    static func username(_ role: Role, handler: String) -> String {
        switch role {
        case .resident: return "resident"
        case .intakeClerk: return "clerk"
        case .dispatcher: return "dispatcher"
        case .unitHandler: return handler
        case .gridWorker: return "gridworker"
        case .mediator: return "mediator"
        case .petitionStaff: return "petition"
        case .supervisor: return "supervisor"
        case .followUpAgent: return "followup"
        case .leader: return "leader"
        case .systemAdmin: return "sysadmin"
        case .securityAdmin: return "secadmin"
        case .auditor: return "auditor"
        }
    }

    /// A bearer sign-in, after moving the clock past the sign-in rate limit (10 at once, then one
    /// every 6 seconds).
    static func apiLogin(_ t: TestApp, _ username: String) async throws -> HTTPHeaders {
        t.clock.advance(by: 7)
        return try await t.login(username)
    }

    static func string(_ json: String, _ key: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return try #require(object?[key] as? String, "no '\(key)' in \(json.prefix(200))")
    }
}
