import Foundation
import HeweiCore
import Vapor

/// The portal's pages: mobile first, Chinese with English on `?lang=en`, no account, no script
/// needed (the map tap is the only script). Every value goes through `HTML.esc`.
enum PortalPages {
    static func layout(_ req: Request, title: String, body: String, script: Bool = false) -> String {
        let lang = Lang.of(req)
        let other = lang == .zh ? Lang.en : .zh
        return """
        <!doctype html>
        <html lang="\(lang.htmlCode)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.esc(title)) · \(lang.t("和为贵 居民服务", "Hewei resident services"))</title>
        <link rel="stylesheet" href="/assets/portal.css"></head>
        <body class="portal"><header class="bar"><a class="home" href="/portal"><span class="seal">和</span>\
        <span>\(lang.t("和为贵 · 居民服务", "Hewei · Residents"))</span></a>
        <a class="lang" href="\(HTML.esc(Lang.switchHref(req, path: req.url.path)))" lang="\(other.htmlCode)">\(lang == .zh ? "English" : "中文")</a></header>
        <main>\(body)</main>
        <footer><p>\(lang.t("紧急情况请拨打 110、119、120。", "In an emergency call 110, 119 or 120."))</p>
        <p>\(lang.t("您的信息仅用于办理本诉求，电话号码对工作人员默认隐藏。", "Your details are used only for this request; staff see your phone number masked."))</p></footer>
        \(script ? "<script src=\"/assets/portal.js\" defer></script>" : "")</body></html>
        """
    }

    static func response(_ html: String, status: HTTPResponseStatus = .ok) -> Response {
        let res = HTML.response(html, status: status)
        res.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return res
    }

    // MARK: - Home

    static func home(_ req: Request) -> String {
        let lang = Lang.of(req)
        let body = """
        <section class="hero"><h1>\(lang.t("有事找和为贵", "Tell us, we act"))</h1>
        <p>\(lang.t("群众诉求“一门受理”：咨询、求助、投诉、举报、建议、表扬，都可以在这里提交，无需注册。我们受理后转交负责的单位办理，并在时限内答复您。",
                    "One door for every request: enquiries, help, complaints, reports, suggestions and praise. No account needed. We pass it to the unit in charge and answer you within the time limit."))</p></section>
        <nav class="actions">
        <a class="big primary" href="/portal/submit">\(lang.t("我要反映", "Submit a request"))<small>\(lang.t("几分钟填好，提交后获得查询码", "A few minutes; you get a tracking code"))</small></a>
        <a class="big" href="/portal/track">\(lang.t("查询进度", "Track a request"))<small>\(lang.t("凭查询码和手机号后四位", "With the tracking code and the last 4 digits of your phone"))</small></a>
        <a class="big" href="/portal/letters">\(lang.t("公开答复", "Published answers"))<small>\(lang.t("书记信箱、网络问政的公开来信与答复", "Letters to the secretary and online inquiries, answered in public"))</small></a>
        </nav>
        <section class="card"><h2>\(lang.t("办理流程", "How it works"))</h2>
        <ol class="steps"><li>\(lang.t("受理：登记您的诉求", "Received: your request is registered"))</li>
        <li>\(lang.t("转交：派给负责的部门或镇街", "Passed on: to the department or town in charge"))</li>
        <li>\(lang.t("办理：承办单位按时限办理", "Handled: within the time limit"))</li>
        <li>\(lang.t("答复：答复您，并请您评价", "Answered: we reply and ask for your rating"))</li></ol></section>
        """
        return layout(req, title: lang.t("居民服务", "Residents"), body: body)
    }

    // MARK: - Submit

    struct Choices {
        var catalog: ConsoleCatalog
        /// Village/community-level cells (medium) grouped by their town (large).
        var towns: [GridCell]
        var communities: [String: [GridCell]]

        static func load(_ req: Request) async throws -> Choices {
            let catalog = try await ConsoleCatalog.load(org: req.hewei.org, on: req.db)
            let cells = req.hewei.grid.current.allCells
            let towns = cells.filter { $0.level == .large }.sorted { $0.code < $1.code }
            let communities = Dictionary(grouping: cells.filter { $0.level == .medium }, by: { $0.parentCode ?? "" })
                .mapValues { $0.sorted { $0.code < $1.code } }
            return Choices(catalog: catalog, towns: towns, communities: communities)
        }
    }

