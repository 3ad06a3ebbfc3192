import Foundation

/// The demo's mediation disputes: realistic Qufu cases (boundary walls, family support, land
/// contracts, wage arrears, traffic damages…). Parties' numbers are invented.
enum DemoMediationCases {
    struct Dispute {
        let type: String
        let team: String
        let summary: String
        let applicant: (String, String)
        let respondent: (String, String)
        let responsibilities: String
        let terms: String
        let manner: String
    }

    static let disputes: [Dispute] = [
        Dispute(type: "neighbourhood", team: "neighbourhood",
                summary: "申请人孔繁林与被申请人颜世军系前后院邻居。2026年8月被申请人翻建院墙时，新墙基越过双方宅基地界线约30厘米，并堵塞申请人院内排水沟。申请人多次协商未果，要求被申请人拆除越界部分并恢复排水。",
                applicant: ("孔繁林", "person"), respondent: ("颜世军", "person"),
                responsibilities: "被申请人翻建院墙未与相邻方确认界址，越界占用并堵塞排水，应承担主要责任；申请人在施工期间未及时提出异议，承担次要责任。",
                terms: "一、被申请人于履行期限内自行拆除越界墙体约30厘米，按村委会确认的原界址重新砌筑；二、被申请人在新墙底部预留排水口一处，保证申请人院内排水畅通；三、重砌所需材料费由被申请人承担，人工费由双方各承担一半；四、双方今后互谅互让，不再因此事发生争执。",
                manner: "被申请人自行施工拆除重砌，人工费由申请人以现金方式当面支付"),
        Dispute(type: "family", team: "family",
                summary: "申请人孟秀英（78岁）育有二子。长子孟庆国、次子孟庆华因赡养费分担和轮流照料问题长期推诿，申请人生活困难，请求调解确定赡养方式。",
                applicant: ("孟秀英", "person"), respondent: ("孟庆华", "person"),
                responsibilities: "两被申请人作为子女均负有赡养义务，推诿照料违背孝亲敬老的传统美德，应承担同等责任。",
                terms: "一、自本协议生效之月起，两个儿子每人每月支付母亲赡养费600元；二、母亲随长子居住，次子每周探望不少于一次；三、母亲医疗费凭票据由两子各承担一半。",
                manner: "每月5日前通过银行转账支付至申请人账户"),
        Dispute(type: "landHousing", team: "land",
                summary: "申请人承包村集体土地5亩，2024年将其中3亩流转给被申请人种植中药材，约定每年流转费每亩900元。被申请人2026年以收成不好为由拒付当年流转费，双方发生纠纷。",
                applicant: ("韩立军", "person"), respondent: ("曲阜市鲁源中药材种植专业合作社", "organisation"),
                responsibilities: "被申请人未按合同约定支付流转费，应承担违约责任；申请人同意适当减免以体谅对方经营困难。",
                terms: "一、被申请人支付2026年度土地流转费2430元（按九折计算）；二、流转合同继续履行至2027年12月31日；三、今后流转费于每年12月31日前付清。",
                manner: "被申请人一次性银行转账支付"),
        Dispute(type: "labour", team: "labour",
                summary: "申请人等6名农民工在被申请人承包的民房建设工地务工，工程完工后被申请人拖欠工资共计48600元，经多次讨要未果。",
                applicant: ("李长水", "person"), respondent: ("曲阜市恒达建筑劳务有限公司", "organisation"),
                responsibilities: "被申请人拖欠劳动报酬，应承担全部责任。",
                terms: "一、被申请人确认拖欠申请人等6人工资共计48600元；二、被申请人分两期支付：首期30000元，余款18600元一个月内付清。",
                manner: "被申请人通过银行转账支付至各申请人本人账户"),
        Dispute(type: "traffic", team: "traffic",
                summary: "2026年9月，被申请人驾驶电动三轮车在村道转弯时与申请人骑行的自行车相撞，致申请人左腿骨折。交警认定被申请人负主要责任，双方就赔偿数额未达成一致。",
                applicant: ("周玉兰", "person"), respondent: ("王德胜", "person"),
                responsibilities: "依据交警部门责任认定，被申请人承担主要责任（70%），申请人承担次要责任（30%）。",
                terms: "一、被申请人赔偿申请人医疗费、误工费、护理费等各项损失共计26000元；二、申请人放弃其他赔偿请求。",
                manner: "被申请人于协议生效当日支付16000元，余款10000元于履行期限内付清"),
        Dispute(type: "contract", team: "economic",
                summary: "申请人向被申请人经营的超市供应蔬菜，截至2026年10月被申请人累计欠付货款15800元，以资金周转困难为由拖延支付。",
                applicant: ("刘建华", "person"), respondent: ("曲阜市万家福超市", "organisation"),
                responsibilities: "被申请人未按约定支付货款，应承担违约责任。",
                terms: "一、被申请人确认欠付货款15800元；二、被申请人分三期付清，申请人不再主张违约金。",
                manner: "被申请人通过微信转账分期支付"),
        Dispute(type: "neighbourhood", team: "neighbourhood",
                summary: "申请人与被申请人为同楼上下邻居，被申请人卫生间长期渗水至申请人家中，致申请人屋顶墙皮脱落，双方因维修费用发生争执。",
                applicant: ("张淑珍", "person"), respondent: ("赵明亮", "person"),
                responsibilities: "被申请人卫生间防水层老化造成渗漏，应承担维修及赔偿责任。",
                terms: "一、被申请人自费重做卫生间防水；二、赔偿申请人屋顶修复费用1800元。",
                manner: "被申请人委托施工队维修，赔偿款现金支付"),
        Dispute(type: "damages", team: "economic",
                summary: "被申请人饲养的羊群进入申请人承包地，啃食申请人种植的小麦苗约1.2亩，双方对损失数额有争议。",
                applicant: ("颜景文", "person"), respondent: ("孔德海", "person"),
                responsibilities: "被申请人疏于看管牲畜造成损失，应承担赔偿责任。",
                terms: "一、被申请人赔偿申请人青苗损失1500元；二、被申请人今后加强看管，圈养牲畜。",
                manner: "被申请人现金一次性支付"),
    ]

    static let givenNames = ["建国", "秀兰", "德福", "桂英", "志强", "玉梅", "庆山", "凤英", "立新", "素珍"]
    static let surnames = ["孔", "颜", "孟", "曾", "韩", "刘", "周", "王"]
}
