import Fluent
import Foundation
import HeweiCore

/// Publishing a letter (书记信箱, 网络问政) with its answer on the public page: only a letter whose
/// writer agreed, only once it has been answered, and never with personal data — the public text is
/// the dispatcher's (or the letter with phone and ID numbers removed), the requester is never named.
extension OrderWorkflow {
    static let letterChannels: Set<String> = [Channel.secretaryMailbox.rawValue, Channel.onlineInquiry.rawValue]

    func publish(_ order: WorkOrderModel, input: ActionInput) throws -> Outcome {
        guard Self.letterChannels.contains(order.channel) else {
            throw HeweiError.rule("only letters to the secretary's mailbox and online inquiries are published")
        }
        guard order.publicConsent == true else { throw HeweiError.rule("the writer did not agree to publication") }
        guard let reply = order.reply, !reply.isEmpty else { throw HeweiError.rule("the letter has no answer yet") }
        guard order.publishedAt == nil else { throw HeweiError.rule("the letter is already published") }
        let given = try Validate.text(input.publicText, "publicText", max: 4000, required: false)
        order.publicText = given.isEmpty ? PublicText.scrub(order.content) : PublicText.scrub(given)
        order.publishedAt = now
        return Outcome(note: try Validate.text(input.note, "note", max: 2000, required: false), data: ["published": "true"])
    }
}

/// Removes what identifies people from text meant for the public: phone numbers, ID numbers and
/// e-mail addresses become "＊＊＊".
enum PublicText {
    static func scrub(_ text: String) -> String {
        var out = text
        let patterns = [#"[0-9]{17}[0-9Xx]"#, #"(\+?86[- ]?)?1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}"#, #"0[0-9]{2,3}-?[0-9]{7,8}"#,
                        #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#, #"[0-9]{7,}"#]
        for p in patterns {
            out = out.replacingOccurrences(of: p, with: "＊＊＊", options: .regularExpression)
        }
        return out
    }
}