    static func submit(_ req: Request, draft: PortalSubmission, errors: [String: String], token: String, choices: Choices,
                       notice: String? = nil) -> String {
        let lang = Lang.of(req)
        func err(_ field: String) -> String {
            guard let message = errors[field] else { return "" }
            return "<p class=\"field-error\" id=\"err-\(field)\">\(HTML.esc(message))</p>"
        }
        func invalid(_ field: String) -> String {
            errors[field] == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"err-\(field)\""
        }
        func wrap(_ field: String) -> String { errors[field] == nil ? "field" : "field has-error" }
        let kindNames: [RequestKind: String] = [.enquiry: "Enquiry", .help: "Help", .complaint: "Complaint", .report: "Report",
                                                .suggestion: "Suggestion", .praise: "Praise"]
        let kinds = RequestKind.allCases.map { k in
            "<label class=\"chip\"><input type=\"radio\" name=\"kind\" value=\"\(k.rawValue)\"\(draft.kind == k.rawValue ? " checked" : "") required>"
                + "<span>\(HTML.esc(lang.t(k.nameZh, kindNames[k] ?? k.rawValue)))</span></label>"
        }.joined()
        let categories = choices.catalog.categories.filter { $0.parent == nil }.map { major in
            let leaves = choices.catalog.categories.filter { $0.parent == major.code }
                .map { HTML.option($0.code, lang.t($0.name, $0.nameEn), selected: draft.category) }.joined()
            return leaves.isEmpty ? "" : "<optgroup label=\"\(HTML.esc(lang.t(major.name, major.nameEn)))\">\(leaves)</optgroup>"
        }.joined()
        let communities = choices.towns.map { town in
            let options = (choices.communities[town.code] ?? []).map { HTML.option($0.code, $0.name, selected: draft.community) }.joined()
            return options.isEmpty ? "" : "<optgroup label=\"\(HTML.esc(town.name))\">\(options)</optgroup>"
        }.joined()
        let map = PortalMap(towns: choices.towns).render(lang: lang)
        let whereBlock = choices.towns.isEmpty ? "" : """
        <div class="\(wrap("where"))"><fieldset\(invalid("where"))><legend>\(lang.t("地点", "Where")) <em>*</em></legend>
        <p class="hint">\(lang.t("选择所在村居/社区，或在地图上点选位置（也可直接填写经纬度）。", "Choose the village or community, or tap the map (or type the coordinates)."))</p>
        <label>\(lang.t("村居/社区", "Village or community"))
        <select name="community"><option value="">\(lang.t("— 请选择 —", "— choose —"))</option>\(communities)</select></label>
        <p class="or">\(lang.t("或在地图上点选", "or tap the map"))</p>
        \(map)
        <div class="pair"><label>\(lang.t("经度", "Longitude")) <input name="longitude" id="portal-lon" inputmode="decimal" value="\(HTML.esc(draft.longitude ?? ""))" placeholder="116.99"></label>
        <label>\(lang.t("纬度", "Latitude")) <input name="latitude" id="portal-lat" inputmode="decimal" value="\(HTML.esc(draft.latitude ?? ""))" placeholder="35.58"></label></div>
        </fieldset>\(err("where"))</div>
        """
        // A file input cannot be filled again: when the form comes back, the photos are chosen anew.
        let photosSent = !draft.chosenPhotos.isEmpty || draft.photosUnreadable
        let photoField = """
        <div class="\(wrap("photos"))" id="f-photos"><label>\(lang.t("照片（选填）", "Photos (optional)"))
        <input type="file" name="photos[]" accept="image/jpeg,image/png,image/webp" multiple\(invalid("photos"))></label>
        <p class="hint" id="photo-rules">\(lang.t("最多 \(PortalSubmission.photosMax) 张，每张不超过 \(PortalSubmission.photoMaxBytes / (1024 * 1024)) MB，JPEG、PNG 或 WebP 格式。照片只供办理使用，不会公开。",
                                                   "At most \(PortalSubmission.photosMax) photos, each at most \(PortalSubmission.photoMaxBytes / (1024 * 1024)) MB: JPEG, PNG or WebP. Only the staff handling the request see them."))</p>
        \(photosSent ? "<p class=\"hint reselect\">\(lang.t("页面无法保留已选的照片，请重新选择。", "The page cannot keep the photos you chose: choose them again."))</p>" : "")\(err("photos"))</div>
        """
        let anonymousRule = lang.t("只有“举报”和“建议”可以匿名提交；匿名时不填姓名和手机号，凭查询码即可查询，但我们无法回访您。其他类型须填写手机号。",
                                   "Only reports (举报) and suggestions (建议) may be anonymous: then leave out your name and phone; the tracking code alone shows the progress, but we cannot call you back. Every other kind needs a phone number.")
        let summary = errors.isEmpty ? "" : """
        <div class="alert" role="alert"><p>\(lang.t("提交未成功，请修改以下 \(errors.count) 处：", "Not submitted yet: please correct \(errors.count) field(s):"))</p>
        <ul>\(PortalSubmission.fields.compactMap { f in errors[f].map { "<li><a href=\"#f-\(f)\">\(HTML.esc($0))</a></li>" } }.joined())</ul></div>
        """
        let body = """
        <h1>\(lang.t("我要反映", "Submit a request"))</h1>
        <p class="lead">\(lang.t("带 * 的为必填项。提交后您会得到一个查询码，用它查询办理进度。", "Fields marked * are required. You get a tracking code to follow the progress."))</p>
        \(notice.map { "<p class=\"alert\" role=\"alert\">\(HTML.esc($0))</p>" } ?? "")\(summary)
        <form method="post" action="/portal/submit" class="portal-form" enctype="multipart/form-data">
        <input type="hidden" name="_form" value="\(HTML.esc(token))">
        <div class="\(wrap("kind"))" id="f-kind"><fieldset\(invalid("kind"))><legend>\(lang.t("诉求类型", "Kind of request")) <em>*</em></legend>
        <div class="chips">\(kinds)</div></fieldset>\(err("kind"))</div>
        <div class="\(wrap("category"))" id="f-category"><label>\(lang.t("分类", "Category")) <em>*</em>
        <select name="category" required\(invalid("category"))><option value="">\(lang.t("— 请选择 —", "— choose —"))</option>\(categories)</select></label>\(err("category"))</div>
        <div id="f-where">\(whereBlock)</div>
        <div class="\(wrap("address"))" id="f-address"><label>\(lang.t("详细地址", "Address")) <em>*</em>
        <input name="address" maxlength="\(PortalSubmission.addressMax)" required value="\(HTML.esc(draft.address ?? ""))" placeholder="\(lang.t("如：鲁城街道五马祠街12号", "e.g. 12 Wumaci Street, Lucheng"))"\(invalid("address"))></label>\(err("address"))</div>
        <div class="\(wrap("content"))" id="f-content"><label>\(lang.t("问题描述", "Description")) <em>*</em>
        <textarea name="content" rows="6" maxlength="\(PortalSubmission.contentMax)" required\(invalid("content"))>\(HTML.esc(draft.content ?? ""))</textarea></label>
        <p class="hint">\(lang.t("请说明时间、地点、经过和您的诉求，最多 \(PortalSubmission.contentMax) 字。", "When, where, what happened and what you ask for; at most \(PortalSubmission.contentMax) characters."))</p>\(err("content"))</div>
        \(photoField)
        <div class="\(wrap("name"))" id="f-name"><label>\(lang.t("姓名", "Name"))
        <input name="name" maxlength="\(PortalSubmission.nameMax)" autocomplete="name" value="\(HTML.esc(draft.name ?? ""))"\(invalid("name"))></label>\(err("name"))</div>
        <div class="\(wrap("phone"))" id="f-phone"><label>\(lang.t("手机号", "Phone"))
        <input name="phone" type="tel" inputmode="tel" maxlength="20" autocomplete="tel" value="\(HTML.esc(draft.phone ?? ""))"\(invalid("phone"))></label>\(err("phone"))</div>
        <div class="\(wrap("anonymous"))" id="f-anonymous"><label class="check"><input type="checkbox" name="anonymous" value="on"\(draft.isAnonymous ? " checked" : "")\(invalid("anonymous"))>
        <span>\(lang.t("匿名提交", "Submit anonymously"))</span></label>
        <p class="hint rule">\(anonymousRule)</p>\(err("anonymous"))</div>
        <button type="submit" class="big primary">\(lang.t("提交", "Submit"))</button>
        </form>
        """
        return layout(req, title: lang.t("我要反映", "Submit a request"), body: body, script: true)
    }

