import Foundation
import HeweiCore
import Vapor

/// The submit form as posted (`multipart/form-data` with the photos, or urlencoded without), its
/// checks (one message per field, in the page's language), and the intake it becomes.
struct PortalSubmission: Content {
    var kind: String?
    var category: String?
    var community: String?
    var longitude: String?
    var latitude: String?
    var address: String?
    var content: String?
    var name: String?
    var phone: String?
    var anonymous: String?
    var form: String?
    /// `photos[]` of the multipart form (a browser sends one empty part when none is chosen).
    var photos: [File]?
    /// The `photos` parts were there but are not files (no filename): refused as a field error.
    var photosUnreadable = false

    enum CodingKeys: String, CodingKey {
        case kind, category, community, longitude, latitude, address, content, name, phone, anonymous, photos
        case form = "_form"
    }

    init() {}

    /// The text fields as sent; the photos apart, so that a malformed photo part does not lose the
    /// rest of the form (it becomes the field error of "photos").
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) -> String? { (try? c.decodeIfPresent(String.self, forKey: key)) ?? nil }
        kind = text(.kind)
        category = text(.category)
        community = text(.community)
        longitude = text(.longitude)
        latitude = text(.latitude)
        address = text(.address)
        content = text(.content)
        name = text(.name)
        phone = text(.phone)
        anonymous = text(.anonymous)
        form = text(.form)
        if c.contains(.photos) {
            do { photos = try c.decodeIfPresent([File].self, forKey: .photos) } catch { photosUnreadable = true }
        }
    }

    static let contentMax = 2000
    static let addressMax = 300
    static let nameMax = 50
    static let commentMax = 500
    /// Photos a resident may add to a request, and the size of each (the staff's own limit is
    /// `AttachmentStore.maxBytes`); the route collects at most `bodyMax` of the whole form.
    static let photosMax = 3
    static let photoMaxBytes = 5 * 1024 * 1024
    static let bodyMax: ByteCount = "16mb"
    /// Anonymous requests are taken only for reports (举报) and suggestions (建议).
    static let anonymousKinds: [RequestKind] = [.report, .suggestion]

    var isAnonymous: Bool { ["on", "1", "true", "yes"].contains((anonymous ?? "").lowercased()) }

    /// The field names of the form, in page order (the error summary lists them this way).
    static let fields = ["kind", "category", "where", "address", "content", "photos", "name", "phone", "anonymous"]

    /// A photo that passed the checks, to store once the order exists.
    struct Photo {
        var data: Data
        var name: String
        var kind: AttachmentKind
    }

    /// The photos actually chosen: the empty part a browser sends for an empty file input is none.
    var chosenPhotos: [File] {
        (photos ?? []).filter { $0.data.readableBytes > 0 || !$0.filename.isEmpty }
    }

    /// The photos to store, or the message of the "photos" field: at most `photosMax`, each at most
    /// `photoMaxBytes`, JPEG, PNG or WebP recognised by the content (never by the name or the
    /// declared type: a PDF or anything else is refused).
    func checkPhotos(lang: Lang) -> (photos: [Photo], error: String?) {
        if photosUnreadable {
            return ([], lang.t("照片未能读取，请重新选择。", "The photos could not be read: choose them again."))
        }
        let files = chosenPhotos
        if files.count > Self.photosMax {
            return ([], lang.t("最多上传 \(Self.photosMax) 张照片（现有 \(files.count) 张）",
                               "At most \(Self.photosMax) photos (now \(files.count))"))
        }
        let megabytes = Self.photoMaxBytes / (1024 * 1024)
        var out: [Photo] = []
        for file in files {
            let data = Data(buffer: file.data)
            let shown = String(file.filename.prefix(60))
            if data.count > Self.photoMaxBytes {
                return ([], lang.t("每张照片不超过 \(megabytes) MB（“\(shown)”超过了）",
                                   "Each photo at most \(megabytes) MB (“\(shown)” is larger)"))
            }
            guard let kind = AttachmentKind.sniff(data), kind.isImage else {
                return ([], lang.t("只能上传 JPEG、PNG 或 WebP 格式的照片（“\(shown)”不是）",
                                   "Photos only: JPEG, PNG or WebP (“\(shown)” is not one)"))
            }
            out.append(Photo(data: data, name: file.filename, kind: kind))
        }
        return (out, nil)
    }

    /// Every problem of the form, by field; the intake to register when there is none.
    func check(lang: Lang, catalog: ConsoleCatalog, grid: GridIndex) -> (input: IntakeInput?, errors: [String: String]) {
        var errors: [String: String] = [:]
        let kind = RequestKind(rawValue: kind ?? "")
        if kind == nil { errors["kind"] = lang.t("请选择诉求类型", "Choose the kind of request") }

        let code = (category ?? "").trimmingCharacters(in: .whitespaces)
        if code.isEmpty {
            errors["category"] = lang.t("请选择诉求分类", "Choose a category")
        } else if catalog.category(code)?.parent == nil {
            errors["category"] = lang.t("请从列表中选择一个具体分类", "Choose one of the categories in the list")
        }

        // Where: a point (typed, or tapped on the map) or a chosen village/community.
        var point: GeoPoint?
        let lonText = (longitude ?? "").trimmingCharacters(in: .whitespaces), latText = (latitude ?? "").trimmingCharacters(in: .whitespaces)
        let communityCode = (community ?? "").trimmingCharacters(in: .whitespaces)
        if !lonText.isEmpty || !latText.isEmpty {
            if let lon = Double(lonText), let lat = Double(latText), (-180...180).contains(lon), (-90...90).contains(lat) {
                let p = GeoPoint(lon: lon, lat: lat)
                if grid.count > 0, grid.locate(p) == nil, grid.nearest(to: p, maxMetres: 500) == nil {
                    errors["where"] = lang.t("该位置不在本市范围内，请重新选择", "That point is outside the county: pick it again")
                } else {
                    point = p
                }
            } else {
                errors["where"] = lang.t("经度、纬度须同时填写，且为数字（如 116.99 和 35.58）",
                                         "Give both longitude and latitude as numbers (e.g. 116.99 and 35.58)")
            }
        } else if !communityCode.isEmpty {
            if let cell = grid.cell(communityCode), cell.level == .medium {
                point = cell.shape.centroid
            } else {
                errors["where"] = lang.t("请从列表中选择村居/社区", "Choose a village or community from the list")
            }
        } else if grid.count > 0 {
            errors["where"] = lang.t("请选择村居/社区，或在地图上点选位置", "Choose a village or community, or pick the place on the map")
        }

        let addressText = (address ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if addressText.isEmpty {
            errors["address"] = lang.t("请填写详细地址", "Give the address")
        } else if addressText.count > Self.addressMax {
            errors["address"] = lang.t("地址最多 \(Self.addressMax) 字", "At most \(Self.addressMax) characters")
        }

        let text = (content ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            errors["content"] = lang.t("请描述您反映的问题", "Describe the matter")
        } else if text.count > Self.contentMax {
            errors["content"] = lang.t("问题描述最多 \(Self.contentMax) 字（现有 \(text.count) 字）",
                                       "At most \(Self.contentMax) characters (now \(text.count))")
        }

        let anonymous = isAnonymous
        if anonymous, let kind, !Self.anonymousKinds.contains(kind) {
            errors["anonymous"] = lang.t("只有“举报”和“建议”可以匿名提交", "Only reports (举报) and suggestions (建议) may be anonymous")
        } else if anonymous, let chosen = catalog.category(code), !chosen.allowsAnonymous {
            errors["anonymous"] = lang.t("该类诉求需要留下姓名和电话，不能匿名提交", "This kind of matter needs your name and phone: it cannot be anonymous")
        }
        let nameText = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let phoneText = (phone ?? "").trimmingCharacters(in: .whitespaces)
        if !anonymous {
            if nameText.isEmpty {
                errors["name"] = lang.t("请填写姓名（匿名提交除外）", "Give your name (unless anonymous)")
            } else if nameText.count > Self.nameMax {
                errors["name"] = lang.t("姓名最多 \(Self.nameMax) 字", "At most \(Self.nameMax) characters")
            }
            if phoneText.isEmpty {
                errors["phone"] = lang.t("请填写手机号，以便答复和回访（匿名提交除外）", "Give your phone number so that we can answer (unless anonymous)")
            } else if (try? Validate.phone(phoneText, "phone")) == nil || phoneText.filter(\.isNumber).count < 5 {
                errors["phone"] = lang.t("手机号格式不正确", "That is not a phone number")
            }
        }
        guard errors.isEmpty, let kind else { return (nil, errors) }
        let input = IntakeInput(channel: HeweiCore.Channel.app.rawValue, channelRef: nil, requestKind: kind.rawValue, categoryCode: code,
                                urgency: nil, longitude: point?.lon, latitude: point?.lat, address: addressText,
                                requesterName: anonymous ? nil : nameText, requesterPhone: anonymous ? nil : phoneText,
                                anonymous: anonymous, content: text, dispatchTo: "auto", answerAtOnce: nil)
        return (input, [:])
    }

    /// The form field that an intake error names.
    static func field(ofIntake field: String) -> String {
        switch field {
        case "categoryCode": return "category"
        case "requestKind": return "kind"
        case "longitude", "latitude": return "where"
        case "requesterName": return "name"
        case "requesterPhone": return "phone"
        case "address", "content", "anonymous": return field
        default: return "content"
        }
    }
}
