import Crypto
import Fluent
import Foundation
import HeweiCore

/// Stores an order's attachments: checks the size and the type by content, writes the file under
/// `<directory>/<yyyy-mm>/<id>` (written to a temporary name, flushed, then renamed, so a crash never
/// leaves half a file under a real name), then records the row. A failed row insert leaves an orphan
/// file at worst, never a row without its file.
struct AttachmentStore {
    let directory: URL
    let db: any Database
    let gate: WriteGate
    let now: Date

    static let maxBytes = 10 * 1024 * 1024
    static let maxPerOrder = 30

    func add(_ data: Data, name: String?, to order: WorkOrderModel, by actor: Principal) async throws -> AttachmentModel {
        guard !data.isEmpty else { throw HeweiError.invalidField("file", "is empty") }
        guard data.count <= Self.maxBytes else { throw HeweiError.invalidField("file", "is larger than 10 MB") }
        guard let kind = AttachmentKind.sniff(data) else {
            throw HeweiError.invalidField("file", "must be a JPEG, PNG or WebP photo or a PDF document (recognised by its content)")
        }
        let clean = Self.cleanName(name, kind: kind)
        let count = try await AttachmentModel.query(on: db).filter(\.$orderID == order.id!).count()
        guard count < Self.maxPerOrder else { throw HeweiError.rule("an order has at most \(Self.maxPerOrder) attachments") }
        let row = AttachmentModel()
        row.id = OrderedID.make()
        row.orderID = order.id!
        row.name = clean
        row.contentType = kind.contentType
        row.size = data.count
        row.sha256 = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let month = String(WorkCalendar().civilDate(of: now).description.prefix(7))
        row.path = "\(month)/\(row.id!.uuidString.lowercased())"
        row.addedByID = actor.id
        row.addedBy = actor.name
        row.createdAt = now
        try write(data, to: directory.appendingPathComponent(row.path))
        try await db.write(gate: gate) { db in try await row.create(on: db) }
        return row
    }

    func read(_ row: AttachmentModel) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(row.path))
    }

    private func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).part")
        FileManager.default.createFile(atPath: temp.path, contents: nil)
        let handle = try FileHandle(forWritingTo: temp)
        try handle.write(contentsOf: data)
        try handle.synchronize()
        try handle.close()
        try FileManager.default.moveItem(at: temp, to: url)
    }

    /// A display name without paths or control characters, ending in the type's extension.
    static func cleanName(_ name: String?, kind: AttachmentKind) -> String {
        let base = (name ?? "").split(separator: "/").last.map(String.init) ?? ""
        var cleaned = String(base.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\\" && $0 != "\"" }.prefix(100).map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        if cleaned.isEmpty || cleaned.hasPrefix(".") { cleaned = "attachment" }
        let ext = kind == .jpeg ? "jpg" : kind.rawValue
        if !cleaned.lowercased().hasSuffix(".\(ext)") && !(kind == .jpeg && cleaned.lowercased().hasSuffix(".jpeg")) { cleaned += ".\(ext)" }
        return cleaned
    }
}
