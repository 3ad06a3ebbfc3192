import Foundation

/// The file types an order may carry, recognised by their content (the first bytes), never by the
/// name or the declared type: photos (JPEG, PNG, WebP) and PDF documents.
enum AttachmentKind: String, CaseIterable, Sendable {
    case jpeg, png, webp, pdf

    var contentType: String {
        switch self {
        case .jpeg: return "image/jpeg"
        case .png: return "image/png"
        case .webp: return "image/webp"
        case .pdf: return "application/pdf"
        }
    }

    var isImage: Bool { self != .pdf }

    static func sniff(_ data: Data) -> AttachmentKind? {
        let b = [UInt8](data.prefix(12))
        if b.count >= 3, b[0] == 0xFF, b[1] == 0xD8, b[2] == 0xFF { return .jpeg }
        if b.count >= 8, b[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        if b.count >= 12, b[0..<4] == [0x52, 0x49, 0x46, 0x46], b[8..<12] == [0x57, 0x45, 0x42, 0x50] { return .webp }
        if b.count >= 5, b[0..<5] == [0x25, 0x50, 0x44, 0x46, 0x2D] { return .pdf }
        return nil
    }
}
