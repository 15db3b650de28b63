import RegieCore
import RegiePlanFile
import RegieReports
import Vapor

/// The reading pages. Handlers only fetch through the account's ``PlanScope`` and hand over to a
/// page type in RegieReports.
struct PageController {
    func bootPublic(routes: any RoutesBuilder) {
        routes.get("css", "regie.css", use: stylesheet)
    }

    func boot(routes: any RoutesBuilder) {
        routes.get(use: start)
        routes.get("gemeenten", ":code", use: municipality)
        routes.get("samenwerkingsverbanden", ":key", use: collaboration)
        let plan = routes.grouped("plannen", ":plan")
        plan.get(use: planPage)
        plan.get("samenvatting", use: summary)
        plan.get("partners", use: partners)
        plan.get("themas", ":theme", use: theme)
        plan.get("gemeenten", ":code", use: localView)
        plan.get("planbestand.yaml", use: planFile)
    }

    func start(_ req: Request) async throws -> Response {
        let account = try req.account
        let plans = try await req.scope.summaries()
        let codes = Set(plans.flatMap(\.access.municipalities) + (account.tenant.municipality.map { [$0] } ?? []))
        let collaborations = try await req.plans.collaborations().filter { collaboration in
            collaboration.members.contains { codes.contains($0.code) }
        }
        let page = StartPage(plans: plans,
                             municipalities: try await req.plans.municipalities().filter { codes.contains($0.code) },
                             collaborations: collaborations)
        return html(page.render())
    }