    /// The tracking code of a new request; `photosFailed`: photos that could not be stored (the
    /// request is registered all the same, and the resident is told).
    static func submitted(_ req: Request, order: WorkOrderModel, photosFailed: Int = 0) -> String {
        let lang = Lang.of(req)
        let code = order.trackingCode ?? ""
        let photoNote = photosFailed == 0 ? "" : """
        <p class="alert" role="alert" id="photos-not-saved">\(lang.t("您的诉求已受理，但有 \(photosFailed) 张照片未能保存。办理不受影响；如需补充照片，可以再反映一件。",
                                                                     "Your request is registered, but \(photosFailed) photo(s) could not be saved. The handling goes on; to send them, submit another request."))</p>
        """
        let body = """
        <section class="card done"><h1>\(lang.t("提交成功", "Submitted"))</h1>
        \(photoNote)
        <p>\(lang.t("您的查询码是", "Your tracking code is"))</p>
        <p class="tracking-code" id="tracking-code">\(HTML.esc(PortalTracking.display(code)))</p>
        <p><strong>\(lang.t("请截图或抄下查询码。", "Take a screenshot or write it down."))</strong>
        \(order.anonymous
            ? lang.t("这是匿名诉求：凭查询码即可查询进度。", "This request is anonymous: the code alone shows its progress.")
            : lang.t("查询进度时，请输入查询码和您手机号的后四位。", "To track it, enter the code and the last 4 digits of your phone."))</p>
        <dl class="facts"><dt>\(lang.t("状态", "State"))</dt><dd>\(HTML.esc(PortalTracking.stateText(order, lang: lang)))</dd>
        <dt>\(lang.t("预计答复时间", "Expected reply by"))</dt><dd>\(HTML.esc(ConsoleFormat.time(order.dueAt)))</dd></dl>
        <a class="big primary" href="/portal/track\(HTML.esc(HTML.query([("code", code)])))">\(lang.t("查询进度", "Track it"))</a>
        <a class="big" href="/portal/submit">\(lang.t("再反映一件", "Submit another"))</a></section>
        """
        return layout(req, title: lang.t("提交成功", "Submitted"), body: body)
    }

