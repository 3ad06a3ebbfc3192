import Fluent
import Foundation
import HeweiCore
import Vapor

extension Principal {
    /// The resident portal acting for a member of the public (no account). Like `system` it has no
    /// role: intake and the resident's rating are taken by it after the portal's own checks (form
    /// token, rate limit, tracking code); its events read "居民门户".
    static let portal = Principal(id: nil, username: "portal", name: "居民门户", role: nil, unitID: nil)
}

/// The resident portal (群众端): `/portal` — submit a request, track it with its tracking code,
/// rate the handling once after the reply. Public, outside `/console` and `/api`.
struct PortalRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let portal = routes.grouped("portal").grouped(PortalErrorMiddleware()).grouped(LangCookieMiddleware())
        portal.get(use: home)
        portal.get("submit", use: submitForm)
        // The form is multipart with up to 3 photos of 5 MB: collected whole, at most 16 MB
        // (beyond it, 413 with a portal page).
        portal.on(.POST, "submit", body: .collect(maxSize: PortalSubmission.bodyMax), use: submit)
        portal.get("track", use: track)
        portal.post("track", use: track)
        portal.post("rate", use: rate)
    }

    /// Each POST and each tracking look-up takes a token from the public bucket of the client address.
    static func limit(_ req: Request) throws {
        let key = req.remoteAddress?.ipAddress ?? "unknown"
        guard req.hewei.publicLimiter.take(key, now: req.hewei.clock.now()) else { throw HeweiError.tooManyRequests }
    }

    func home(req: Request) async throws -> Response {
        PortalPages.response(PortalPages.home(req))
    }

    func submitForm(req: Request) async throws -> Response {
        let choices = try await PortalPages.Choices.load(req)
        return try await Self.form(req, draft: PortalSubmission(), errors: [:], choices: choices)
    }

    /// The form with a fresh token (and the browser cookie, the first time).
    static func form(_ req: Request, draft: PortalSubmission, errors: [String: String], choices: PortalPages.Choices,
                     notice: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let browser = PortalFormToken.browserOrNew(req)
        let token = PortalFormToken.issue(.submit, browser: browser.id, req: req)
        let res = PortalPages.response(PortalPages.submit(req, draft: draft, errors: errors, token: token, choices: choices, notice: notice),
                                       status: status)
        if browser.isNew { PortalFormToken.setCookie(browser.id, on: res, req: req) }
        return res
    }

    func submit(req: Request) async throws -> Response {
        try Self.limit(req)
        let lang = Lang.of(req)
        var draft = (try? req.content.decode(PortalSubmission.self)) ?? PortalSubmission()
        let choices = try await PortalPages.Choices.load(req)
        guard let nonce = PortalFormToken.verify(draft.form, .submit, req: req) else {
            return try await Self.form(req, draft: draft, errors: [:], choices: choices,
                                       notice: lang.t("页面已过期或来源不明，请检查内容后再次提交。", "The form expired or did not come from this site: check it and submit again."),
                                       status: .forbidden)
        }
        let (checked, fieldErrors) = draft.check(lang: lang, catalog: choices.catalog, grid: req.hewei.grid.current)
        var errors = fieldErrors
        // Every photo is checked before anything is stored: a refused photo stores no order.
        let (photos, photoError) = draft.checkPhotos(lang: lang)
        if let photoError { errors["photos"] = photoError }
        guard var input = checked, errors.isEmpty else {
            return try await Self.form(req, draft: draft, errors: errors, choices: choices, status: .badRequest)
        }
        let workflow = req.hewei.workflow(on: req.db)
        do {
            let result = try await Self.intake(workflow, input: &input, nonce: nonce)
            // A replay (double tap) is the same order: its photos came with the first post.
            let failed = result.replayed ? 0 : await Self.store(photos, on: result.order, req: req)
            return PortalPages.response(PortalPages.submitted(req, order: result.order, photosFailed: failed))
        } catch let error as HeweiError {
            guard case let .invalidField(field, why) = error else { throw error }
            draft.form = nil
            req.logger.info("portal intake refused", metadata: ["field": "\(field)", "why": "\(why)"])
            let name = PortalSubmission.field(ofIntake: field)
            return try await Self.form(req, draft: draft, errors: [name: lang.t("请检查此项：", "Check this field: ") + why],
                                       choices: choices, status: .badRequest)
        }
    }

    /// Registers the request as the portal, channel `app`, dispatched by the routing rules (left for
    /// a dispatcher when no rule or default unit applies), with a new tracking code. The form's
    /// nonce is the idempotency key: a double tap on "submit" gives the same order.
    static func intake(_ workflow: OrderWorkflow, input: inout IntakeInput, nonce: String) async throws -> OrderWorkflow.IntakeResult {
        let key = "portal:" + nonce
        for attempt in 0..<3 {
            do {
                return try await workflow.intake(input, by: .portal, idempotencyKey: key, trackingCode: PortalTracking.newCode())
            } catch let error as HeweiError {
                // No unit for this category and place: the centre's dispatcher routes it by hand.
                guard case let .invalidField(field, _) = error, field == "dispatchTo", input.dispatchTo != nil else { throw error }
                input.dispatchTo = nil
            } catch {
                // A tracking code taken by another order (about 1 in 10^14): draw again.
                if attempt == 2 { throw error }
            }
        }
        throw HeweiError.internalFailure("portal intake did not complete")
    }

    /// Stores the checked photos on the new order as the portal; returns how many could not be
    /// stored. The order stands either way: a failure is logged and the resident told, never lost.
    static func store(_ photos: [PortalSubmission.Photo], on order: WorkOrderModel, req: Request) async -> Int {
        guard !photos.isEmpty else { return 0 }
        let store = AttachmentStore(directory: AttachmentsController.directory(req), db: req.db, gate: req.hewei.gate,
                                    now: req.hewei.clock.now())
        var failed = 0
        for (index, photo) in photos.enumerated() {
            do {
                _ = try await store.add(photo.data, name: photo.name, to: order, by: .portal)
            } catch {
                failed += 1
                req.logger.error("portal photo not stored", metadata: ["order": "\(order.code)", "photo": "\(index + 1)",
                                                                       "error": "\(String(reflecting: error))"])
            }
        }
        return failed
    }

    // MARK: - Track and rate

    struct Lookup: Content {
        var code: String?
        var phone: String?
    }

    /// `GET /portal/track` (the form; with `code` and `phone` in the query, the result) and
    /// `POST /portal/track` (the form's answer). A wrong code and a wrong phone get the same page.
    func track(req: Request) async throws -> Response {
        let lookup = req.method == .POST ? ((try? req.content.decode(Lookup.self)) ?? Lookup())
            : ((try? req.query.decode(Lookup.self)) ?? Lookup())
        let codeGiven = !(lookup.code ?? "").trimmingCharacters(in: .whitespaces).isEmpty
        guard codeGiven || req.method == .POST else {
            return PortalPages.response(PortalPages.trackForm(req, code: nil, notFound: false))
        }
        try Self.limit(req)
        guard let order = try await PortalTracking.find(code: lookup.code, phone: lookup.phone, on: req.db) else {
            return Self.notFound(req)
        }
        return try await Self.result(req, order: order)
    }

    static func notFound(_ req: Request) -> Response {
        PortalPages.response(PortalPages.trackForm(req, code: nil, notFound: true), status: .notFound)
    }

    static func result(_ req: Request, order: WorkOrderModel, message: String? = nil, error: Bool = false,
                       status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = Lang.of(req)
        let steps = try await PortalTracking.publicTimeline(order, org: req.hewei.org, lang: lang, on: req.db)
        let rating = try await PortalTracking.rating(of: order, on: req.db)
        let photos = try await PortalTracking.photoCount(of: order, on: req.db)
        let browser = PortalFormToken.browserOrNew(req)
        let token = rating == nil && PortalTracking.rateable(order)
            ? PortalFormToken.issue(.rate, subject: order.trackingCode ?? "", browser: browser.id, req: req) : nil
        let res = PortalPages.response(PortalPages.trackResult(req, order: order, steps: steps, rating: rating, token: token,
                                                               photos: photos, message: message, error: error), status: status)
        if token != nil, browser.isNew { PortalFormToken.setCookie(browser.id, on: res, req: req) }
        return res
    }

    struct RateForm: Content {
        var code: String?
        var satisfaction: String?
        var comment: String?
        var form: String?

        enum CodingKeys: String, CodingKey {
            case code, satisfaction, comment
            case form = "_form"
        }
    }

    /// `POST /portal/rate`: the resident's rating, once, after the reply. The form's token is signed
    /// for the tracking code that was just checked with the phone digits, in this browser.
    func rate(req: Request) async throws -> Response {
        try Self.limit(req)
        let lang = Lang.of(req)
        let form = (try? req.content.decode(RateForm.self)) ?? RateForm()
        guard let code = PortalTracking.normalise(form.code), PortalFormToken.verify(form.form, .rate, subject: code, req: req) != nil else {
            return PortalPages.response(PortalPages.trackForm(req, code: nil, notFound: false,
                                                              notice: lang.t("页面已过期，请重新查询后再评价。", "The page expired: look the request up again, then rate it.")),
                                        status: .forbidden)
        }
        guard let order = try await WorkOrderModel.query(on: req.db).filter(\.$trackingCode == code).first() else {
            return Self.notFound(req)
        }
        guard let satisfaction = form.satisfaction.flatMap(Satisfaction.init(rawValue:)), satisfaction != .unreachable else {
            return try await Self.result(req, order: order, message: lang.t("请选择满意、基本满意或不满意。", "Choose satisfied, basically satisfied or unsatisfied."),
                                         error: true, status: .badRequest)
        }
        let comment = (form.comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard comment.count <= PortalSubmission.commentMax else {
            return try await Self.result(req, order: order, message: lang.t("意见最多 \(PortalSubmission.commentMax) 字。", "At most \(PortalSubmission.commentMax) characters of comment."),
                                         error: true, status: .badRequest)
        }
        do {
            let rated = try await req.hewei.workflow(on: req.db).perform(.rate, on: order.id!, input: ActionInput(note: comment, satisfaction: satisfaction.rawValue),
                                                                         by: .portal)
            return try await Self.result(req, order: rated, message: lang.t("感谢您的评价！", "Thank you for your rating!"))
        } catch let error as HeweiError {
            let message: String
            switch error {
            case .illegalTransition:
                message = lang.t("答复之后才能评价，请耐心等待。", "You can rate once we have replied.")
            case .rule:
                message = lang.t("这件诉求已经评价过了，每件诉求只能评价一次。", "This request has already been rated: a rating is given once.")
            default:
                throw error
            }
            return try await Self.result(req, order: order, message: message, error: true, status: .conflict)
        }
    }
}

