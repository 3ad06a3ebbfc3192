import Fluent
import Foundation
import HeweiCore
import Vapor

/// The staff console's routes. Pages are server-rendered; forms post back and redirect.
func registerConsole(_ app: Application) throws {
    app.get { req in req.redirect(to: "/console/orders") }
    app.get("assets", ":file", use: Assets.serve)
    let console = app.grouped("console").grouped(LangCookieMiddleware()).grouped(CSRFMiddleware()).grouped(TokenAuthenticator())
    try console.register(collection: LoginPages())
    try console.register(collection: OrderPages())
    try console.register(collection: IntakePages())
    try console.register(collection: GridPages())
    try console.register(collection: PatrolPages())
    try console.register(collection: AuditPages())
    try console.register(collection: QueuePages())
    try console.register(collection: SupervisionPages())
    try console.register(collection: EvaluationPages())
    try console.register(collection: ClearancePages())
    // The waiting-area screen is public (numbers only), outside the console's session group.
    try app.register(collection: HallScreenPage())
    try console.register(collection: ReceptionPages())
    try console.register(collection: PetitionPages())
    try console.register(collection: HallPages())
    try console.register(collection: MediationPages())
    try console.register(collection: RiskPages())
    // Issue 5 (one line each): MediationPages, PetitionPages, ReceptionPages, HallPages
    try console.register(collection: DashboardPages())
    try console.register(collection: BriefingPages())
    // Issue 7 (analytics): DashboardPages, BriefingPages
    try console.register(collection: DispatchModelPages())
    // Issue 7 (dispatch): DispatchModelPages
}

/// The console's own CSS and JavaScript, shipped in the bundle (no CDN, works offline).
enum Assets {
    static func serve(req: Request) async throws -> Response {
        let name = req.parameters.get("file") ?? ""
        let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml", "png": "image/png"]
        let ext = (name as NSString).pathExtension
        guard let type = types[ext], !name.contains("/"), !name.hasPrefix("."),
              let url = Bundle.module.url(forResource: (name as NSString).deletingPathExtension, withExtension: ext, subdirectory: "Public")
        else { throw HeweiError.notFound("asset '\(name)'") }
        let response = Response(status: .ok, body: .init(data: try Data(contentsOf: url)))
        response.headers.replaceOrAdd(name: .contentType, value: type)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }
}

struct LoginPages: RouteCollection {
    static let sessionLifetime: TimeInterval = 8 * 3600

    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: form)
        routes.grouped(RateLimitMiddleware { $0.hewei.loginLimiter }).post("login", use: submit)
        routes.post("logout", use: logout)
    }

    struct LoginForm: Content {
        var username: String
        var password: String
        var next: String?
    }

    func form(req: Request) async throws -> Response {
        let lang = Lang.of(req)
        let next = req.query[String.self, at: "next"] ?? "/console/orders"
        return HTML.response(HTML.page(title: lang.t("登录", "Sign in"), lang: lang, user: nil, body: Self.body(lang: lang, next: next, error: nil),
                                       langSwitch: Lang.switchHref(req)))
    }

    static func body(lang: Lang, next: String, error: String?) -> String {
        """
        <section class="login card"><h1>\(lang.t("和为贵社会治理服务中心", "Hewei social governance centre"))</h1>
        <p class="muted">\(lang.t("工作人员登录", "Staff sign-in"))</p>
        \(HTML.flash(error, error: true))
        <form method="post" action="/console/login">
        <input type="hidden" name="next" value="\(HTML.esc(next))">
        <label>\(lang.t("用户名", "Username")) <input name="username" autofocus required autocomplete="username"></label>
        <label>\(lang.t("密码", "Password")) <input name="password" type="password" required autocomplete="current-password"></label>
        <button type="submit" class="primary">\(lang.t("登录", "Sign in"))</button></form></section>
        """
    }

    func submit(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let lang = Lang.of(req)
        let next = (form.next ?? "").hasPrefix("/console") ? form.next! : "/console/orders"
        let user: UserModel
        do {
            user = try await Accounts.signIn(username: form.username, password: form.password, on: req)
        } catch let error as HeweiError {
            let message = if case .locked = error {
                lang.t("密码错误次数过多，账号已临时锁定，请稍后再试或联系安全管理员", "Too many wrong passwords: the account is locked for a while")
            } else {
                lang.t("用户名或密码错误", "Wrong username or password")
            }
            let page = HTML.page(title: lang.t("登录", "Sign in"), lang: lang, user: nil, body: Self.body(lang: lang, next: next, error: message))
            return HTML.response(page, status: .unauthorized)
        }
        let (secret, token) = try await Tokens.issue(for: user, kind: "session", lifetime: Self.sessionLifetime,
                                                     now: req.hewei.clock.now(), on: req.db, gate: req.hewei.gate)
        // The auditor has one page; everyone else starts at the orders.
        let landing = next == "/console/orders" && user.role == Role.auditor.rawValue ? "/console/audit" : next
        let response = req.redirect(to: landing, redirectType: .normal)
        response.cookies[Tokens.sessionCookie] = HTTPCookies.Value(string: secret, expires: token.expiresAt, path: "/",
                                                                   isSecure: req.hewei.options.secureCookies, isHTTPOnly: true, sameSite: .strict)
        return response
    }

    func logout(req: Request) async throws -> Response {
        if let secret = req.cookies[Tokens.sessionCookie]?.string {
            try await Tokens.revoke(secret: secret, now: req.hewei.clock.now(), on: req.db, gate: req.hewei.gate, cache: req.hewei.principals)
        }
        let response = req.redirect(to: "/console/login")
        response.cookies[Tokens.sessionCookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/")
        return response
    }
}
