import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Accounts, sessions, tokens, CSRF and the audit chain (issue: accounts, roles, scopes, audit).
@Suite(.serialized) struct SecurityTests {
    @Test func consoleFormsWithoutTheCSRFTokenAreRefusedAndChangeNothing() async throws {
        try await withApp { (t: TestApp) in
            // given a page: it sets the CSRF cookie and every post form carries the same token
            let login = try await t.app.testing().sendRequest(.GET, "/console/login")
            let token = try #require(login.headers.setCookie?[CSRFMiddleware.cookie]?.string)
            #expect(login.body.string.contains("name=\"_csrf\" value=\"\(token)\""))
            // when the sign-in form is posted without the token, or with another one, then it is refused
            #expect(try await post(t, "/console/login", ["username": "clerk", "password": DemoAccounts.password, "_csrf": ""]).status == .forbidden)
            #expect(try await post(t, "/console/login", ["username": "clerk", "password": DemoAccounts.password, "_csrf": "forged"]).status == .forbidden)
            // and an intake posted by another site is refused and stores nothing
            let session = try await signIn(t, "clerk")
            let forged = try await post(t, "/console/intake", ["channel": "hotline12345", "requestKind": "help", "categoryCode": "0106",
                                                              "address": "x", "content": "y", "_csrf": "guess"], session)
            #expect(forged.status == .forbidden)
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 0)
            // the signed-in pages carry the token in every post form (sign-out included)
            let page = try await get(t, "/console/intake", session).body.string
            let forms = page.components(separatedBy: "method=\"post\"").count - 1
            #expect(forms >= 2 && page.components(separatedBy: "name=\"_csrf\"").count - 1 == forms)
        }
    }

    @Test func fiveWrongPasswordsLockTheAccountForAWhile() async throws {
        try await withApp { (t: TestApp) in
            func attempt(_ password: String) async throws -> (HTTPStatus, String) {
                let res = try await t.app.testing().sendRequest(.POST, "/api/v1/auth/login", headers: ["Content-Type": "application/json"],
                                                                body: ByteBuffer(string: #"{"username":"clerk","password":"\#(password)"}"#))
                return (res.status, res.body.string)
            }
            for _ in 1...4 { #expect(try await attempt("wrong-1234").0 == .unauthorized) }
            // a good password before the fifth failure resets the count
            #expect(try await attempt(DemoAccounts.password).0 == .ok)
            for _ in 1...5 { #expect(try await attempt("wrong-1234").0 == .unauthorized) }
            // (past the per-address rate limit of 10 sign-ins a minute, which refills)
            #expect(try await attempt("wrong-1234").0 == .tooManyRequests)
            t.clock.advance(by: 60)
            // locked: even the right password is refused, with its own code
            let (status, body) = try await attempt(DemoAccounts.password)
            #expect(status == .unauthorized && body.contains("account_locked"))
            // every attempt is in the audit trail, with the username tried
            let failures = try await AuditEntryModel.query(on: t.app.db).filter(\.$actor == "clerk").filter(\.$kind == "auth").all()
            #expect(failures.filter { $0.action == "auth.login_failed" }.count == 8)
            #expect(failures.contains { $0.action == "auth.locked_out" } && failures.contains { $0.action == "auth.login_locked" })
            // after the lockout the account opens again; the security administrator can also unlock early
            t.clock.advance(by: Accounts.lockout + 1)
            #expect(try await attempt(DemoAccounts.password).0 == .ok)
        }
    }

    @Test func tokensExpireAreScopedAndCanBeRevoked() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk")
            try await t.send(.GET, "/api/v1/me", as: clerk, expect: .ok)
            // an API token lives 12 hours
            t.clock.advance(by: AuthController.apiTokenLifetime + 1)
            try await t.send(.GET, "/api/v1/me", as: clerk, expect: .unauthorized)
            // a machine token issued by the security administrator can do only what its scopes say
            let secadmin = try await t.login("secadmin")
            let issued = try await t.send(.POST, "/api/v1/tokens", as: secadmin,
                                          body: #"{"username":"clerk","name":"12345 bridge (read)","scopes":["orders:read"],"days":30}"#,
                                          expect: .created).decode(TokensController.IssuedToken.self)
            var machine = HTTPHeaders()
            machine.bearerAuthorization = BearerAuthorization(token: issued.token)
            try await t.send(.GET, "/api/v1/orders", as: machine, expect: .ok)
            let refused = try await t.send(.POST, "/api/v1/orders", as: machine, body: #"{"channel":"app"}"#, expect: .forbidden)
            #expect(refused.text.contains("orders:write"))
            try await t.send(.POST, "/api/v1/auth/password", as: machine,
                             body: #"{"currentPassword":"x","newPassword":"y"}"#, expect: .forbidden)
            try await t.send(.POST, "/api/v1/tokens", as: secadmin, body: #"{"username":"clerk","name":"x","scopes":["orders:everything"]}"#,
                             expect: .badRequest)
            // revoked: refused at once (the principal cache forgets it), and the row stays
            try await t.send(.POST, "/api/v1/tokens/\(issued.info.id)/revoke", as: secadmin, expect: .ok)
            try await t.send(.GET, "/api/v1/orders", as: machine, expect: .unauthorized)
            #expect(try await TokenModel.find(issued.info.id, on: t.app.db)?.revokedAt != nil)
        }
    }

    @Test func consoleSessionsEndAfterThirtyIdleMinutes() async throws {
        try await withApp { (t: TestApp) in
            let session = try await signIn(t, "dispatcher")
            #expect(try await get(t, "/console/orders", session).status == .ok)
            t.clock.advance(by: 20 * 60)
            #expect(try await get(t, "/console/orders", session).status == .ok)
            t.clock.advance(by: 20 * 60)
            #expect(try await get(t, "/console/orders", session).status == .ok)
            t.clock.advance(by: Tokens.idleTimeout + 60)
            let after = try await get(t, "/console/orders", session)
            #expect(after.status == .seeOther || after.status == .found)
            #expect(after.headers.first(name: .location)?.hasPrefix("/console/login") == true)
        }
    }

    @Test func onlyTheSecurityAdministratorManagesAccountsWithAPasswordPolicy() async throws {
        try await withApp { (t: TestApp) in
            let secadmin = try await t.login("secadmin"), sysadmin = try await t.login("sysadmin")
            let body = #"{"username":"zhang.wei","displayName":"张伟","role":"dispatcher","unit":"370881000000","password":"Qufu-2026-pass"}"#
            // separation of duties: the system administrator cannot create accounts or read the audit trail
            try await t.send(.POST, "/api/v1/users", as: sysadmin, body: body, expect: .forbidden)
            try await t.send(.GET, "/api/v1/audit", as: sysadmin, expect: .forbidden)
            // and the security administrator cannot change configuration or records, nor read the trail
            try await t.send(.PUT, "/api/v1/policy", as: secadmin, body: "{}", expect: .forbidden)
            try await t.send(.GET, "/api/v1/orders", as: secadmin, expect: .forbidden)
            try await t.send(.GET, "/api/v1/audit", as: secadmin, expect: .forbidden)
            // a weak password is refused and nothing is stored
            let before = try await UserModel.query(on: t.app.db).count()
            let weak = try await t.send(.POST, "/api/v1/users", as: secadmin, body: body.replacingOccurrences(of: "Qufu-2026-pass", with: "123456"),
                                        expect: .badRequest)
            #expect(weak.text.contains("\"field\":\"password\""))
            #expect(try await UserModel.query(on: t.app.db).count() == before)
            let created = try await t.send(.POST, "/api/v1/users", as: secadmin, body: body, expect: .created).decode(UserDTO.self)
            try await t.send(.POST, "/api/v1/users", as: secadmin, body: body, expect: .conflict)
            // the new account signs in; disabled, its token stops working at once
            let zhang = try await t.login("zhang.wei", password: "Qufu-2026-pass")
            try await t.send(.GET, "/api/v1/orders", as: zhang, expect: .ok)
            try await t.send(.POST, "/api/v1/users/\(created.id)/disable", as: secadmin, expect: .ok)
            try await t.send(.GET, "/api/v1/orders", as: zhang, expect: .unauthorized)
            // nobody changes their own role
            let me = try await t.send(.GET, "/api/v1/me", as: secadmin, expect: .ok).decode(UserDTO.self)
            try await t.send(.PATCH, "/api/v1/users/\(me.id)", as: secadmin, body: #"{"role":"auditor"}"#, expect: .forbidden)
        }
    }

    @Test func auditVerifyFindsAnEditedOrDeletedRow() async throws {
        try await withApp { (t: TestApp) in
            // given some writes, each appended to the chain
            let clerk = try await t.login("clerk")
            for _ in 0..<3 { _ = try await t.intake(TestApp.hotlineRequest(), as: clerk) }
            var ok = try await SecurityCommands.verifyAudit(t.app, anchorFile: nil)
            #expect(ok.ok, "\(ok.text)")
            let count = try await AuditEntryModel.query(on: t.app.db).count()
            #expect(count >= 4)
            let sql = t.app.db as! any SQLDatabase
            // when someone edits one row directly in the database
            try await sql.raw("UPDATE audit_entries SET actor = 'nobody' WHERE seq = 2").run()
            ok = try await SecurityCommands.verifyAudit(t.app, anchorFile: nil)
            // then verify names that entry
            #expect(!ok.ok && ok.text.contains("entry 2"), "\(ok.text)")
            let report = try await AuditVerifier(db: t.app.db).run()
            #expect(report.brokenAt == 2 && report.problem?.contains("changed") == true)
            try await sql.raw("UPDATE audit_entries SET actor = 'clerk' WHERE seq = 2").run()
            #expect(try await AuditVerifier(db: t.app.db).run().ok)
            // when a row is deleted, the gap is found
            try await sql.raw("DELETE FROM audit_entries WHERE seq = 3").run()
            let gap = try await AuditVerifier(db: t.app.db).run()
            #expect(gap.brokenAt == 3 && gap.problem?.contains("missing") == true)
        }
    }

    @Test func everyWriteIsAuditedOnceWhateverItsOutcomeAndTheChainHoldsUnderLoad() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk"), zjj = try await t.login("h-zjj")
            // 40 intakes at once: each one entry, in one consistent chain
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<40 { group.addTask { _ = try await t.intake(TestApp.hotlineRequest(), as: clerk) } }
                try await group.waitForAll()
            }
            let intakes = try await AuditEntryModel.query(on: t.app.db).filter(\.$action == "POST /api/v1/orders").all()
            #expect(intakes.count == 40 && intakes.allSatisfy { $0.actor == "clerk" && $0.status < 300 })
            // a refused action (409) and a bad one (400) are recorded with their status
            let code = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk)).code
            try await t.act(code, "close", as: try await t.login("dispatcher"), expect: .conflict)
            try await t.act(code, "object", as: zjj, expect: .badRequest)
            let refused = try await AuditEntryModel.query(on: t.app.db).filter(\.$action == "POST /api/v1/orders/:key/actions/:action").all()
            #expect(refused.map(\.status).sorted() == [400, 409])
            // reads are not writes: no entry
            let before = try await AuditEntryModel.query(on: t.app.db).count()
            _ = try await t.order(code, as: clerk)
            #expect(try await AuditEntryModel.query(on: t.app.db).count() == before)
            #expect(try await AuditVerifier(db: t.app.db).run().ok)
        }
    }

    @Test func anchorsAreCheckedAndATruncatedTailIsFound() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk")
            _ = try await t.intake(TestApp.hotlineRequest(), as: clerk)
            let (seq, hash) = try await t.context.audit.anchorNow()
            let anchor = try #require(try await AuditAnchorModel.query(on: t.app.db).filter(\.$seq == seq).first())
            #expect(anchor.hash == hash)
            _ = try await t.intake(TestApp.hotlineRequest(), as: clerk)
            #expect(try await AuditVerifier(db: t.app.db).run().anchorsChecked == 1)
            // when the newest entries are cut off (and the head is not moved), verify notices
            let sql = t.app.db as! any SQLDatabase
            try await sql.raw("DELETE FROM audit_entries WHERE seq > \(bind: seq)").run()
            let cut = try await AuditVerifier(db: t.app.db).run()
            #expect(!cut.ok && cut.problem?.contains("head") == true)
            // when the whole chain is rewritten consistently, the anchor kept outside still catches it
            var verifier = AuditVerifier(db: t.app.db)
            verifier.fileAnchors = [(seq, String(repeating: "f", count: 64))]
            try await sql.raw("UPDATE audit_head SET seq = \(bind: seq), hash = \(bind: hash)").run()
            let outside = try await verifier.run()
            #expect(!outside.ok && outside.problem?.contains("anchor file") == true)
        }
    }

    @Test func idNumbersAreSealedAndKeysRotate() async throws {
        let old = try FieldCipher.parse(testDataKeys)
        let sealed = try old.seal("370881199001011234")
        #expect(sealed.hasPrefix("enc:v1:test1:") && !sealed.contains("370881199001011234"))
        #expect(try old.open(sealed) == "370881199001011234")
        // two seals of the same value differ (random nonce)
        #expect(try old.seal("370881199001011234") != sealed)
        // a ring with a new first key opens the old value and re-seals it with the new key
        let ring = try FieldCipher.parse("k2:\(FieldCipher.newKeyBase64()),\(testDataKeys)")
        let resealed = try #require(try BaseDataRecords.reseal(#"{"idNumber":"\#(sealed)"}"#, cipher: ring))
        #expect(resealed.contains("enc:v1:k2:"))
        #expect(try BaseDataRecords.open(resealed, cipher: ring)?["idNumber"] == "370881199001011234")
        // without the key it cannot be read; a tampered value does not open
        let other = try FieldCipher.parse("x:\(FieldCipher.newKeyBase64())")
        #expect(throws: (any Error).self) { try other.open(sealed) }
        var bytes = Array(sealed)
        let i = bytes.count - 20
        bytes[i] = bytes[i] == "A" ? "B" : "A"
        #expect(throws: (any Error).self) { try old.open(String(bytes)) }
        #expect(throws: (any Error).self) { try FieldCipher.parse("bad") }
    }
}
