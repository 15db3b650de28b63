import RegieCore
import RegiePlanFile
import RegieReports
import Vapor

/// The read-only pages. Handlers only fetch and hand over to a page type in RegieReports.
struct PageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: start)
        routes.get("css", "regie.css", use: stylesheet)
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
        let page = StartPage(plans: try await req.plans.summaries(),
                             municipalities: try await req.plans.municipalities(),
                             collaborations: try await req.plans.collaborations())
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
        let page = MunicipalityPage(municipality: municipality, plans: try await req.plans.summaries(involving: code),
                                    collaborations: collaborations)
        return html(page.render())
    }

    func collaboration(_ req: Request) async throws -> Response {
        guard let key = req.parameters.get("key").flatMap(Key.init),
              let collaboration = try await req.plans.collaboration(key) else {
            throw Abort(.notFound, reason: "Dit samenwerkingsverband bestaat niet in Regie.")
        }
        let plans = try await req.plans.summaries().filter { $0.ownerCollaboration == key }
        return html(CollaborationPage(collaboration: collaboration, plans: plans).render())
    }

    func planPage(_ req: Request) async throws -> Response {
        html(PlanPage(plan: try await plan(req)).render())
    }

    func summary(_ req: Request) async throws -> Response {
        html(SummaryPage(plan: try await plan(req)).render())
    }

    func partners(_ req: Request) async throws -> Response {
        html(PartnersPage(plan: try await plan(req)).render())
    }

    func theme(_ req: Request) async throws -> Response {
        let plan = try await plan(req)
        guard let key = req.parameters.get("theme").flatMap(Key.init), let theme = plan.theme(key) else {
            throw Abort(.notFound, reason: "Het plan \"\(plan.title)\" heeft geen thema met dit adres.")
        }
        // Indicators linked to a series get their measurements from the imported figures.
        var measurements: [Key: [IndicatorMeasurement]] = [:]
        if theme.indicators.contains(where: { $0.series != nil }) {
            let controller = AnalysisController()
            let analysis = try await controller.planAnalysis(req, plan)
            let others = try await controller.otherMeasures(req, analysis.area, analysis)
            let catalogue = SeriesCatalogue.catalogue(for: plan)
            for indicator in theme.indicators {
                guard let link = indicator.series else { continue }
                measurements[indicator.key] = others.first { $0.reference == link.series }?.measurements
                    ?? analysis.measurements(for: link, catalogue: catalogue)
            }
        }
        return html(ThemePage(plan: plan, theme: theme, measurements: measurements).render())
    }

    func localView(_ req: Request) async throws -> Response {
        let plan = try await plan(req)
        let code = try municipalityCode(req)
        guard let municipality = plan.owner.municipalities.first(where: { $0.code == code }) else {
            throw Abort(.notFound, reason: "Gemeente \(code) hoort niet bij het plan \"\(plan.title)\".")
        }
        return html(LocalViewPage(plan: plan, municipality: municipality).render())
    }

    func planFile(_ req: Request) async throws -> Response {
        let plan = try await plan(req)
        let response = Response(status: .ok, body: .init(string: PlanFileWriter.write(plan)))
        response.headers.contentType = .init(type: "application", subType: "yaml", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: "\(plan.key.rawValue).yaml")
        return response
    }

    // MARK: Helpers

    private func plan(_ req: Request) async throws -> Plan {
        guard let key = req.parameters.get("plan").flatMap(Key.init), let plan = try await req.plans.plan(key) else {
            throw Abort(.notFound, reason: "Dit plan bestaat niet in Regie. Misschien is het adres veranderd; kijk op de startpagina welke plannen er zijn.")
        }
        return plan
    }

    private func municipalityCode(_ req: Request) throws -> MunicipalityCode {
        guard let code = req.parameters.get("code").flatMap(MunicipalityCode.init) else {
            throw Abort(.notFound, reason: "Dit is geen geldige gemeentecode; een CBS-gemeentecode ziet eruit als GM0037.")
        }
        return code
    }

    private func html(_ body: String) -> Response {
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.contentType = .html
        return response
    }
}
