import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

@Suite(.serialized) struct HallScreenTests {
    /// Three visitors, two of them called: the screen shows numbers, areas and counters only.
    static func hallWithCalls(_ t: TestApp) async throws {
        let desk = try await t.login("clerk")
        _ = try await t.visit("jointPetition", desk, name: "孔祥林")
        _ = try await t.visit("jointPetition", desk, name: "颜丽华")
        _ = try await t.visit("mediation", desk, name: "曾宪明")
        _ = try await t.visit("mediation", desk, name: "孟庆辉")
        _ = try await t.callNext("jointPetition", "2号窗口", desk)
        _ = try await t.callNext("mediation", "调解室一", desk)
    }

    static func expectNoPersonalData(_ html: String) {
        for secret in ["孔祥林", "颜丽华", "曾宪明", "孟庆辉", "13812345678", "138****5678", "5678", "宅基地"] {
            #expect(!html.contains(secret), "the screen shows '\(secret)'")
        }
    }

    @Test func theScreenShowsCalledNumbersWithoutPersonalData() async throws {
        try await withApp { t in
            try await Self.hallWithCalls(t)
            let res = try await t.app.testing().sendRequest(.GET, "/hall/screen")
            #expect(res.status == .ok)
            let html = res.body.string
            for text in ["A001", "2号窗口", "C001", "调解室一", "联合接访", "涉法涉诉接待", "矛盾纠纷综合调处", "http-equiv=\"refresh\""] {
                #expect(html.contains(text), "the screen lacks '\(text)'")
            }
            #expect(html.contains("A002") && html.contains("C002"))  // waiting next
            #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
            let css = try await t.app.testing().sendRequest(.GET, "/hall/screen.css")
            #expect(css.status == .ok && css.headers.contentType?.subType == "css" && css.body.string.contains("font-size"))
            Self.expectNoPersonalData(html)
        }
    }

    @Test(.enabled(if: Chromium.path != nil || Chromium.ci, "chromium is not installed (apt-get install chromium); skipped outside CI"))
    func screenshotOfTheHallScreenInHeadlessChromium() async throws {
        let chromium = try #require(Chromium.path, "CI=true but chromium is not installed")
        try await withApp { t in
            try await Self.hallWithCalls(t)
            try await t.app.http.server.shared.start(address: .hostname("127.0.0.1", port: 0))
            do {
                let port = try #require(t.app.http.server.shared.localAddress?.port)
                let url = "http://127.0.0.1:\(port)/hall/screen"
                let file = Chromium.screenshots.appendingPathComponent("hall-screen.png")
                try? FileManager.default.removeItem(at: file)
                _ = try await Chromium.run(chromium, ["--window-size=1600,900", "--hide-scrollbars", "--screenshot=\(file.path)", url])
                let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
                #expect(size > 5 * 1024, "hall-screen.png: \(size) bytes")
                let dom = try await Chromium.run(chromium, ["--dump-dom", url])
                #expect(dom.contains("A001") && dom.contains("C001"))
                Self.expectNoPersonalData(dom)
            } catch {
                await t.app.http.server.shared.shutdown()
                throw error
            }
            await t.app.http.server.shared.shutdown()
        }
    }
}
