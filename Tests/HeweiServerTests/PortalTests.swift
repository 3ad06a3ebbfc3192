import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// The resident portal (/portal): submit without an account, track with the tracking code and the
/// phone's last four digits, rate once after the reply — and see nothing staff-internal.
@Suite(.serialized) struct PortalTests {
    @Test func aSubmissionGetsATrackingCodeAndBecomesAnAppOrder() async throws {
        try await withApp { t in
            let places = try await t.gridWithTwoPlaces()
            let browser = try await Portal.open(t)
            #expect(browser.page.contains("只有“举报”和“建议”可以匿名提交"), "the anonymous rule is stated on the page")
            #expect(browser.page.contains("<optgroup"), "categories and communities are grouped")
            #expect(browser.page.contains("id=\"portal-map\""), "the town map is drawn")

            let res = try await Portal.submit(t, browser, Portal.request(community: places.here[2]))
            #expect(res.status == .ok, "\(res.body.string.prefix(500))")
            let code = try Portal.trackingCode(in: res.body.string)
            #expect(res.body.string.contains(PortalTracking.display(code)))

            let order = try #require(try await WorkOrderModel.query(on: t.app.db).filter(\.$trackingCode == code).first())
            #expect(order.channel == "app")
            #expect(order.requestKind == "complaint")
            #expect(order.code != code && !order.code.contains(code))
            #expect(order.requesterPhone == "13912345678" && order.requesterName == "王小明" && !order.anonymous)
            #expect(order.state == "dispatched", "dispatched by the routing rules (auto)")
            #expect(order.cellMedium == places.here[2], "the chosen community locates the order")
            let events = try await OrderEventModel.query(on: t.app.db).filter(\.$orderID == order.id!).sort(\.$seq).all()
            #expect(events.map(\.action) == ["accept", "dispatch"])
            #expect(events.allSatisfy { $0.actorName == "居民门户" })
            #expect(events.first?.data.contains("\"channel\":\"app\"") == true)

            // A double tap posts the same form twice: one order, the same code.
            let fields = Portal.request(community: places.here[2]).merging(["_form": browser.token]) { $1 }
            let first = try await Portal.post(t, "/portal/submit", fields, cookie: browser.cookie)
            let second = try await Portal.post(t, "/portal/submit", fields, cookie: browser.cookie)
            #expect(try Portal.trackingCode(in: first.body.string) == (try Portal.trackingCode(in: second.body.string)))
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 2)
        }
    }

    @Test func badInputShowsEveryFieldMessageAndStoresNothing() async throws {
        try await withApp { t in
            _ = try await t.gridWithTwoPlaces()
            let browser = try await Portal.open(t)
            var fields = Portal.request(community: "")
            fields["content"] = String(repeating: "路", count: 2001)
            fields["phone"] = ""
            fields["address"] = "五马祠街12号<b>"
            let res = try await Portal.submit(t, browser, fields)
            #expect(res.status == .badRequest)
            let page = res.body.string
            #expect(page.contains("问题描述最多 2000 字"))
            #expect(page.contains("请填写手机号"))
            #expect(page.contains("请选择村居/社区，或在地图上点选位置"))
            #expect(page.contains("value=\"五马祠街12号&lt;b&gt;\""), "the values are shown again, escaped")
            #expect(page.contains("name=\"_form\""), "with a fresh token")
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 0)

            // A point typed by hand outside the county is refused as well.
            var outside = Portal.request(community: "")
            outside["longitude"] = "120.5"
            outside["latitude"] = "30.1"
            let far = try await Portal.submit(t, browser, outside)
            #expect(far.status == .badRequest && far.body.string.contains("不在本市范围内"))

            // Without the form's token (another site, or no page first): refused, nothing stored.
            var forged = Portal.request(community: "")
            forged["longitude"] = "116.99"
            forged["latitude"] = "35.58"
            forged["_form"] = "1795654800.AAAA.BBBB"
            let refused = try await Portal.post(t, "/portal/submit", forged, cookie: browser.cookie)
            #expect(refused.status == .forbidden && refused.body.string.contains("页面已过期"))
            let noCookie = try await Portal.post(t, "/portal/submit", Portal.request(community: "").merging(["_form": browser.token]) { $1 }, cookie: nil)
            #expect(noCookie.status == .forbidden)
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 0)

            // English on request.
            let en = try await t.app.testing().sendRequest(.GET, "/portal/submit?lang=en")
            #expect(en.status == .ok && en.body.string.contains("Only reports (举报) and suggestions (建议) may be anonymous"))
        }
    }

    @Test func anonymousOnlyForReportsAndSuggestions() async throws {
        try await withApp { t in
            let places = try await t.gridWithTwoPlaces()
            let browser = try await Portal.open(t)
            var complaint = Portal.request(community: places.here[2])
            complaint["anonymous"] = "on"
            complaint["name"] = ""
            complaint["phone"] = ""
            let refused = try await Portal.submit(t, browser, complaint)
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("只有“举报”和“建议”可以匿名提交"))
            #expect(refused.body.string.contains("id=\"err-anonymous\""))
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 0)

            for kind in ["report", "suggestion"] {
                var anonymous = complaint
                anonymous["kind"] = kind
                let res = try await Portal.submit(t, browser, anonymous)
                #expect(res.status == .ok, "\(kind): \(res.body.string.prefix(300))")
                let code = try Portal.trackingCode(in: res.body.string)
                let order = try #require(try await WorkOrderModel.query(on: t.app.db).filter(\.$trackingCode == code).first())
                #expect(order.anonymous && order.requesterPhone.isEmpty && order.requesterName.isEmpty)
                // The code alone finds an anonymous request.
                let tracked = try await Portal.post(t, "/portal/track", ["code": code.lowercased()], cookie: nil)
                #expect(tracked.status == .ok && tracked.body.string.contains("id=\"state\""))
            }
        }
    }

    @Test func wrongPhoneDigitsGetTheSameNotFoundPageAndLookUpsAreRateLimited() async throws {
        try await withApp { t in
            let places = try await t.gridWithTwoPlaces()
            let browser = try await Portal.open(t)
            let code = try Portal.trackingCode(in: try await Portal.submit(t, browser, Portal.request(community: places.here[2])).body.string)

            let right = try await Portal.post(t, "/portal/track", ["code": PortalTracking.display(code), "phone": "5678"], cookie: nil)
            #expect(right.status == .ok && right.body.string.contains("已转交承办单位"))
            let wrongPhone = try await Portal.post(t, "/portal/track", ["code": code, "phone": "1234"], cookie: nil)
            let noPhone = try await Portal.post(t, "/portal/track", ["code": code], cookie: nil)
            let other = PortalTracking.newCode()
            let wrongCode = try await Portal.post(t, "/portal/track", ["code": other, "phone": "5678"], cookie: nil)
            let viaGet = try await t.app.testing().sendRequest(.GET, "/portal/track?code=\(code)&phone=0000")
            for res in [wrongPhone, noPhone, wrongCode, viaGet] {
                #expect(res.status == .notFound)
                #expect(res.body.string == wrongCode.body.string, "a wrong phone and a wrong code must look the same")
                #expect(res.body.string.contains("未找到该诉求"))
                #expect(!res.body.string.contains(code))
            }
            // The public bucket (60 at once, 1 a second) runs out: 429 on a portal page.
            var statuses: [UInt] = []
            for _ in 0..<70 {
                statuses.append(try await Portal.post(t, "/portal/track", ["code": other, "phone": "1111"], cookie: nil).status.code)
            }
            #expect(statuses.contains(429))
            let limited = try await Portal.post(t, "/portal/track", ["code": code, "phone": "5678"], cookie: nil)
            #expect(limited.status == .tooManyRequests && limited.body.string.contains("操作太频繁"))
        }
    }

    @Test func thePublicTimelineShowsNoStaffNotesNamesOrContacts() async throws {
        try await withApp { t in
            let places = try await t.gridWithTwoPlaces()
            let browser = try await Portal.open(t)
            let code = try Portal.trackingCode(in: try await Portal.submit(t, browser, Portal.request(community: places.here[2])).body.string)
            let order = try #require(try await WorkOrderModel.query(on: t.app.db).filter(\.$trackingCode == code).first())
            let unit = try #require(t.context.org.unit(order.leadUnitID))
            let handler = try await t.login("h-" + unit.code.lowercased())
            let dispatcher = try await t.login("dispatcher")
            let secret = "内部备注：此事应由住建局负责，请改派"
            try await t.act(order.code, "object", ActionInput(note: secret), as: handler)
            try await t.act(order.code, "rejectObjection", ActionInput(note: "驳回异议：属本单位职责"), as: dispatcher)
            try await t.act(order.code, "report", ActionInput(note: "内部办理记录：已派人维修"), as: handler)
            try await t.act(order.code, "reply", ActionInput(reply: "您反映的路灯已修复，感谢监督。"), as: dispatcher)

            let res = try await t.app.testing().sendRequest(.GET, "/portal/track?code=\(code)&phone=5678")
            #expect(res.status == .ok)
            let page = res.body.string
            #expect(page.contains("已转交 \(unit.name)"))
            #expect(page.contains("您反映的路灯已修复，感谢监督。"), "the reply is shown")
            #expect(page.contains("已答复"))
            for hidden in [secret, "驳回异议", "内部办理记录", "13912345678", "5678", "王小明", order.code] {
                #expect(!page.contains(hidden), "the public page shows '\(hidden)'")
            }
            let staff = try await UserModel.query(on: t.app.db).filter(\.$username ~~ ["dispatcher", "h-" + unit.code.lowercased()]).all()
            #expect(staff.count == 2)
            for user in staff { #expect(!page.contains(user.displayName), "staff name \(user.displayName)") }
        }
    }

    @Test func aRatingAfterTheReplyIsTakenOnceAndNeverBefore() async throws {
        try await withApp { t in
            let places = try await t.gridWithTwoPlaces()
            let browser = try await Portal.open(t)
            let code = try Portal.trackingCode(in: try await Portal.submit(t, browser, Portal.request(community: places.here[2])).body.string)
            let order = try #require(try await WorkOrderModel.query(on: t.app.db).filter(\.$trackingCode == code).first())
            let unit = try #require(t.context.org.unit(order.leadUnitID))
            let handler = try await t.login("h-" + unit.code.lowercased())
            let dispatcher = try await t.login("dispatcher")

            // Before the reply: no rating form, and a forged rating is refused.
            let early = try await Portal.track(t, code: code, phone: "5678", cookie: browser.cookie)
            #expect(!early.contains("name=\"satisfaction\"") && early.contains("答复后可在此评价"))
            let before = try await Portal.post(t, "/portal/rate", ["code": code, "satisfaction": "satisfied", "_form": browser.token],
                                               cookie: browser.cookie)
            #expect(before.status == .forbidden, "the submit form's token is not a rating token")
            let req = Request(application: t.app, on: t.app.eventLoopGroup.next())
            let rateToken = PortalFormToken.issue(.rate, subject: code, browser: browser.browserID, req: req)
            let refused = try await Portal.post(t, "/portal/rate", ["code": code, "satisfaction": "satisfied", "_form": rateToken],
                                                cookie: browser.cookie)
            #expect(refused.status == .conflict && refused.body.string.contains("答复之后才能评价"))

            // Staff cannot rate through the actions endpoint: it is not an action there (404).
            try await t.act(order.code, "rate", ActionInput(satisfaction: "satisfied"), as: dispatcher, expect: .notFound)

            try await t.act(order.code, "signFor", as: handler)
            try await t.act(order.code, "report", ActionInput(note: "已修复"), as: handler)
            try await t.act(order.code, "reply", ActionInput(reply: "路灯已修复。"), as: handler)

            let page = try await Portal.track(t, code: code, phone: "5678", cookie: browser.cookie)
            for value in ["satisfied", "basicallySatisfied", "unsatisfied"] { #expect(page.contains("value=\"\(value)\"")) }
            #expect(!page.contains("5678"), "the rating form carries no phone digits")
            let token = try Portal.token(in: page)
            // The token is bound to this code and this browser: not another code, not another browser.
            let other = PortalTracking.newCode()
            let elsewhere = try await Portal.post(t, "/portal/rate", ["code": other, "satisfaction": "satisfied", "_form": token], cookie: browser.cookie)
            #expect(elsewhere.status == .forbidden)
            let otherBrowser = try await Portal.post(t, "/portal/rate", ["code": code, "satisfaction": "satisfied", "_form": token],
                                                     cookie: "\(PortalFormToken.cookie)=another-browser-0123456789")
            #expect(otherBrowser.status == .forbidden)
            let unknownChoice = try await Portal.post(t, "/portal/rate", ["code": code, "satisfaction": "unreachable", "_form": token], cookie: browser.cookie)
            #expect(unknownChoice.status == .badRequest)
            let rated = try await Portal.post(t, "/portal/rate", ["code": code, "satisfaction": "basicallySatisfied",
                                                                   "comment": "修得及时", "_form": token], cookie: browser.cookie)
            #expect(rated.status == .ok && rated.body.string.contains("感谢您的评价"))
            #expect(rated.body.string.contains("您已评价：基本满意"))
            let again = try await Portal.post(t, "/portal/rate", ["code": code, "satisfaction": "unsatisfied", "_form": token], cookie: browser.cookie)
            #expect(again.status == .conflict && again.body.string.contains("已经评价过了"))

            let ratings = try await OrderEventModel.query(on: t.app.db).filter(\.$orderID == order.id!).filter(\.$action == "rate").all()
            #expect(ratings.count == 1)
            #expect(ratings.first?.data == #"{"comment":"修得及时","satisfaction":"basicallySatisfied"}"#)
            #expect(ratings.first?.actorName == "居民门户" && ratings.first?.toState == "replied")
            // The staff timeline shows the rating; the state did not move.
            let timeline = try await t.timeline(order.code, as: dispatcher)
            #expect(timeline.last?.action == "rate")
            #expect(try await t.order(order.code, as: dispatcher).state == "replied")
        }
    }

    // MARK: - Photos

    @Test func photosComeWithTheRequestAndTheTrackPageOnlyCountsThem() async throws {
        try await withApp { t in
            let places = try await t.gridWithTwoPlaces()
            let browser = try await Portal.open(t)
            #expect(browser.page.contains(#"enctype="multipart/form-data""#))
            #expect(browser.page.contains(#"<input type="file" name="photos[]" accept="image/jpeg,image/png,image/webp" multiple"#))
            #expect(browser.page.contains("最多 3 张，每张不超过 5 MB"), "both limits are stated on the page")

            let photos = [Portal.Upload(filename: "street.png", type: "image/png", data: Portal.png),
                          Portal.Upload(filename: "lamp.jpg", type: "image/jpeg", data: Portal.jpeg)]
            let res = try await Portal.submit(t, browser, Portal.request(community: places.here[2]), photos: photos)
            #expect(res.status == .ok, "\(res.body.string.prefix(500))")
            #expect(!res.body.string.contains("photos-not-saved"))
            let code = try Portal.trackingCode(in: res.body.string)
            let order = try #require(try await WorkOrderModel.query(on: t.app.db).filter(\.$trackingCode == code).first())
            #expect(order.requesterName == "王小明" && order.content.contains("路灯"), "the other fields came through the multipart form")

            let rows = try await AttachmentModel.query(on: t.app.db).filter(\.$orderID == order.id!).sort(\.$name).all()
            #expect(rows.map(\.name) == ["lamp.jpg", "street.png"])
            #expect(rows.map(\.contentType) == ["image/jpeg", "image/png"])
            #expect(rows.allSatisfy { $0.addedBy == "居民门户" && $0.addedByID == nil }, "stored as the portal")

            // The staff see them on the order, byte for byte.
            let dispatcher = try await t.login("dispatcher")
            let list = try await t.get("/api/v1/orders/\(order.code)/attachments", as: dispatcher, [AttachmentsController.AttachmentDTO].self)
            #expect(list.count == 2 && Set(list.map(\.size)) == [Portal.png.count, Portal.jpeg.count])
            let png = try #require(list.first { $0.contentType == "image/png" })
            let file = try await t.app.testing().sendRequest(.GET, "/api/v1/orders/\(order.code)/attachments/\(png.id)", headers: dispatcher)
            #expect(file.status == .ok && Data(buffer: file.body) == Portal.png)

            // The track page says how many, and shows none of them.
            let page = try await Portal.track(t, code: code, phone: "5678", cookie: browser.cookie)
            #expect(page.contains(#"id="photo-count">2 张<"#))
            #expect(!page.contains("street.png") && !page.contains("lamp.jpg") && !page.contains("/attachments"))

            // A double tap with photos: one order, its photos once.
            let fields = Portal.request(community: places.here[2]).merging(["_form": try Portal.token(in: try await Portal.form(t, browser))]) { $1 }
            let first = try await Portal.postMultipart(t, "/portal/submit", fields, photos: photos, cookie: browser.cookie)
            let second = try await Portal.postMultipart(t, "/portal/submit", fields, photos: photos, cookie: browser.cookie)
            let again = try Portal.trackingCode(in: first.body.string)
            #expect(again == (try Portal.trackingCode(in: second.body.string)))
            let twice = try #require(try await WorkOrderModel.query(on: t.app.db).filter(\.$trackingCode == again).first())
            #expect(try await AttachmentModel.query(on: t.app.db).filter(\.$orderID == twice.id!).count() == 2)

            // Multipart without a photo (a browser sends an empty file part): taken, nothing attached.
            let none = try await Portal.submit(t, browser, Portal.request(community: places.here[2]),
                                               photos: [Portal.Upload(filename: "", type: "application/octet-stream", data: Data())])
            #expect(none.status == .ok, "\(none.body.string.prefix(300))")
            let bare = try Portal.trackingCode(in: none.body.string)
            #expect(try await Portal.track(t, code: bare, phone: "5678", cookie: browser.cookie).contains(#"id="photo-count">无<"#))
            #expect(try await AttachmentModel.query(on: t.app.db).count() == 4)
        }
    }

    @Test func onlyPhotosAreTakenAndARefusedPhotoStoresNothing() async throws {
        try await withApp { t in
            let places = try await t.gridWithTwoPlaces()
            let browser = try await Portal.open(t)
            let request = Portal.request(community: places.here[2])
            let refusals: [(what: String, photos: [Portal.Upload], message: String)] = [
                ("a PDF", [Portal.Upload(filename: "street.png", type: "image/png", data: Portal.png),
                           Portal.Upload(filename: "receipt.pdf", type: "application/pdf", data: Portal.pdf)],
                 "只能上传 JPEG、PNG 或 WebP 格式的照片（“receipt.pdf”不是）"),
                ("a text file named .jpg", [Portal.Upload(filename: "photo.jpg", type: "image/jpeg", data: Data("not a photo at all".utf8))],
                 "只能上传 JPEG、PNG 或 WebP 格式的照片（“photo.jpg”不是）"),
                ("four photos", Array(repeating: Portal.Upload(filename: "p.png", type: "image/png", data: Portal.png), count: 4),
                 "最多上传 3 张照片（现有 4 张）"),
                ("a photo over 5 MB", [Portal.Upload(filename: "big.png", type: "image/png",
                                                     data: Portal.png + Data(count: PortalSubmission.photoMaxBytes))],
                 "每张照片不超过 5 MB（“big.png”超过了）"),
            ]
            for refusal in refusals {
                let res = try await Portal.submit(t, browser, request, photos: refusal.photos)
                #expect(res.status == .badRequest, "\(refusal.what)")
                let page = res.body.string
                #expect(page.contains(refusal.message), "\(refusal.what): \(page.prefix(300))")
                #expect(page.contains(#"id="err-photos""#) && page.contains(##"href="#f-photos""##), "\(refusal.what): the field error")
                #expect(page.contains("请重新选择"), "\(refusal.what): the photos are to be chosen again")
                #expect(page.contains(#"value="五马祠街12号""#), "\(refusal.what): the other values are kept")
                #expect(try await WorkOrderModel.query(on: t.app.db).count() == 0, "\(refusal.what): no order")
                #expect(try await AttachmentModel.query(on: t.app.db).count() == 0, "\(refusal.what): no attachment")
            }

            // A good photo with another field wrong: the field's message, nothing stored either.
            var noPhone = request
            noPhone["phone"] = ""
            let res = try await Portal.submit(t, browser, noPhone, photos: [Portal.Upload(filename: "a.webp", type: "image/webp", data: Portal.webp)])
            #expect(res.status == .badRequest && res.body.string.contains("请填写手机号") && !res.body.string.contains("err-photos"))
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 0)
            #expect(try await AttachmentModel.query(on: t.app.db).count() == 0)

            // Multipart still needs the form's token.
            var forged = request
            forged["_form"] = "1795654800.AAAA.BBBB"
            let refused = try await Portal.postMultipart(t, "/portal/submit", forged, photos: [Portal.Upload(filename: "a.png", type: "image/png", data: Portal.png)],
                                                         cookie: browser.cookie)
            #expect(refused.status == .forbidden && refused.body.string.contains("页面已过期"))
            #expect(try await AttachmentModel.query(on: t.app.db).count() == 0)
        }
    }

    @Test func aPhotoThatCannotBeStoredDoesNotLoseTheRequest() async throws {
        guard (ProcessInfo.processInfo.environment["HEWEI_ATTACHMENTS_DIR"] ?? "").isEmpty else { return }
        try await withApp { t in
            let places = try await t.gridWithTwoPlaces()
            let browser = try await Portal.open(t)
            // The attachment directory cannot be made: a plain file stands where it should be.
            let data = URL(fileURLWithPath: t.context.options.dataDirectory)
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            try Data("in the way".utf8).write(to: data.appendingPathComponent("attachments"))

            let res = try await Portal.submit(t, browser, Portal.request(community: places.here[2]),
                                              photos: [Portal.Upload(filename: "street.png", type: "image/png", data: Portal.png)])
            #expect(res.status == .ok, "\(res.body.string.prefix(300))")
            #expect(res.body.string.contains(#"id="photos-not-saved""#) && res.body.string.contains("有 1 张照片未能保存"))
            let code = try Portal.trackingCode(in: res.body.string)
            #expect(try await WorkOrderModel.query(on: t.app.db).filter(\.$trackingCode == code).count() == 1, "the request is kept")
            #expect(try await AttachmentModel.query(on: t.app.db).count() == 0)
        }
    }

    /// Real pages in a real browser: headless Chromium at phone size, screenshots into
    /// docs/screenshots/portal-*.png, and the rendered DOM checked.
    @Test(.enabled(if: Chromium.path != nil || Chromium.ci, "chromium is not installed (apt-get install chromium); skipped outside CI"))
    func screenshotsOfThePortalInHeadlessChromium() async throws {
        let chromium = try #require(Chromium.path, "CI=true but chromium is not installed")
        try await withApp { t in
            let places = try await t.gridWithTwoPlaces()
            let browser = try await Portal.open(t)
            let code = try Portal.trackingCode(in: try await Portal.submit(t, browser, Portal.request(community: places.here[2])).body.string)
            let order = try #require(try await WorkOrderModel.query(on: t.app.db).filter(\.$trackingCode == code).first())
            let handler = try await t.login("h-" + (try #require(t.context.org.unit(order.leadUnitID))).code.lowercased())
            try await t.act(order.code, "signFor", as: handler)
            let replied = try Portal.trackingCode(in: try await Portal.submit(t, browser, Portal.request(community: places.there[2])).body.string)
            let second = try #require(try await WorkOrderModel.query(on: t.app.db).filter(\.$trackingCode == replied).first())
            let handler2 = try await t.login("h-" + (try #require(t.context.org.unit(second.leadUnitID))).code.lowercased())
            try await t.act(second.code, "signFor", as: handler2)
            try await t.act(second.code, "report", ActionInput(note: "已清理"), as: handler2)
            try await t.act(second.code, "reply", ActionInput(reply: "已安排清理，并加强巡查。"), as: handler2)

            try await t.app.http.server.shared.start(address: .hostname("127.0.0.1", port: 0))
            do {
                let port = try #require(t.app.http.server.shared.localAddress?.port)
                let base = "http://127.0.0.1:\(port)"
                let shots: [(name: String, url: String, expect: [String])] = [
                    ("portal-submit", "\(base)/portal/submit", ["我要反映", "只有“举报”和“建议”可以匿名提交", "portal-map", "name=\"content\""]),
                    ("portal-track", "\(base)/portal/track?code=\(code)&phone=5678",
                     [PortalTracking.display(code), "正在办理", "办理进度", "已转交", "答复后可在此评价"]),
                    ("portal-rate", "\(base)/portal/track?code=\(replied)&phone=5678",
                     [PortalTracking.display(replied), "已答复", "已安排清理，并加强巡查。", "value=\"satisfied\"", "value=\"basicallySatisfied\"",
                      "value=\"unsatisfied\"", "提交评价"]),
                ]
                for shot in shots {
                    let file = Chromium.screenshots.appendingPathComponent("\(shot.name).png")
                    try? FileManager.default.removeItem(at: file)
                    _ = try await Chromium.run(chromium, ["--window-size=390,844", "--hide-scrollbars", "--screenshot=\(file.path)", shot.url])
                    let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
                    #expect(size > 5 * 1024, "\(shot.name).png: \(size) bytes")
                    let dom = try await Chromium.run(chromium, ["--dump-dom", shot.url])
                    for text in shot.expect { #expect(dom.contains(text), "\(shot.name): the page lacks '\(text)'") }
                }
            } catch {
                await t.app.http.server.shared.shutdown()
                throw error
            }
            await t.app.http.server.shared.shutdown()
        }
    }
}

// MARK: - Steps

enum Portal {
    struct Browser {
        /// The `Cookie` header value with the portal's browser id.
        var cookie: String
        var browserID: String
        var token: String
        var page: String
    }

    /// Opens the submit form like a browser: its token and the browser cookie.
    static func open(_ t: TestApp) async throws -> Browser {
        let res = try await t.app.testing().sendRequest(.GET, "/portal/submit")
        #expect(res.status == .ok)
        let id = try #require(res.headers.setCookie?[PortalFormToken.cookie]?.string)
        return Browser(cookie: "\(PortalFormToken.cookie)=\(id)", browserID: id, token: try token(in: res.body.string), page: res.body.string)
    }

    static func request(community: String) -> [String: String] {
        ["kind": "complaint", "category": "0106", "community": community, "address": "五马祠街12号",
         "content": "小区门口路灯连续三晚不亮，夜间出行不便。", "name": "王小明", "phone": "13912345678"]
    }

    /// Opens the form again in the same browser (a fresh token: each form is one request) and posts it.
    static func submit(_ t: TestApp, _ browser: Browser, _ fields: [String: String]) async throws -> TestingHTTPResponse {
        let form = try await t.app.testing().sendRequest(.GET, "/portal/submit", headers: [HTTPHeaders.Name.cookie.description: browser.cookie])
        #expect(form.headers.setCookie?[PortalFormToken.cookie] == nil, "the browser keeps its id")
        return try await post(t, "/portal/submit", fields.merging(["_form": try token(in: form.body.string)]) { $1 }, cookie: browser.cookie)
    }

    /// A file of the multipart form's `photos[]`.
    struct Upload {
        var filename: String
        var type: String
        var data: Data
    }

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: UInt8(7), count: 300))
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: UInt8(9), count: 400))
    static let webp = Data(Array("RIFF".utf8) + [0x20, 0, 0, 0] + Array("WEBP".utf8) + Array(repeating: UInt8(3), count: 100))
    static let pdf = Data("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)

    /// The submit form again in the same browser (its page, with a fresh token).
    static func form(_ t: TestApp, _ browser: Browser) async throws -> String {
        try await t.app.testing().sendRequest(.GET, "/portal/submit", headers: [HTTPHeaders.Name.cookie.description: browser.cookie]).body.string
    }

    /// Like `submit`, as `multipart/form-data` with photos — what a browser sends.
    static func submit(_ t: TestApp, _ browser: Browser, _ fields: [String: String], photos: [Upload]) async throws -> TestingHTTPResponse {
        let token = try token(in: try await form(t, browser))
        return try await postMultipart(t, "/portal/submit", fields.merging(["_form": token]) { $1 }, photos: photos, cookie: browser.cookie)
    }

    static func postMultipart(_ t: TestApp, _ path: String, _ fields: [String: String], photos: [Upload], cookie: String?) async throws -> TestingHTTPResponse {
        let boundary = "----hewei-test-\(UUID().uuidString)"
        var body = Data()
        func add(_ text: String) { body.append(Data(text.utf8)) }
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for photo in photos {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"photos[]\"; filename=\"\(photo.filename)\"\r\nContent-Type: \(photo.type)\r\n\r\n")
            body.append(photo.data)
            add("\r\n")
        }
        add("--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        if let cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await t.app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(data: body))
    }

    static func post(_ t: TestApp, _ path: String, _ fields: [String: String], cookie: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        return try await t.app.testing().sendRequest(.POST, path, headers: headers) { req in
            try req.content.encode(fields, as: .urlEncodedForm)
        }
    }

    static func track(_ t: TestApp, code: String, phone: String, cookie: String) async throws -> String {
        let res = try await t.app.testing().sendRequest(.GET, "/portal/track?code=\(code)&phone=\(phone)", headers: [HTTPHeaders.Name.cookie.description: cookie])
        #expect(res.status == .ok)
        return res.body.string
    }

    static func token(in page: String) throws -> String {
        let range = try #require(page.range(of: #"name="_form" value="[^"]+""#, options: .regularExpression), "no form token")
        return String(page[range].dropFirst(#"name="_form" value=""#.count).dropLast())
    }

    static func trackingCode(in page: String) throws -> String {
        let range = try #require(page.range(of: #"id="tracking-code">[A-Z0-9-]+<"#, options: .regularExpression), "no tracking code in \(page.prefix(300))")
        let shown = page[range].dropFirst(#"id="tracking-code">"#.count).dropLast()
        return shown.replacingOccurrences(of: "-", with: "")
    }
}

enum Chromium {
    static var ci: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static var path: String? {
        for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"] where FileManager.default.isExecutableFile(atPath: p) {
            return p
        }
        return nil
    }

    static var screenshots: URL {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/screenshots").standardized
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs headless Chromium and returns its standard output (at most 90 seconds).
    static func run(_ chromium: String, _ arguments: [String]) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("hewei-chromium-\(UUID().uuidString)")
        process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--user-data-dir=\(profile.path)"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reader = Task.detached { out.fileHandleForReading.readDataToEndOfFile() }
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning && Date() < deadline { try await Task.sleep(nanoseconds: 100_000_000) }
        if process.isRunning { process.terminate() }
        let data = await reader.value
        try? FileManager.default.removeItem(at: profile)
        return String(decoding: data, as: UTF8.self)
    }
}
