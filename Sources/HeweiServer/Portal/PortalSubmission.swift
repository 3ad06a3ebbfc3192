import Foundation
import HeweiCore
import Vapor

/// The submit form as posted, its checks (one message per field, in the page's language), and
/// the intake it becomes.
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

    enum CodingKeys: String, CodingKey {
        case kind, category, community, longitude, latitude, address, content, name, phone, anonymous
        case form = "_form"
    }

    static let contentMax = 2000
    static let addressMax = 300
    static let nameMax = 50
    static let commentMax = 500
    /// Anonymous requests are taken only for reports (举报) and suggestions (建议).
    static let anonymousKinds: [RequestKind] = [.report, .suggestion]

    var isAnonymous: Bool { ["on", "1", "true", "yes"].contains((anonymous ?? "").lowercased()) }

    /// The field names of the form, in page order (the error summary lists them this way).
    static let fields = ["kind", "category", "where", "address", "content", "name", "phone", "anonymous"]

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
