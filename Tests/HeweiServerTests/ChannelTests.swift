import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor

/// Channels are configuration: a county adds, renames and deactivates them without code; intake
/// accepts only active channels, a machine channel only from its machine interface.
@Suite struct ChannelTests {
    func request(channel: String, kind: String? = nil) -> IntakeInput {
        var input = TestApp.hotlineRequest(dispatchTo: nil)
        input.channel = channel
        input.requestKind = kind
        return input
    }

    @Test func aNewChannelTakesRequestsWithItsDefaultKindAndCanBeDeactivated() async throws {
        try await withApp { t in
            let admin = try await t.login("sysadmin"), clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
            #expect(try await t.get("/api/v1/channels", as: clerk, [ChannelsController.ChannelDTO].self).map(\.code) == HeweiCore.Channel.allCases.map(\.rawValue))
            try await t.intake(request(channel: "wechat", kind: "help"), as: clerk, expect: .badRequest)
            _ = try await t.send(.PUT, "/api/v1/channels/wechat", as: admin,
                                 body: #"{"name":"微信公众号","nameEn":"WeChat","defaultRequestKind":"help","note":"开通微信渠道"}"#, expect: .ok)
            let order = try #require(try await t.intake(request(channel: "wechat"), as: clerk))
            #expect(order.channel == "wechat" && order.requestKind == "help")
            let listed = try await t.get("/api/v1/orders?channel=wechat", as: dispatcher, HeweiServer.Page<OrderDTO>.self)
            #expect(listed.items.map(\.code) == [order.code])
            try await t.send(.GET, "/api/v1/orders?channel=telegraph", as: dispatcher, expect: .badRequest)
            // no default kind and none given: the request must say
            try await t.intake(request(channel: "hotline12345"), as: clerk, expect: .badRequest)
            // deactivated: refused at intake, old orders keep their channel
            _ = try await t.send(.PUT, "/api/v1/channels/wechat", as: admin,
                                 body: #"{"name":"微信公众号","nameEn":"WeChat","active":false,"note":"停用"}"#, expect: .ok)
            try await t.intake(request(channel: "wechat", kind: "help"), as: clerk, expect: .badRequest)
            #expect(try await t.order(order.code, as: dispatcher).channel == "wechat")
            let changes = try await ConfigChangeModel.query(on: t.app.db).filter(\.$subject == "channels").count()
            #expect(changes == 2)
        }
    }

    @Test func staffCannotTypeRequestsIntoAMachineChannel() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            let refused = try await t.send(.POST, "/api/v1/orders", as: clerk,
                                           body: #"{"channel":"videoAlert","requestKind":"report","categoryCode":"0106","address":"x","content":"y","anonymous":true}"#,
                                           expect: .badRequest)
            #expect(refused.text.contains("machine interface"))
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 0)
        }
    }

    @Test func theSameReferenceOnAMachineChannelIsOneOrder() async throws {
        try await withApp { t in
            let secadmin = try await t.login("secadmin")
            let issued = try await t.send(.POST, "/api/v1/tokens", as: secadmin,
                                          body: #"{"username":"dispatcher","name":"视频平台对接","scopes":["orders:read","orders:write"]}"#, expect: .created)
            let token = try #require((try JSONSerialization.jsonObject(with: Data(issued.text.utf8)) as? [String: Any])?["token"] as? String)
            var machine = HTTPHeaders()
            machine.bearerAuthorization = BearerAuthorization(token: token)
            var input = request(channel: "videoAlert", kind: "report")
            input.channelRef = "platform-evt-000123"
            let first = try #require(try await t.intake(input, as: machine))
            let again = try #require(try await t.intake(input, as: machine, expect: .ok))
            #expect(again.code == first.code)
            input.channelRef = "platform-evt-000124"
            let other = try #require(try await t.intake(input, as: machine))
            #expect(other.code != first.code)
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 2)
        }
    }
}

