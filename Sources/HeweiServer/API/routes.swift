import Vapor

func routes(_ app: Application) throws {
    try app.register(collection: OpsController())
    let api = app.grouped("api", "v1").grouped(RateLimitMiddleware(anonymousOnly: true) { $0.hewei.publicLimiter })
        .grouped(TokenAuthenticator())
    try api.register(collection: AuthController())
    try api.register(collection: OrdersController())
    try api.register(collection: ReferenceController())
    try api.register(collection: RulesController())
    try api.register(collection: GridController())
    try api.register(collection: GridAdminController())
    try api.register(collection: RoutingRulesController())
    try api.register(collection: GridWorkController())
    try api.register(collection: BaseDataController())
    try api.register(collection: PatrolController())
    try api.register(collection: UsersController())
    try api.register(collection: TokensController())
    try api.register(collection: AuditController())
    try api.register(collection: QueuesController())
    try api.register(collection: EvaluationController())
    try api.register(collection: ClearanceController())
    try registerConsole(app)
}
