import Foundation
import Vapor

/// Records every write (POST, PUT, PATCH, DELETE) to the API and the console in the audit trail,
/// whatever its outcome: who, which route, which path, the status. Handlers add what only they
/// know through `req.audit` (the username tried at sign-in, the reason for a reveal, an export).
/// The response leaves only after the entry is committed; a reveal or export that cannot be
/// audited is not answered at all.
struct AuditMiddleware: AsyncMiddleware {
    static let writeMethods: [HTTPMethod] = [.POST, .PUT, .PATCH, .DELETE]
    /// POSTs that only compute an answer and store nothing, audited like reads (not at all unless
    /// the handler adds a note): the dispatch suggestions the intake page asks for as the text is typed.
    static let readOnlyPosts: Set<String> = ["/api/v1/orders/suggestions"]

    static func isWrite(_ req: Request) -> Bool {
        writeMethods.contains(req.method) && !(req.method == .POST && readOnlyPosts.contains(req.url.path))
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard path.hasPrefix("/api/") || path.hasPrefix("/console/") else { return try await next.respond(to: request) }
        // With the SQLite write gate, the request's first write carries its entry into its own
        // transaction (status 200: the write committed); otherwise it is appended below.
        let pending = request.hewei.gate.serial && Self.isWrite(request)
            ? AuditPending(log: request.hewei.audit, atMs: AuditLog.millis(request.hewei.clock.now())) { Self.draft(request, status: 200) }
            : nil
        let response: Response
        do {
            response = try await AuditPending.$current.withValue(pending) { try await next.respond(to: request) }
        } catch {
            let status = (error as? any AbortError)?.status.code ?? 500
            if pending?.written != true { try await record(request, status: Int(status), mustSucceed: false) }
            throw error
        }
        if pending?.written != true {
            try await record(request, status: Int(response.status.code), mustSucceed: request.audit.note?.kind == "reveal" || request.audit.note?.kind == "export")
        }
        return response
    }

    static func draft(_ req: Request, status: Int) -> AuditDraft {
        let note = req.audit.note
        let route = req.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? req.url.path
        let actor = note?.actor ?? req.auth.get(Principal.self)
        var draft = AuditDraft(actor: actor, kind: note?.kind ?? "write", action: note?.action ?? "\(req.method.rawValue) \(route)",
                               target: note?.target ?? req.url.path, status: status, reason: note?.reason ?? "",
                               ip: req.remoteAddress?.ipAddress ?? "")
        if actor == nil, let tried = note?.username { draft.actor = tried }
        return draft
    }

    private func record(_ req: Request, status: Int, mustSucceed: Bool) async throws {
        guard req.audit.note != nil || Self.isWrite(req) else { return }
        let draft = Self.draft(req, status: status)
        do {
            try await req.hewei.audit.record(draft)
        } catch {
            req.logger.critical("audit trail append failed", metadata: ["error": "\(error)", "action": "\(draft.action)"])
            req.hewei.metrics.auditFailures.increment()
            if mustSucceed { throw HeweiError.internalFailure("audit append failed: \(error)") }
        }
    }
}

/// What a handler tells the audit middleware about its request.
struct AuditNote: Sendable {
    var kind: String
    var action: String
    var target: String?
    var reason: String?
    /// The acting principal when the request is not signed in yet (a successful sign-in).
    var actor: Principal?
    /// The username tried, for a failed sign-in.
    var username: String?
}

final class AuditNoteBox: @unchecked Sendable {
    var note: AuditNote?
}

extension Request {
    private struct AuditKey: StorageKey { typealias Value = AuditNoteBox }

    /// The request's audit note (set by handlers, read by `AuditMiddleware`).
    var audit: AuditNoteBox {
        if let box = storage[AuditKey.self] { return box }
        let box = AuditNoteBox()
        storage[AuditKey.self] = box
        return box
    }
}
