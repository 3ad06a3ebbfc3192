import Fluent
import Foundation
import HeweiCore
import SQLKit
import Vapor

/// `/health`, `/metrics`, `/openapi.yaml`.
struct OpsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
        routes.get("metrics", use: metrics)
        routes.get("openapi.yaml", use: openapi)
    }

    struct Health: Content {
        var status: String
        var database: String
        /// What an operator should fix that does not stop the service (see `CalendarCoverage`).
        var warnings: [String]
    }

    func health(req: Request) async throws -> Response {
        var ok = true
        do {
            _ = try await (req.db as! any SQLDatabase).raw("SELECT 1 AS one").first()
        } catch {
            ok = false
        }
        let response = Response(status: ok ? .ok : .serviceUnavailable)
        let calendar = req.hewei.rules.current.calendar
        let coverage = CalendarCoverage(calendar: calendar, today: calendar.civilDate(of: req.hewei.clock.now()))
        try response.content.encode(Health(status: ok ? "ok" : "degraded", database: ok ? "ok" : "unreachable", warnings: coverage.warnings))
        return response
    }

    func metrics(req: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4"], body: .init(string: req.hewei.metrics.render()))
    }

    func openapi(req: Request) async throws -> Response {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw HeweiError.internalFailure("openapi.yaml missing")
        }
        return Response(status: .ok, headers: ["Content-Type": "application/yaml; charset=utf-8"],
                        body: .init(data: try Data(contentsOf: url)))
    }
}
