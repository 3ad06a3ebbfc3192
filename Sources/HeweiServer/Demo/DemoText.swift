import Foundation
import HeweiCore

/// People, places and phone numbers of the demo history: common surnames (with Qufu's 孔, 颜, 孟 and
/// their generation names), Qufu's roads, estates and villages, and plausible mobile numbers.
enum DemoText {
    // MARK: people

    static let surnames = DemoWeighted<String>([
        ("孔", 9), ("王", 10), ("李", 9), ("张", 9), ("刘", 6), ("颜", 3), ("孟", 3), ("陈", 4), ("杨", 3),
        ("赵", 3), ("孙", 3), ("黄", 2), ("周", 2), ("吴", 2), ("徐", 2), ("马", 2), ("朱", 2), ("郭", 2),
        ("高", 2), ("宋", 2), ("韩", 2), ("于", 2), ("董", 2), ("曾", 1), ("胡", 1), ("何", 1), ("林", 1),
        ("郑", 1), ("梁", 1), ("冯", 1), ("田", 1), ("杜", 1), ("程", 1), ("魏", 1), ("吕", 1), ("丁", 1),
        ("姜", 1), ("崔", 1), ("石", 1), ("侯", 1), ("贾", 1), ("秦", 1), ("袁", 1), ("邵", 1), ("毕", 1),
    ])

    static let givenNames = [
        "建国", "建华", "国强", "志强", "伟", "芳", "秀英", "桂兰", "玉兰", "丽", "静", "敏", "磊", "洋", "勇",
        "军", "杰", "涛", "明", "超", "霞", "平", "刚", "桂英", "凤英", "淑珍", "文华", "海燕", "红梅", "晓东",
        "晓燕", "雪梅", "春生", "秋菊", "宏伟", "德胜", "庆祥", "子涵", "浩然", "欣怡", "梓萱", "宇轩", "雨涵",
        "一诺", "思远", "博文", "佳怡", "俊杰", "昊天", "雅琪", "永刚", "爱华", "金凤", "长林", "玉梅", "志刚",
        "海涛", "丽娟", "新民", "振华", "立新", "守信", "传英", "兆龙", "广田", "秀云", "素芬", "宪忠",
    ]

    /// Generation characters (辈分字) still widely used in the Kong, Yan and Meng families of Qufu.
    static let generationChars = ["令", "德", "维", "垂", "佑", "钦", "绍", "念", "祥", "繁", "庆", "宪", "昭"]
    static let singleChars = ["杰", "明", "强", "华", "军", "涛", "辉", "鹏", "峰", "林", "海", "平", "云", "斌", "磊", "伟", "芳", "娟"]

    static func personName(_ rng: inout DemoRandom) -> String {
        let surname = surnames.draw(&rng)
        if ["孔", "颜", "孟", "曾"].contains(surname), rng.chance(0.55) {
            return surname + rng.pick(generationChars) + rng.pick(singleChars)
        }
        return surname + rng.pick(givenNames)
    }

    static let mobilePrefixes = [
        "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156",
        "157", "158", "159", "166", "176", "177", "178", "180", "181", "182", "183", "185", "186", "187", "188",
        "189", "198", "199",
    ]

    static func mobile(_ rng: inout DemoRandom) -> String {
        let digits = rng.int(0...99_999_999)
        let tail = String(digits)
        return rng.pick(mobilePrefixes) + String(repeating: "0", count: 8 - tail.count) + tail
    }

    // MARK: places

    /// A town or street of the county: where requests come from and how many.
    struct Town: Sendable {
        let name: String
        let longitude: Double
        let latitude: Double
        /// Standard deviation of the scatter around the centre, in degrees.
        let spread: Double
        let weight: Double
        let urban: Bool
    }

    /// Approximate centres of Qufu's 4 streets and 8 towns; the old city is near 116.99 E, 35.58 N.
    static let towns: [String: Town] = Dictionary(uniqueKeysWithValues: [
        Town(name: "鲁城街道", longitude: 116.988, latitude: 35.588, spread: 0.010, weight: 15, urban: true),
        Town(name: "书院街道", longitude: 117.002, latitude: 35.612, spread: 0.012, weight: 12, urban: true),
        Town(name: "时庄街道", longitude: 116.945, latitude: 35.568, spread: 0.014, weight: 8, urban: true),
        Town(name: "小雪街道", longitude: 116.932, latitude: 35.532, spread: 0.014, weight: 7, urban: true),
        Town(name: "吴村镇", longitude: 117.040, latitude: 35.688, spread: 0.018, weight: 4, urban: false),
        Town(name: "姚村镇", longitude: 116.884, latitude: 35.664, spread: 0.018, weight: 4, urban: false),
        Town(name: "陵城镇", longitude: 117.058, latitude: 35.572, spread: 0.018, weight: 5, urban: false),
        Town(name: "息陬镇", longitude: 117.030, latitude: 35.506, spread: 0.018, weight: 4, urban: false),
        Town(name: "石门山镇", longitude: 117.138, latitude: 35.698, spread: 0.020, weight: 3, urban: false),
        Town(name: "防山镇", longitude: 117.108, latitude: 35.616, spread: 0.018, weight: 4, urban: false),
        Town(name: "尼山镇", longitude: 117.105, latitude: 35.482, spread: 0.020, weight: 3, urban: false),
        Town(name: "王庄镇", longitude: 116.872, latitude: 35.522, spread: 0.018, weight: 3, urban: false),
    ].map { ($0.name, $0) })