    // MARK: - Track

    static func trackForm(_ req: Request, code: String?, notFound: Bool, notice: String? = nil) -> String {
        let lang = Lang.of(req)
        let message = notFound
            ? "<p class=\"alert\" role=\"alert\" id=\"not-found\">\(lang.t("未找到该诉求：请核对查询码和手机号后四位。", "No request found: check the tracking code and the last 4 digits of the phone."))</p>"
            : notice.map { "<p class=\"alert\" role=\"alert\">\(HTML.esc($0))</p>" } ?? ""
        let body = """
        <h1>\(lang.t("查询进度", "Track a request"))</h1>
        \(message)
        <form method="post" action="/portal/track" class="portal-form">
        <div class="field"><label>\(lang.t("查询码", "Tracking code")) <em>*</em>
        <input name="code" required autocomplete="off" autocapitalize="characters" maxlength="16" value="\(HTML.esc(code ?? ""))" placeholder="ABCDE-FGHJK"></label></div>
        <div class="field"><label>\(lang.t("手机号后四位", "Last 4 digits of the phone"))
        <input name="phone" inputmode="numeric" maxlength="4" pattern="[0-9]{4}" autocomplete="off"></label>
        <p class="hint">\(lang.t("匿名诉求只需查询码。", "Anonymous requests need the code only."))</p></div>
        <button type="submit" class="big primary">\(lang.t("查询", "Track"))</button></form>
        """
        return layout(req, title: lang.t("查询进度", "Track a request"), body: body)
    }

