import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

/// Photos and documents on orders: type checked by content, size limited, files served only to
/// those who may see the order.
@Suite struct AttachmentTests {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: UInt8(7), count: 200))
    static let pdf = Data("%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)

    func upload(_ t: TestApp, _ code: String, _ data: Data, name: String, as h: HTTPHeaders, expect status: HTTPStatus) async throws -> String {
        var text = ""
        try await t.app.testing().test(.POST, "/api/v1/orders/\(code)/attachments?name=\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                                       beforeRequest: { req in
            req.headers = h
            req.headers.contentType = .init(type: "application", subType: "octet-stream")
            req.body = ByteBuffer(data: data)
        }, afterResponse: { res in
            text = res.body.string
            #expect(res.status == status, "upload \(name): \(res.body.string)")
        })
        return text
    }

    @Test func aPhotoIsStoredAndServedToThoseWhoSeeTheOrder() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), zjj = try await t.login("h-zjj"), rsj = try await t.login("h-rsj")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))  // → ZJJ
            let reply = try await upload(t, order.code, Self.png, name: "现场照片.png", as: zjj, expect: .created)
            let added = try JSONDecoder.iso.decode(AttachmentsController.AttachmentDTO.self, from: Data(reply.utf8))
            #expect(added.contentType == "image/png" && added.size == Self.png.count && added.name == "现场照片.png" && added.addedBy.contains("住房"))
            _ = try await upload(t, order.code, Self.pdf, name: "../../etc/回执", as: clerk, expect: .created)
            let list = try await t.get("/api/v1/orders/\(order.code)/attachments", as: zjj, [AttachmentsController.AttachmentDTO].self)
            #expect(list.map(\.name) == ["现场照片.png", "回执.pdf"])
            // the file comes back byte for byte, typed by content, never sniffed by the browser
            try await t.app.testing().test(.GET, "/api/v1/orders/\(order.code)/attachments/\(added.id)", headers: zjj, afterResponse: { res in
                #expect(res.status == .ok)
                #expect(Data(buffer: res.body) == Self.png)
                #expect(res.headers.contentType?.description == "image/png")
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
            })
            // another unit does not see the order, so not its files either
            try await t.send(.GET, "/api/v1/orders/\(order.code)/attachments/\(added.id)", as: rsj, expect: .notFound)
            try await t.send(.GET, "/api/v1/orders/\(order.code)/attachments", as: rsj, expect: .notFound)
            _ = try await upload(t, order.code, Self.png, name: "x.png", as: rsj, expect: .notFound)
            // the leader reads but does not add
            let leader = try await t.login("leader")
            #expect(try await t.get("/api/v1/orders/\(order.code)/attachments", as: leader, [AttachmentsController.AttachmentDTO].self).count == 2)
            _ = try await upload(t, order.code, Self.png, name: "x.png", as: leader, expect: .forbidden)
            try await t.send(.GET, "/api/v1/orders/\(order.code)/attachments/\(UUID())", as: zjj, expect: .notFound)
            // the order page lists them with links the console session may follow
            let page = try await get(t, "/console/orders/\(order.code)", try await signIn(t, "h-zjj")).body.string
            #expect(page.contains("/api/v1/orders/\(order.code)/attachments/\(added.id)") && page.contains("现场照片.png"))
        }
    }

    @Test func theTypeIsCheckedByContentAndTheSizeIsLimited() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            // a script renamed to .jpg is refused; so is an empty file and one over 10 MB
            let refused = try await upload(t, order.code, Data("<script>alert(1)</script>".utf8), name: "photo.jpg", as: clerk, expect: .badRequest)
            #expect(refused.contains("recognised by its content"))
            _ = try await upload(t, order.code, Data(), name: "empty.png", as: clerk, expect: .badRequest)
            var big = Self.png
            big.append(Data(repeating: 0, count: 10 * 1024 * 1024))
            _ = try await upload(t, order.code, big, name: "big.png", as: clerk, expect: .badRequest)
            #expect(try await AttachmentModel.query(on: t.app.db).count() == 0)
            // a JPEG is named .jpg whatever it was called
            let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: UInt8(1), count: 64))
            let ok = try await upload(t, order.code, jpeg, name: "IMG_0001", as: clerk, expect: .created)
            #expect(ok.contains("\"name\":\"IMG_0001.jpg\"") && ok.contains("image\\/jpeg") || ok.contains("image/jpeg"))
        }
    }
}

extension JSONDecoder {
    static var iso: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }
}