/// Errors on portal pages are portal pages (the API's JSON and the console's page do not fit).
struct PortalErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let lang = Lang.of(request)
            let status: HTTPResponseStatus
            let message: String
            switch error {
            case HeweiError.tooManyRequests:
                status = .tooManyRequests
                message = lang.t("操作太频繁，请稍后再试。", "Too many attempts: please wait a little and try again.")
            case let e as HeweiError where e.status.code < 500:
                status = e.status
                message = lang.t("请求未能完成，请返回重试。", "The request could not be completed: go back and try again.")
            case let e as any AbortError where e.status == .payloadTooLarge:
                status = e.status
                message = lang.t("提交的内容太大：最多 \(PortalSubmission.photosMax) 张照片，每张不超过 \(PortalSubmission.photoMaxBytes / (1024 * 1024)) MB。请返回减少照片后再提交。",
                                 "Too much to send: at most \(PortalSubmission.photosMax) photos of \(PortalSubmission.photoMaxBytes / (1024 * 1024)) MB each. Go back, leave some out and submit again.")
            case let e as any AbortError where e.status == .notFound:
                status = .notFound
                message = lang.t("页面不存在。", "No such page.")
            default:
                request.logger.error("portal error", metadata: ["error": "\(String(reflecting: error))"])
                status = .internalServerError
                message = lang.t("系统繁忙，请稍后再试。", "Something went wrong on our side: please try again later.")
            }
            return PortalPages.response(PortalPages.error(request, status: status, message: message), status: status)
        }
    }
}