    static let defaultTown = Town(name: "", longitude: 116.99, latitude: 35.58, spread: 0.04, weight: 2, urban: false)

    static let roads = [
        "静轩西路", "静轩中路", "静轩东路", "鼓楼北街", "五马祠街", "春秋西路", "春秋中路", "大成路", "裕隆路",
        "杏坛路", "舞雩坛路", "逵泉路", "孔子大道", "蓼河路", "弘道路", "铜钟街", "东门大街", "西门大街", "半壁街",
        "颜庙街", "有若路", "天官第街", "南马道", "西关大街", "崇文路", "时庄路", "小雪路", "沂河路", "论语路",
        "新区大道", "倪家林路", "书院路",
    ]

    static let estates = [
        "书香苑", "杏坛花园", "春秋苑", "儒家花园", "明德小区", "孔府花园", "裕隆小区", "盛世华庭", "翰林苑",
        "礼乐园", "阙里新村", "逵泉小区", "舞雩坛小区", "龙城花园", "东方名城", "泗河湾小区", "教师新村",
        "六艺城小区", "尼山景苑", "洙泗家园", "圣城嘉园", "泰和苑",
    ]

    static let villages = [
        "东村", "西村", "南街村", "北街村", "张庄村", "李庄村", "前村", "后村", "大王庄村", "小王庄村", "孔家村",
        "颜家村", "周庄村", "杨庄村", "韩家村", "刘家村", "高家店村", "南陶洛村", "北陶洛村", "红庙村",
    ]

    static let shops = [
        "惠民超市", "好邻居便利店", "鲁味餐馆", "孔府烧烤", "阳光健身房", "金榜教育培训学校", "乐购家电",
        "康宁大药房", "美丽佳美容院", "尚品理发店", "圣城酒楼", "万福驾校", "六艺书画培训中心", "鑫源建材城",
    ]

    static let companies = [
        "鲁源建筑工程有限公司", "曲阜宏达建材有限公司", "圣城物流有限公司", "三孔纺织有限公司", "尼山食品有限公司",
        "恒信装饰工程有限公司", "洙泗机械制造有限公司", "曲阜金泰商贸有限公司",
    ]

    /// The village names of a town: its mediation rooms' villages from the organisation, then common ones.
    static func villageNames(fromRooms rooms: [String]) -> [String] {
        let own = rooms.map { $0.replacingOccurrences(of: "和为贵调解室", with: "") }.filter { !$0.isEmpty }
        return own + own + villages
    }

    struct Place: Sendable {
        /// Full postal-style address for the order.
        let address: String
        /// The short place named in the request text.
        let phrase: String
    }

    static func place(town: Town, villages: [String], _ rng: inout DemoRandom) -> Place {
        let prefix = "曲阜市" + town.name
        if town.urban || villages.isEmpty {
            let road = rng.pick(roads)
            switch rng.int(0...3) {
            case 0:
                let n = rng.int(1...268)
                return Place(address: "\(prefix)\(road)\(n)号", phrase: road)
            case 1:
                let other = rng.pick(roads)
                let phrase = other == road ? road : "\(road)与\(other)交叉口"
                return Place(address: prefix + phrase, phrase: phrase)
            default:
                let estate = rng.pick(estates), building = rng.int(1...24), unit = rng.int(1...4)
                return Place(address: "\(prefix)\(road)\(estate)\(building)号楼\(unit)单元", phrase: "\(estate)\(building)号楼")
            }
        }
        let village = rng.pick(villages)
        switch rng.int(0...2) {
        case 0:
            return Place(address: "\(prefix)\(village)\(rng.int(1...9))组", phrase: village)
        case 1:
            return Place(address: "\(prefix)\(village)村委会附近", phrase: "\(village)村委会附近")
        default:
            let road = rng.pick(["东头", "西头", "南头", "北头", "主街", "后街"])
            return Place(address: "\(prefix)\(village)\(road)", phrase: "\(village)\(road)")
        }
    }

    /// The old city around the Confucius Temple, where requests are densest.
    static let oldCity = (lon: 116.99, lat: 35.58)

    /// A point inside `box`, densest at the point of the box nearest the old city.
    static func coordinates(in box: BoundingBox, urban: Bool, _ rng: inout DemoRandom) -> (Double, Double) {
        func draw(_ lo: Double, _ hi: Double, towards target: Double) -> Double {
            let centre = min(max(target, lo), hi), spread = (hi - lo) * (urban ? 0.22 : 0.35)
            var x = centre + rng.gaussian() * spread
            if x < lo { x = lo + (lo - x) }
            if x > hi { x = hi - (x - hi) }
            let margin = (hi - lo) * 1e-4
            return (min(hi - margin, max(lo + margin, x)) * 1_000_000).rounded() / 1_000_000
        }
        return (draw(box.minLon, box.maxLon, towards: oldCity.lon), draw(box.minLat, box.maxLat, towards: oldCity.lat))
    }

    /// A point near the town centre, kept inside the county's bounding box.
    static func coordinates(town: Town, _ rng: inout DemoRandom) -> (Double, Double) {
        let lon = min(117.199, max(116.801, town.longitude + rng.gaussian() * town.spread))
        let lat = min(35.749, max(35.451, town.latitude + rng.gaussian() * town.spread * 0.8))
        return ((lon * 1_000_000).rounded() / 1_000_000, (lat * 1_000_000).rounded() / 1_000_000)
    }
}
