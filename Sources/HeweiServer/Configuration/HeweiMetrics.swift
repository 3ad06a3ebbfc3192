import Metrics
import Prometheus
import Vapor

/// Prometheus metrics for `/metrics`: request counts and latencies by route, and intake counts.
public final class HeweiMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory

    init() {
        factory = PrometheusMetricsFactory(registry: registry)
    }

    func requestCounter(method: String, route: String, status: UInt) -> Metrics.Counter {
        Metrics.Counter(label: "hewei_http_requests_total",
                dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory)
    }

    func requestTimer(route: String) -> Metrics.Timer {
        Metrics.Timer(label: "hewei_http_request_duration_seconds", dimensions: [("route", route)],
                      preferredDisplayUnit: .seconds, factory: factory)
    }

    func ordersCreated(channel: String) -> Metrics.Counter {
        Metrics.Counter(label: "hewei_orders_created_total", dimensions: [("channel", channel)], factory: factory)
    }

    /// Audit entries that could not be appended (should stay 0; alert on it).
    var auditFailures: Metrics.Counter { Metrics.Counter(label: "hewei_audit_append_failures_total", factory: factory) }

    func render() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}

/// Counts and times every request by its route pattern (not its path, to keep label sets small).
struct MetricsMiddleware: AsyncMiddleware {
    let metrics: HeweiMetrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            let status = (error as? any AbortError)?.status.code ?? 500
            record(request, status: status, start: start)
            throw error
        }
        record(request, status: response.status.code, start: start)
        return response
    }

    private func record(_ request: Request, status: UInt, start: UInt64) {
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        metrics.requestCounter(method: request.method.rawValue, route: route, status: status).increment()
        metrics.requestTimer(route: route).recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start))
    }
}