    static func trackResult(_ req: Request, order: WorkOrderModel, steps: [PortalTracking.Step],
                            rating: Satisfaction?, token: String?, photos: Int = 0, message: String? = nil, error: Bool = false) -> String {
        let lang = Lang.of(req)
        let category = req.hewei.categories.category(order.categoryCode).map { lang.t($0.name, $0.nameEn) } ?? order.categoryCode
        let timeline = steps.reversed().map { s in
            "<li><time>\(HTML.esc(ConsoleFormat.time(s.at)))</time><span>\(HTML.esc(s.text))</span>"
                + (s.detail.map { "<blockquote>\(HTML.esc($0))</blockquote>" } ?? "") + "</li>"
        }.joined()
        let reply = order.reply.map {
            "<section class=\"card reply\"><h2>\(lang.t("答复内容", "Our reply"))</h2><p>\(HTML.esc($0))</p></section>"
        } ?? ""
        let rate: String
        if let rating {
            rate = "<section class=\"card\" id=\"rated\"><h2>\(lang.t("您的评价", "Your rating"))</h2><p>\(HTML.esc(ConsoleFormat.satisfaction(rating.rawValue, lang: lang)))。\(lang.t("感谢您的评价！", "Thank you!"))</p></section>"
        } else if PortalTracking.rateable(order), let token {
            let options: [(Satisfaction, String)] = [(.satisfied, lang.t("满意", "Satisfied")),
                                                     (.basicallySatisfied, lang.t("基本满意", "Basically satisfied")),
                                                     (.unsatisfied, lang.t("不满意", "Unsatisfied"))]
            let radios = options.map { s, label in
                "<label class=\"chip rate-\(s.rawValue)\"><input type=\"radio\" name=\"satisfaction\" value=\"\(s.rawValue)\" required><span>\(HTML.esc(label))</span></label>"
            }.joined()
            rate = """
            <section class="card" id="rate"><h2>\(lang.t("请您评价", "Please rate our handling"))</h2>
            <form method="post" action="/portal/rate" class="portal-form">
            <input type="hidden" name="_form" value="\(HTML.esc(token))">
            <input type="hidden" name="code" value="\(HTML.esc(order.trackingCode ?? ""))">
            <fieldset><legend>\(lang.t("您对办理结果是否满意？", "Are you satisfied with the result?"))</legend><div class="chips rating">\(radios)</div></fieldset>
            <label>\(lang.t("意见（选填）", "Comment (optional)"))
            <textarea name="comment" rows="3" maxlength="\(PortalSubmission.commentMax)"></textarea></label>
            <button type="submit" class="big primary">\(lang.t("提交评价", "Send rating"))</button>
            <p class="hint">\(lang.t("每件诉求只能评价一次。", "Each request can be rated once."))</p></form></section>
            """
        } else {
            rate = "<p class=\"hint\">\(lang.t("答复后可在此评价办理结果。", "You can rate the handling here once we have replied."))</p>"
        }
        // Before the reply: when it is due (the order's handling deadline); after it: when it came.
        let answered = order.reply == nil ? nil : steps.last(where: { $0.detail != nil })?.at
        let due = answered != nil
            ? "<dt>\(lang.t("答复时间", "Answered on"))</dt><dd>\(HTML.esc(ConsoleFormat.time(answered)))</dd>"
            : "<dt>\(lang.t("预计答复时间", "Expected reply by"))</dt><dd>\(HTML.esc(ConsoleFormat.time(order.dueAt)))</dd>"
        let flash = message.map { "<p class=\"alert\(error ? "" : " ok")\" role=\"\(error ? "alert" : "status")\">\(HTML.esc($0))</p>" } ?? ""
        let body = """
        \(flash)
        <section class="card status"><p class="muted">\(lang.t("查询码", "Tracking code")) <span class="code">\(HTML.esc(PortalTracking.display(order.trackingCode ?? "")))</span></p>
        <h1 class="state" id="state">\(HTML.esc(PortalTracking.stateText(order, lang: lang)))</h1>
        <dl class="facts"><dt>\(lang.t("分类", "Category"))</dt><dd>\(HTML.esc(category))</dd>
        <dt>\(lang.t("类型", "Kind"))</dt><dd>\(HTML.esc(ConsoleFormat.kind(order.requestKind, lang: lang)))</dd>
        <dt>\(lang.t("提交时间", "Submitted"))</dt><dd>\(HTML.esc(ConsoleFormat.time(order.createdAt)))</dd>
        <dt>\(lang.t("附带照片", "Photos attached"))</dt><dd id="photo-count">\(photos == 0 ? lang.t("无", "none") : lang.t("\(photos) 张", "\(photos)"))</dd>
        \(due)</dl></section>
        \(reply)
        \(rate)
        <section class="card"><h2>\(lang.t("办理进度", "Progress"))</h2><ol class="timeline">\(timeline)</ol></section>
        <p><a class="big" href="/portal/track">\(lang.t("查询其他诉求", "Track another request"))</a></p>
        """
        return layout(req, title: lang.t("办理进度", "Progress"), body: body)
    }

    // MARK: - Errors

    static func error(_ req: Request, status: HTTPResponseStatus, message: String) -> String {
        let lang = Lang.of(req)
        let body = """
        <section class="card"><h1>\(lang.t("抱歉", "Sorry"))</h1><p class="alert" role="alert">\(HTML.esc(message))</p>
        <p><a class="big" href="/portal">\(lang.t("返回首页", "Back to the start"))</a></p></section>
        """
        return layout(req, title: "\(status.code)", body: body)
    }
}
