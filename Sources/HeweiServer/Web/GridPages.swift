import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/console/grid…`: the grid map with drill-down and one cell's page. Cells come from the in-memory
/// grid; order counts and lists from `GridPageQueries`, always within the viewer's `OrderScope`.
struct GridPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let grid = routes.grouped("grid")
        grid.get(use: map)
        grid.get("cells", ":code", use: cell)
    }

    /// `?cell=CODE` shows that cell's children; without it, the large cells.
    func map(req: Request) async throws -> Response {
        let viewer = try req.principal()
        try viewer.require(.reference, .read)
        let lang = Lang.of(req)
        let index = req.hewei.grid.current
        var parent: GridCell?
        if let code = req.query[String.self, at: "cell"], !code.isEmpty {
            guard let found = index.cell(code) else { throw HeweiError.notFound("grid cell '\(code)'") }
            // The deepest cells have nothing below them: their page is the detail page.
            if found.level.child == nil { return req.redirect(to: GridText.cellHref(found.code)) }
            parent = found
        }
        let cells = index.allCells.filter { c in parent.map { c.parentCode == $0.code } ?? (c.level == .large) }
        let scope = try? await OrderScope.of(viewer, .list, context: req.hewei, db: req.db)
        var counts: [String: GridPageQueries.Counts]?
        if let scope {
            counts = try await GridPageQueries.counts(by: parent?.level.child ?? .large, within: parent.map { ($0.level, $0.code) },
                                                      scope: scope, on: req.db)
        }
        let page = GridMapPage(parent: parent, ancestors: parent.map { Self.ancestors(of: $0, in: index) } ?? [],
                               cells: cells, counts: counts, lang: lang)
        return HTML.render(req, title: parent?.name ?? lang.t("网格地图", "Grid map"), nav: "grid", body: page.render())
    }

    func cell(req: Request) async throws -> Response {
        let viewer = try req.principal()
        try viewer.require(.reference, .read)
        let lang = Lang.of(req)
        let org = req.hewei.org
        let index = req.hewei.grid.current
        let code = req.parameters.get("code") ?? ""
        guard let cell = index.cell(code) else { throw HeweiError.notFound("grid cell '\(code)'") }
        let children = index.allCells.filter { $0.parentCode == cell.code }
        var page = GridCellPage(cell: cell, ancestors: Self.ancestors(of: cell, in: index), children: children, counts: nil,
                                childCounts: [:], baseData: nil, orders: [], lang: lang)
        // Counts only (no personal data), as `/api/v1/grid/cells/{code}/summary` gives every signed-in user.
        // Its open-order figure is not scoped to the viewer, so the page shows its own scoped counts instead.
        let summary = try await GridCounts.summary(of: cell, grid: index, on: req.db)
        page.baseData = [(lang.t("人（居民）", "Residents"), summary.residents), (lang.t("房（房屋）", "Buildings"), summary.buildings),
                         (lang.t("物（部件）", "Facilities"), summary.facilities), (lang.t("组织", "Organisations"), summary.organisations),
                         (lang.t("网格员", "Grid workers"), summary.workers)].map { ($0.0, String($0.1)) }
        // The assigned workers and the first records of each kind, through the API's own handlers:
        // the same roles, the same CellScope and the same masking. Without access, only the counts.
        page.workers = try await Self.unlessForbidden {
            try await GridWorkController().list(req: ConsoleAPI.request(req, query: [("cell", cell.code)]))
        }
        page.records = try await Self.unlessForbidden {
            var records: [(BaseDataKind, [BaseRecordDTO])] = []
            for kind in BaseDataKind.allCases {
                let sub = ConsoleAPI.request(req, parameters: ["kind": kind.rawValue],
                                             query: [("cell", cell.code), ("per", String(GridCellPage.recordLimit))])
                records.append((kind, try await BaseDataController().list(req: sub)))
            }
            return records
        }
        if let scope = try? await OrderScope.of(viewer, .list, context: req.hewei, db: req.db) {
            let within = (cell.level, cell.code)
            page.counts = try await GridPageQueries.counts(by: cell.level, within: within, scope: scope, on: req.db)[cell.code]
                ?? GridPageQueries.Counts()
            if let below = cell.level.child {
                page.childCounts = try await GridPageQueries.counts(by: below, within: within, scope: scope, on: req.db)
            }
            let catalog = try await ConsoleCatalog.load(org: org, on: req.db)
            page.orders = try await GridPageQueries.latest(in: cell, scope: scope, on: req.db).map { m in
                GridCellPage.OrderRow(code: m.code, createdAt: m.createdAt, state: m.state, light: m.light,
                                      leadUnitName: org.unit(m.leadUnitID).map { ConsoleFormat.unitName($0, lang: lang) },
                                      categoryLabel: catalog.category(m.categoryCode)?.label(lang) ?? m.categoryCode)
            }
        }
        return HTML.render(req, title: cell.name, nav: "grid", body: page.render())
    }

    /// The result, or nil when the viewer's role may not read it (403 from the API).
    static func unlessForbidden<T>(_ read: () async throws -> T) async throws -> T? {
        do {
            return try await read()
        } catch HeweiError.forbidden {
            return nil
        }
    }

    /// Large first, up to the cell's parent.
    static func ancestors(of cell: GridCell, in index: GridIndex) -> [GridCell] {
        var chain: [GridCell] = []
        var parent = cell.parentCode
        while let code = parent, let p = index.cell(code), chain.count < GridLevel.allCases.count {
            chain.insert(p, at: 0)
            parent = p.parentCode
        }
        return chain
    }
}
