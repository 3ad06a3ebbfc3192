import Fluent
import Foundation
import HeweiCore

extension OrderWorkflow {
    /// The resident's rating (群众评价, `OrderAction.rate`): 满意 / 基本满意 / 不满意 and an optional
    /// comment, once per order. The transition table allows it only after the reply (replied,
    /// followedUp, closed) and `OrderPermissions` gives it to no role: the portal performs it as
    /// `Principal.portal` after checking the tracking code. Runs inside `perform`'s transaction,
    /// after the order's row lock, so two ratings at once cannot both pass the "once" check.
    func rating(_ order: WorkOrderModel, input: ActionInput, on db: any Database) async throws -> Outcome {
        let satisfaction = try Validate.choice(input.satisfaction, "satisfaction", as: Satisfaction.self)
        guard satisfaction != .unreachable else {
            throw HeweiError.invalidField("satisfaction", "must be one of: satisfied, basicallySatisfied, unsatisfied")
        }
        let comment = try Validate.text(input.note, "comment", max: PortalSubmission.commentMax, required: false)
        let earlier = try await OrderEventModel.query(on: db).filter(\.$orderID == order.id!)
            .filter(\.$action == OrderAction.rate.rawValue).count()
        guard earlier == 0 else { throw HeweiError.rule("the order has already been rated; a rating is given once") }
        var data = ["satisfaction": satisfaction.rawValue]
        if !comment.isEmpty { data["comment"] = comment }
        return Outcome(note: "", data: data)
    }
}
