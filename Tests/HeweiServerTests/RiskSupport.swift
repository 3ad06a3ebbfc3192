import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// Steps shared by the risk early-warning tests.
extension TestApp {
    static func riskRequest(_ content: String, phone: String = "13812341234", category: String = "0106") -> IntakeInput {
        var input = hotlineRequest(category: category, dispatchTo: nil)
        input.content = content
        input.requesterPhone = phone
        return input
    }

    func warnings(_ query: String = "", as headers: HTTPHeaders) async throws -> Page<RiskWarningDTO> {
        try await get("/api/v1/risk/warnings\(query.isEmpty ? "" : "?" + query)", as: headers, Page<RiskWarningDTO>.self)
    }

    /// POSTs a JSON body and returns the status and the body text.
    @discardableResult
    func post(_ path: String, _ body: [String: String]?, as headers: HTTPHeaders) async throws -> (HTTPResponseStatus, String) {
        var result: (HTTPResponseStatus, String) = (.internalServerError, "")
        try await app.testing().test(.POST, path, beforeRequest: { req in
            req.headers = headers
            if let body { try req.content.encode(body) }
        }, afterResponse: { res in result = (res.status, res.body.string) })
        return result
    }

    /// The periodic rules run now, bypassing the once-per-N-minutes guard.
    func riskSweep() async throws -> RiskSweep.Report {
        try await RiskSweep(db: app.db, gate: context.gate, rules: context.risk.current, now: clock.now(), org: context.org,
                      grid: context.grid.current, categories: context.categories).run()
    }
}