    func stylesheet(_ req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: Stylesheet.css))
        response.headers.contentType = .init(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        response.headers.cacheControl = .init(maxAge: 3600)
        return response
    }

    func municipality(_ req: Request) async throws -> Response {
        let code = try municipalityCode(req)
        guard let municipality = try await req.plans.municipality(code) else {
            throw Abort(.notFound, reason: "Er is geen gemeente met code \(code) in Regie.")
        }
        let collaborations = try await req.plans.collaborations().filter { $0.members.contains { $0.code == code } }
        let plans = try await req.scope.summaries().filter { $0.access.municipalities.contains(code) }
        let page = MunicipalityPage(municipality: municipality, plans: plans, collaborations: collaborations)
        return html(page.render())
    }

    func collaboration(_ req: Request) async throws -> Response {
        guard let key = req.parameters.get("key").flatMap(Key.init),
              let collaboration = try await req.plans.collaboration(key) else {
            throw Abort(.notFound, reason: "Dit samenwerkingsverband bestaat niet in Regie.")
        }
        let plans = try await req.scope.summaries().filter { $0.ownerCollaboration == key }
        return html(CollaborationPage(collaboration: collaboration, plans: plans).render())
    }

    func planPage(_ req: Request) async throws -> Response {
        let scoped = try await plan(req)
        return try await render(req, scoped) { PlanPage(plan: scoped.plan).render() }
    }

    func summary(_ req: Request) async throws -> Response {
        let scoped = try await plan(req)
        return try await render(req, scoped) { SummaryPage(plan: scoped.plan).render() }
    }

    func partners(_ req: Request) async throws -> Response {
        let scoped = try await plan(req)
        return try await render(req, scoped) { PartnersPage(plan: scoped.plan).render() }
    }

    func theme(_ req: Request) async throws -> Response {
        let scoped = try await plan(req)
        let plan = scoped.plan
        guard let key = req.parameters.get("theme").flatMap(Key.init), let theme = plan.theme(key) else {
            throw Abort(.notFound, reason: "Het plan \u{201C}\(plan.title)\u{201D} heeft geen thema met dit adres.")
        }
        // Indicators linked to a series get their measurements from the imported figures.
        let measurements = try await Self.seriesMeasurements(req, plan, theme.indicators)
        // Shared actions of other themes are shown here too, with their progress link.
        let progress = Set((theme.allActions + plan.sharedActions(of: theme).map(\.action)).filter { scoped.permissions.mayUpdateProgress(ofActionLedBy: $0.owner) }.map(\.key))
        // "Bewerken" opens this theme's part of the editor, for those who may change it.
        let themeEditable = EditorController.editAccess(scoped.permissions).allows(chapter: plan.chapter(ofTheme: key))
        return try await render(req, scoped, progress: progress,
                                edit: themeEditable ? PlanEditor.themePath(key, in: plan) + [PlanEditor.themeDetails] : []) {
            ThemePage(plan: plan, theme: theme, measurements: measurements).render()
        }
    }

    /// The yearly figures of the indicators linked to an imported series, by indicator: the
    /// municipality's or collaboration's, or a district's when the link names one.
    static func seriesMeasurements(_ req: Request, _ plan: Plan, _ indicators: [Indicator]) async throws -> [Key: [IndicatorMeasurement]] {
        var measurements: [Key: [IndicatorMeasurement]] = [:]
        guard indicators.contains(where: { $0.series != nil }) else { return measurements }
        let controller = AnalysisController()
        let analysis = try await controller.planAnalysis(req, plan)
        let others = try await controller.otherMeasures(req, analysis.area, analysis)
        let catalogue = SeriesCatalogue.catalogue(for: plan)
        for indicator in indicators {
            guard let link = indicator.series else { continue }
            if let region = link.region {
                // An indicator for a district follows that district's figures, not the municipality's.
                let series = SeriesCatalogue.resolve(link.series, in: catalogue).map { [$0] } ?? []
                guard let district = try await controller.regionAnalysis(req, plan, region: region, series: series) else { continue }
                measurements[indicator.key] = district.measurements(for: link, catalogue: catalogue).map {
                    var measurement = $0
                    measurement.area = district.area.name
                    return measurement
                }
            } else {
                measurements[indicator.key] = others.first { $0.reference == link.series }?.measurements
                    ?? analysis.measurements(for: link, catalogue: catalogue)
            }
        }
        return measurements
    }

    func localView(_ req: Request) async throws -> Response {
        let scoped = try await plan(req)
        let code = try municipalityCode(req)
        guard let municipality = scoped.plan.owner.municipalities.first(where: { $0.code == code }) else {
            throw Abort(.notFound, reason: "Gemeente \(code) hoort niet bij het plan \u{201C}\(scoped.plan.title)\u{201D}.")
        }
        return try await render(req, scoped) { LocalViewPage(plan: scoped.plan, municipality: municipality).render() }
    }

    func planFile(_ req: Request) async throws -> Response {
        let plan = try await plan(req).plan
        let response = Response(status: .ok, body: .init(string: PlanFileWriter.write(plan)))
        response.headers.contentType = .init(type: "application", subType: "yaml", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: "\(plan.key.rawValue).yaml")
        return response
    }

    // MARK: Helpers

    private func plan(_ req: Request) async throws -> ScopedPlan {
        guard let key = req.parameters.get("plan").flatMap(Key.init) else { throw ScopeError.notFound }
        return try await req.scope.open(key)
    }

    /// Renders a plan page with the toolbar of what this account may do with the plan.
    private func render(_ req: Request, _ scoped: ScopedPlan, progress: Set<Key> = [], edit: [String] = [],
                        _ body: () -> String) async throws -> Response {
        PageContext.$current.withValue(Self.planContext(scoped, progress: progress, edit: edit)) { html(body()) }
    }

    /// The page context of a page of `scoped`: the links of what the account may do with the
    /// plan (`edit`: the editor part "Bewerken" opens), the plan's analysis in the menu, and a
    /// note when the adopted version is shown.
    static func planContext(_ scoped: ScopedPlan, progress: Set<Key> = [], edit: [String] = []) -> PageContext? {
        var context = PageContext.current
        let key = scoped.plan.key
        var toolbar: [(title: String, path: String)] = []
        if !scoped.isAdoptedVersion, scoped.permissions.canEditSomething { toolbar.append(("Bewerken", SiteURL.edit(key, edit).path)) }
        // Everyone who reads the plan may see its status and versions; only officers change them.
        if scoped.permissions.seeStatus { toolbar.append(("Status en versies", SiteURL.planStatus(key).path)) }
        // Running the plan: once it is adopted, or once it has a programme.
        if scoped.plan.status >= .adopted || !scoped.stored.plan.execution.programmes.isEmpty {
            toolbar.append(("Uitvoering", SiteURL.execution(key).path))
        }
        // Council documents: officers make them; every reader finds what was sent.
        toolbar.append(("Raadsstukken", SiteURL.documents(key).path))
        context?.toolbar = toolbar
        context?.showAnalysis(.plan(key))
        context?.progressActions = progress
        // Edit links beside each item the account may change, with the editor's own rule.
        if !scoped.isAdoptedVersion, scoped.plan.status < .adopted, scoped.permissions.canEditSomething {
            context?.editAccess = EditorController.editAccess(scoped.permissions)
        }
        if scoped.isAdoptedVersion {
            context?.banner = "U ziet de vastgestelde versie van dit plan. Er wordt gewerkt aan een nieuwe versie; die is zichtbaar zodra ze is vastgesteld."
        }
        return context
    }

    private func municipalityCode(_ req: Request) throws -> MunicipalityCode {
        guard let code = req.parameters.get("code").flatMap(MunicipalityCode.init) else {
            throw Abort(.notFound, reason: "Dit is geen geldige gemeentecode; een CBS-gemeentecode ziet eruit als GM0037.")
        }
        return code
    }
}
