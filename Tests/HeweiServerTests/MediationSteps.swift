import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

/// Steps for the mediation tests: open a case and act on it through the API.
struct MediationCaseView: Decodable {
    struct Party: Decodable { var name: String; var phone: String?; var idNumber: String? }
    struct Clock: Decodable { var kind: String; var dueAt: Date?; var status: String; var light: String }
    struct Event: Decodable { var seq: Int; var action: String; var toState: String; var data: [String: String] }
    var code: String
    var state: String
    var version: Int
    var centre: String
    var room: String
    var team: String?
    var mediators: [String]
    var outcome: String?
    var advice: String?
    var applicant: Party
    var respondent: Party
    var allowedActions: [String]
    var clocks: [Clock]
    var history: [Event]
}

extension TestApp {
    static func mediationOpening(room: String = "370881001001", applicantConsent: Bool? = true, respondentConsent: Bool? = true,
                                 type: String = "neighbourhood", source: String = "walkIn", ref: String = "", major: Bool = false) -> String {
        func j(_ b: Bool?) -> String { b.map { String($0) } ?? "null" }
        return """
        {"source":"\(source)","sourceRef":"\(ref)","disputeType":"\(type)","roomCode":"\(room)","major":\(major),
         "summary":"申请人与被申请人系前后院邻居，被申请人翻建院墙时越过宅基地界线约三十厘米，双方为此发生争执。",
         "applicant":{"name":"孔繁林","kind":"person","phone":"13805371234","idNumber":"370881196805121234","address":"曲阜市鲁城街道五马祠社区"},
         "respondent":{"name":"颜世军","kind":"person","phone":"13905375678","idNumber":"370881197203035678"},
         "applicantConsent":\(j(applicantConsent)),"respondentConsent":\(j(respondentConsent))}
        """
    }

    @discardableResult
    func openMediation(_ body: String = TestApp.mediationOpening(), as h: HTTPHeaders, expect: HTTPStatus = .created) async throws -> MediationCaseView? {
        let r = try await send(.POST, "/api/v1/mediation/cases", as: h, body: body, expect: expect)
        guard expect == .created else { return nil }
        return try JSONDecoder.vaporLike.decode(MediationCaseView.self, from: Data(r.text.utf8))
    }

    @discardableResult
    func mediate(_ code: String, _ action: String, _ body: String = "{}", as h: HTTPHeaders,
                 expect: HTTPStatus = .ok) async throws -> (MediationCaseView?, String) {
        let r = try await send(.POST, "/api/v1/mediation/cases/\(code)/\(action)", as: h, body: body, expect: expect)
        return (expect == .ok ? try JSONDecoder.vaporLike.decode(MediationCaseView.self, from: Data(r.text.utf8)) : nil, r.text)
    }

    func mediationCase(_ code: String, as h: HTTPHeaders) async throws -> MediationCaseView {
        try await get("/api/v1/mediation/cases/\(code)", as: h, MediationCaseView.self)
    }

    /// ISO 8601 of a time `hours` from the test clock's now.
    func isoFromNow(hours: Double) -> String {
        ISO8601DateFormatter().string(from: clock.now().addingTimeInterval(hours * 3600))
    }
}

extension JSONDecoder {
    static var vaporLike: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }
}

enum MediationBodies {
    static let session = #"{"place":"五马祠社区和为贵调解室","attendees":["孔繁林","颜世军","王桂兰"],"record":"双方陈述意见，调解员释法明理，双方同意现场查看界址。"}"#
    static func settle(deadline: String) -> String {
        """
        {"kind":"writtenAgreement","responsibilities":"被申请人翻建院墙越界，应承担主要责任；申请人未及时沟通，承担次要责任。",
         "terms":"一、被申请人于期限内将越界院墙拆除并按原界址重砌；二、申请人给予被申请人人工费补偿一千元。",
         "performanceManner":"被申请人自行拆除重砌，申请人现金支付补偿","performanceDeadline":"\(deadline)"}
        """
    }
}
