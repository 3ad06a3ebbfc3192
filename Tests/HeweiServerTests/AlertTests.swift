import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

/// Video and IoT alerts: signed webhooks from registered devices become orders; repeats within the
/// type's window fold into the open order; a bad signature is a 401 and stores nothing.
@Suite struct AlertTests {
    struct Device { let code: String; let secret: String }

    func register(_ t: TestApp) async throws -> Device {
        let admin = try await t.login("sysadmin")
        _ = try await t.send(.PUT, "/api/v1/alert-types/road-occupation", as: admin,
                             body: #"{"name":"占道经营","categoryCode":"0101","foldMinutes":30}"#, expect: .ok)
        let reply = try await t.send(.POST, "/api/v1/alert-sources", as: admin,
                                     body: #"{"code":"cam-wumaci-01","name":"五马祠街1号摄像头","kind":"camera","longitude":116.99,"latitude":35.58,"address":"鲁城街道五马祠街1号"}"#,
                                     expect: .created)
        let secret = try #require(try reply.decode(AlertsController.SecretDTO.self).secret)
        return Device(code: "cam-wumaci-01", secret: secret)
    }

    func post(_ t: TestApp, _ device: Device, body: String, secret: String? = nil, at time: Date? = nil,
              expect status: HTTPStatus) async throws -> String {
        let ts = Int((time ?? t.clock.now()).timeIntervalSince1970)
        let signature = AlertSignature.sign(body: Data(body.utf8), timestamp: ts, secret: secret ?? device.secret)
        var text = ""
        try await t.app.testing().test(.POST, "/api/v1/alerts/\(device.code)", beforeRequest: { req in
            req.headers.contentType = .json
            req.headers.replaceOrAdd(name: "X-Hewei-Timestamp", value: String(ts))
            req.headers.replaceOrAdd(name: "X-Hewei-Signature", value: signature)
            req.body = ByteBuffer(string: body)
        }, afterResponse: { res in
            text = res.body.string
            #expect(res.status == status, "alert: \(res.body.string)")
        })
        return text
    }

    @Test func aSignedAlertCreatesAnOrderAndRepeatsFoldIntoIt() async throws {
        try await withApp { t in
            let device = try await register(t)
            let body = #"{"type":"road-occupation","description":"人行道摆摊占道","externalId":"evt-1"}"#
            let first = try await post(t, device, body: body, expect: .created)
            let code = try #require(try JSONDecoder().decode(AlertsController.ReceivedDTO.self, from: Data(first.utf8)).order)
            let dispatcher = try await t.login("dispatcher")
            let order = try await t.order(code, as: dispatcher)
            #expect(order.channel == "videoAlert" && order.categoryCode == "0101" && order.state == "dispatched" && order.anonymous)
            #expect(order.content.contains("五马祠街1号摄像头") && order.content.contains("人行道摆摊占道"))
            // a repeat ten minutes later joins the open order
            t.clock.advance(by: 600)
            let again = try await post(t, device, body: body, expect: .ok)
            #expect(again.contains("\"folded\":true") && again.contains(code))
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 1)
            // once the window has passed since the last alert, a new order
            t.clock.advance(by: 31 * 60)
            let later = try await post(t, device, body: body, expect: .created)
            #expect(!later.contains(code))
            let log = try await t.get("/api/v1/alerts?source=cam-wumaci-01", as: try await t.login("dispatcher"), HeweiServer.Page<AlertsController.AlertDTO>.self)
            #expect(log.total == 3 && log.items.map(\.folded) == [false, true, false])
        }
    }

    @Test func aBadOrStaleSignatureIsRefusedAndStoresNothing() async throws {
        try await withApp { t in
            let device = try await register(t)
            let body = #"{"type":"road-occupation"}"#
            _ = try await post(t, device, body: body, secret: "not-the-key", expect: .unauthorized)
            _ = try await post(t, device, body: body, at: t.clock.now().addingTimeInterval(-600), expect: .unauthorized)
            _ = try await post(t, Device(code: "no-such-camera", secret: device.secret), body: body, expect: .unauthorized)
            #expect(try await AlertModel.query(on: t.app.db).count() == 0)
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 0)
            // a good signature over a bad body: 400, nothing stored
            _ = try await post(t, device, body: #"{"type":"ufo"}"#, expect: .badRequest)
            _ = try await post(t, device, body: "not json", expect: .badRequest)
            #expect(try await AlertModel.query(on: t.app.db).count() == 0)
            // a rotated key: the old one no longer works
            let admin = try await t.login("sysadmin")
            let rotated = try await t.send(.POST, "/api/v1/alert-sources/\(device.code)/secret", as: admin, expect: .ok)
            let newSecret = try rotated.decode(AlertsController.SecretDTO.self).secret
            _ = try await post(t, device, body: body, expect: .unauthorized)
            _ = try await post(t, device, body: body, secret: newSecret, expect: .created)
            // a deactivated device is refused like an unknown one
            _ = try await t.send(.POST, "/api/v1/alert-sources/\(device.code)/deactivate", as: admin, expect: .ok)
            _ = try await post(t, device, body: body, secret: newSecret, expect: .unauthorized)
            // the key is sealed at rest
            let stored = try #require(try await AlertSourceModel.query(on: t.app.db).first())
            #expect(FieldCipher.isSealed(stored.secret) && !stored.secret.contains(newSecret))
        }
    }

    @Test func onlyTheSystemAdministratorRegistersDevicesAndTypes() async throws {
        try await withApp { t in
            let dispatcher = try await t.login("dispatcher"), admin = try await t.login("sysadmin")
            _ = try await t.send(.POST, "/api/v1/alert-sources", as: dispatcher,
                                 body: #"{"code":"x","name":"x","kind":"camera","longitude":116.9,"latitude":35.5,"address":"x"}"#, expect: .forbidden)
            _ = try await t.send(.PUT, "/api/v1/alert-types/x", as: dispatcher, body: #"{"name":"x","categoryCode":"0101"}"#, expect: .forbidden)
            _ = try await t.send(.PUT, "/api/v1/alert-types/x", as: admin, body: #"{"name":"x","categoryCode":"01"}"#, expect: .badRequest)
            _ = try await t.send(.POST, "/api/v1/alert-sources", as: admin,
                                 body: #"{"code":"bad code","name":"x","kind":"camera","longitude":116.9,"latitude":35.5,"address":"x"}"#, expect: .badRequest)
            #expect(try await t.get("/api/v1/alert-sources", as: dispatcher, [AlertsController.SourceDTO].self).isEmpty)
        }
    }
}
