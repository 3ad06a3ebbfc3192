import Foundation

/// Human names of the base-data kinds, fields and choice values, for the console.
enum BaseDataText {
    static func kind(_ kind: BaseDataKind, lang: Lang) -> String {
        switch kind {
        case .residents: return lang.t("人（居民）", "Residents")
        case .buildings: return lang.t("房（房屋）", "Buildings")
        case .facilities: return lang.t("物（部件）", "Facilities")
        case .organisations: return lang.t("组织", "Organisations")
        }
    }

    static func field(_ name: String, lang: Lang) -> String {
        let labels: [String: (String, String)] = [
            "idNumber": ("身份证号", "ID number"), "phone": ("电话", "Phone"), "gender": ("性别", "Gender"),
            "birthYear": ("出生年份", "Born"), "household": ("户", "Household"), "address": ("地址", "Address"),
            "tags": ("标签", "Tags"), "type": ("类型", "Type"), "floors": ("层数", "Floors"), "households": ("户数", "Households"),
            "code": ("部件编码", "Code"), "classCode": ("部件类别", "Class"), "status": ("状态", "Status"),
            "lon": ("经度", "Longitude"), "lat": ("纬度", "Latitude"), "kind": ("类型", "Kind"),
            "creditCode": ("统一社会信用代码", "Credit code"), "contact": ("联系人", "Contact"),
        ]
        guard let l = labels[name] else { return name }
        return lang.t(l.0, l.1)
    }

    /// A choice value in words (other values as they are).
    static func value(_ raw: String, field: String, lang: Lang) -> String {
        guard lang == .zh else { return raw }
        let words: [String: [String: String]] = [
            "gender": ["male": "男", "female": "女"],
            "type": ["residential": "住宅", "commercial": "商业", "mixed": "商住", "public": "公共建筑", "industrial": "工业", "other": "其他"],
            "status": ["normal": "完好", "damaged": "损坏", "missing": "丢失", "removed": "已拆除"],
            "kind": ["enterprise": "企业", "individualBusiness": "个体工商户", "socialOrganisation": "社会组织", "institution": "事业单位",
                     "government": "机关", "other": "其他"],
        ]
        return words[field]?[raw] ?? raw
    }
}
