import RegieCore
import RegieImporter
import RegieReports
import Vapor

/// The safety-analysis pages and their CSV downloads. Handlers work out the area and period,
/// let ``SafetyAnalysisBuilder`` compute, and hand over to a page type.
struct AnalysisController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("gemeenten", use: municipalityList)
        routes.get("gemeenten", "vergelijken", use: compare)
        let municipality = routes.grouped("gemeenten", ":code")
        municipality.get("veiligheidsanalyse", use: { try await overview($0, municipalityOverview) })
        municipality.get("veiligheidsanalyse", "reeksen", ":series", use: { try await seriesPage($0, municipalityOverview) })
        municipality.get("veiligheidsanalyse", "overige-cijfers", use: { try await othersPage($0, municipalityOverview) })
        municipality.get("veiligheidsanalyse", ":file", use: municipalityTable)
        municipality.get("wijken", ":district", "veiligheidsanalyse", use: { try await overview($0, districtOverview) })
        municipality.get("wijken", ":district", "veiligheidsanalyse", "reeksen", ":series", use: { try await seriesPage($0, districtOverview) })
        municipality.get("wijken", ":district", "veiligheidsanalyse", "overige-cijfers", use: { try await othersPage($0, districtOverview) })
        municipality.get("wijken", ":district", "veiligheidsanalyse", ":file", use: districtTable)
        let collaboration = routes.grouped("samenwerkingsverbanden", ":key")
        collaboration.get("veiligheidsanalyse", use: { try await overview($0, collaborationOverview) })
        collaboration.get("veiligheidsanalyse", "reeksen", ":series", use: { try await seriesPage($0, collaborationOverview) })
        collaboration.get("veiligheidsanalyse", "overige-cijfers", use: { try await othersPage($0, collaborationOverview) })
        collaboration.get("veiligheidsanalyse", ":file", use: collaborationTable)
        let plan = routes.grouped("plannen", ":plan")
        plan.get("veiligheidsanalyse", use: planPage)
        plan.get("veiligheidsanalyse", "reeksen", ":series", use: planSeriesPage)
        plan.get("veiligheidsanalyse", "overige-cijfers", use: planOthersPage)
        plan.get("veiligheidsanalyse", ":file", use: planTable)
    }

    // MARK: Pages

    /// The overview page of an analysis; its series and survey outcomes each have a page of their own.
    private func overview(_ req: Request, _ make: (Request) async throws -> AnalysisPage) async throws -> Response {
        html(try await make(req).render())
    }

    private func seriesPage(_ req: Request, _ make: (Request) async throws -> AnalysisPage) async throws -> Response {
        let overview = try await make(req)
        let key = req.parameters.get("series") ?? ""
        guard let page = overview.seriesPage(key) else { throw seriesNotFound(key, overview: overview.scope) }
        return html(page.render())
    }

    private func othersPage(_ req: Request, _ make: (Request) async throws -> AnalysisPage) async throws -> Response {
        let overview = try await make(req)
        guard let page = overview.othersPage else { throw othersNotFound(overview.scope) }
        return html(page.render())
    }

    func municipalityOverview(_ req: Request) async throws -> AnalysisPage {
        let (area, municipality) = try await municipalityArea(req)
        let analysis = try await build(req, area, series: SeriesCatalogue.defaults, years: try requestedYears(req))
        let others = try await otherMeasures(req, area, analysis)
        // A municipality Regie knows only from the figures has no page of its own to go back to.
        let ownPage = try await req.plans.municipality(municipality.code) != nil
        return AnalysisPage(title: "Veiligheidsanalyse \(municipality.name)",
                            crumbs: [Crumb("Start", .home)] + (ownPage ? [Crumb("Gemeente \(municipality.name)", .municipality(municipality.code))] : []),
                            scope: .municipality(municipality.code), analysis: analysis, municipality: municipality.code,
                            others: others, query: try periodQuery(req),
                            compareWith: try await municipalitiesInData(req).filter { $0.code != municipality.code })
    }

    /// Every municipality Regie has figures, a plan or an account for, by name: from the plans,
    /// then the municipalities the imported tables name (by the shipped municipal division, else
    /// the table's own name). A table without region names (own series, a bare data set) adds
    /// the municipalities it has figures for when it is small enough to list them quickly.
    func municipalitiesInData(_ req: Request) async throws -> [Municipality] {
        var found: [MunicipalityCode: Municipality] = [:]
        for municipality in try await req.plans.municipalities() { found[municipality.code] = municipality }
        let lists = CodeLists.shipped
        let inTables: [MunicipalityCode: String] = try await remembered(req, "municipalities in tables", 0) { repository in
            var named: [MunicipalityCode: String] = [:]
            for summary in try await repository.tables() {
                var codes = try await repository.regionNames(table: summary.identifier, regions: .level(.municipality))
                    .filter { !$0.value.isEmpty }.compactMap { region, name in MunicipalityCode(region.description).map { ($0, name) } }
                if codes.isEmpty, summary.observations <= Self.listedWithoutNames,
                   let coverage = try await repository.coverage(table: summary.identifier) {
                    codes = coverage.regions.filter { $0.level == .municipality }.compactMap(\.municipality).map { ($0, "") }
                }
                for (code, name) in codes where named[code]?.isEmpty ?? true { named[code] = name }
            }
            return named
        }
        // GM0000 is the police's "Gemeente onbekend", no municipality to look at.
        for (code, name) in inTables where code.rawValue != "GM0000" && found[code] == nil {
            found[code] = Municipality(code: code, name: lists.municipalityName(code) ?? (name.isEmpty ? "Gemeente \(code)" : name))
        }
        return found.values.sorted { ($0.name, $0.code.rawValue) < ($1.name, $1.code.rawValue) }
    }

    /// The most figures a table without region names may hold for the comparison form to list
    /// its municipalities: their distinct codes (and periods) are read on every overview, which
    /// for an own series of a few thousand figures is quick; a larger unnamed table is left out.
    static let listedWithoutNames = 20_000

    /// Every municipality with an analysis, linked; where an unknown code is sent.
    func municipalityList(_ req: Request) async throws -> Response {
        html(AnalysisMunicipalitiesPage(municipalities: try await municipalitiesInData(req)).render())
    }

    /// The comparison form's answer: on to the chosen municipality's analysis, keeping the period.
    func compare(_ req: Request) async throws -> Response {
        guard let code = (try? req.query.get(String.self, at: "gemeente")).flatMap({ MunicipalityCode($0.trimmingCharacters(in: .whitespaces).uppercased()) }) else {
            throw Abort(.badRequest, reason: "Kies een gemeente om mee te vergelijken; een CBS-gemeentecode ziet eruit als GM0037.")
        }
        var target = SiteURL.analysis(.municipality(code)).path
        if let period = try? req.query.get(String.self, at: "periode"), !period.isEmpty,
           let escaped = period.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-"))) {
            target += "?periode=" + escaped
        }
        return req.redirect(to: target, redirectType: .normal)
    }

    func districtOverview(_ req: Request) async throws -> AnalysisPage {
        let (area, municipality, district) = try await districtArea(req)
        let analysis = try await build(req, area, series: SeriesCatalogue.defaults, years: try requestedYears(req))
        return AnalysisPage(title: "Veiligheidsanalyse \(area.name)",
                            crumbs: [Crumb("Start", .home), Crumb("Gemeente \(municipality.name)", .municipality(municipality.code)),
                                     Crumb("Veiligheidsanalyse \(municipality.name)", .analysis(.municipality(municipality.code)))],
                            scope: .district(municipality.code, district), analysis: analysis,
                            others: try await otherMeasures(req, area, analysis), query: try periodQuery(req))
    }

    func collaborationOverview(_ req: Request) async throws -> AnalysisPage {
        let (area, collaboration) = try await collaborationArea(req)
        let analysis = try await build(req, area, series: SeriesCatalogue.defaults, years: try requestedYears(req))
        return AnalysisPage(title: "Veiligheidsanalyse \(collaboration.name)",
                            crumbs: [Crumb("Start", .home), Crumb(collaboration.name, .collaboration(collaboration.key))],
                            scope: .collaboration(collaboration.key), analysis: analysis, query: try periodQuery(req))
    }

    private func chapter(_ req: Request) async throws -> (AnalysisChapterPage, PageContext?) {
        guard let key = req.parameters.get("plan").flatMap(Key.init) else { throw ScopeError.notFound }
        let scoped = try await req.scope.open(key)
        let analysis = try await planAnalysis(req, scoped.plan)
        let page = AnalysisChapterPage(plan: scoped.plan, analysis: analysis, others: try await otherMeasures(req, analysis.area, analysis),
                                       query: try periodQuery(req))
        return (page, PageController.planContext(scoped))
    }

    func planPage(_ req: Request) async throws -> Response {
        let (page, context) = try await chapter(req)
        return PageContext.$current.withValue(context) { html(page.render()) }
    }

    func planSeriesPage(_ req: Request) async throws -> Response {
        let (page, context) = try await chapter(req)
        let key = req.parameters.get("series") ?? ""
        let body = PageContext.$current.withValue(context) { page.seriesPage(key) }
        guard let body else { throw seriesNotFound(key, overview: .plan(page.plan.key)) }
        return html(body)
    }

    func planOthersPage(_ req: Request) async throws -> Response {
        let (page, context) = try await chapter(req)
        let body = PageContext.$current.withValue(context) { page.othersPage() }
        guard let body else { throw othersNotFound(.plan(page.plan.key)) }
        return html(body)
    }

    // MARK: Tables

    func municipalityTable(_ req: Request) async throws -> Response {
        let (area, municipality) = try await municipalityArea(req)
        return try await table(req, area, series: SeriesCatalogue.defaults, name: municipality.code.rawValue)
    }

    func districtTable(_ req: Request) async throws -> Response {
        let (area, _, district) = try await districtArea(req)
        return try await table(req, area, series: SeriesCatalogue.defaults, name: district.rawValue)
    }

    func collaborationTable(_ req: Request) async throws -> Response {
        let (area, collaboration) = try await collaborationArea(req)
        return try await table(req, area, series: SeriesCatalogue.defaults, name: collaboration.key.rawValue)
    }

    func planTable(_ req: Request) async throws -> Response {
        let plan = try await plan(req)
        let file = req.parameters.get("file") ?? ""
        let analysis = try await planAnalysis(req, plan)
        let others = file.hasPrefix("overig-") ? try await otherMeasures(req, analysis.area, analysis) : []
        guard let table = AnalysisTables.table(named: file, in: analysis, others: others) else { throw tableNotFound(file) }
        return csv(table, filename: "\(plan.key.rawValue)-\(file)")
    }

    // MARK: Areas

    private func municipalityArea(_ req: Request) async throws -> (AnalysisArea, Municipality) {
        guard let code = req.parameters.get("code").flatMap(MunicipalityCode.init) else {
            throw Abort(.notFound, reason: "Dit is geen geldige gemeentecode; een CBS-gemeentecode ziet eruit als GM0037.")
        }
        guard let municipality = try await knownMunicipality(req, code) else {
            // A code of the municipal division is a real municipality, only without figures here.
            if let name = CodeLists.shipped.municipalityName(code) {
                throw Abort(.notFound, reason: "Van gemeente \(name) (\(code)) heeft Regie geen plan, account of ingelezen cijfers, dus ook geen veiligheidsanalyse. "
                            + "Kies een gemeente uit de lijst op \(SiteURL.analysisMunicipalities.path), of lees eerst cijfers van deze gemeente in.")
            }
            throw Abort(.notFound, reason: "Gemeentecode \(code) is onbekend: Regie heeft geen plan, account of ingelezen cijfers van deze gemeente. "
                        + "Kies een gemeente uit de lijst op \(SiteURL.analysisMunicipalities.path) of controleer de code (een CBS-gemeentecode ziet eruit als GM0037).")
        }
        let collaborations = try await req.plans.collaborations().filter { $0.members.contains { $0.code == code } }
        let regions = try await comparisonRegions(req, involving: code)
        let area = AnalysisArea(name: municipality.name, municipalities: [code],
                                groups: collaborations.map { ComparisonGroup(name: $0.name, municipalities: $0.members.map(\.code), collaboration: $0.key) },
                                comparisonRegions: regions)
        return (area, municipality)
    }

    /// The municipality with `code`: as Regie knows it from plans and accounts, or else when the
    /// imported figures know the code (a table names it or has figures for it). The name comes
    /// from the shipped municipal division first, then from a table's metadata. Nil when no table
    /// knows the code. Reads on one session and stops at the first table that knows the code: a
    /// name query per table and a seek per measure only as far as needed.
    func knownMunicipality(_ req: Request, _ code: MunicipalityCode) async throws -> Municipality? {
        if let municipality = try await req.plans.municipality(code) { return municipality }
        guard let region = RegionCode(code.rawValue) else { return nil }
        let shipped = CodeLists.shipped.municipalityName(code)
        let name: String?? = try await remembered(req, "municipality in tables", code) { repository in
            var hasFigures = false
            for summary in try await repository.tables() {
                if let name = try await repository.regionNames(table: summary.identifier, regions: .codes([region]))[region], !name.isEmpty {
                    return .some(shipped ?? name)
                }
                if !hasFigures, let table = try await repository.table(summary.identifier) {
                    for measure in table.measures where !hasFigures {
                        hasFigures = try await repository.latestPeriod(table: summary.identifier, measure: measure.key, regions: [region]) != nil
                    }
                }
                // Without a name from the lists, later tables may still name it.
                if hasFigures, let shipped { return .some(shipped) }
            }
            return hasFigures ? .some(nil) : nil
        }
        guard let name else { return nil }
        return Municipality(code: code, name: name ?? "Gemeente \(code)")
    }

    private func districtArea(_ req: Request) async throws -> (AnalysisArea, Municipality, RegionCode) {
        let (municipalityArea, municipality) = try await self.municipalityArea(req)
        guard let district = req.parameters.get("district").flatMap(RegionCode.init), district.level == .district,
              district.municipality == municipality.code else {
            throw Abort(.notFound, reason: "Dit is geen wijk van \(municipality.name). Een wijkcode begint met WK en de vier cijfers van de gemeente, zoals WK\(municipality.code.rawValue.dropFirst(2))01.")
        }
        guard let name = try await regionName(req, district) else {
            throw Abort(.notFound, reason: "Wijk \(district) komt in geen enkele ingelezen tabel voor.")
        }
        let area = AnalysisArea(name: "\(name) (\(municipality.name))", municipalities: [municipality.code], district: district,
                                groups: [ComparisonGroup(name: municipality.name, municipalities: [municipality.code])],
                                comparisonRegions: municipalityArea.comparisonRegions)
        return (area, municipality, district)
    }

    private func collaborationArea(_ req: Request) async throws -> (AnalysisArea, Collaboration) {
        guard let key = req.parameters.get("key").flatMap(Key.init), let collaboration = try await req.plans.collaboration(key) else {
            throw Abort(.notFound, reason: "Dit samenwerkingsverband bestaat niet in Regie.")
        }
        var regions: [RegionCode] = []
        for member in collaboration.members {
            for region in try await comparisonRegions(req, involving: member.code) where !regions.contains(region) { regions.append(region) }
        }
        return (AnalysisArea(name: collaboration.name, municipalities: collaboration.members.map(\.code), comparisonRegions: regions), collaboration)
    }

    /// The comparison regions (such as the police unit) that plans involving the municipality name.
    private func comparisonRegions(_ req: Request, involving code: MunicipalityCode) async throws -> [RegionCode] {
        var regions: [RegionCode] = []
        for summary in try await req.plans.summaries(involving: code) {
            guard let plan = try await req.plans.plan(summary.key) else { continue }
            for region in plan.analysis?.comparisonRegions ?? [] where !regions.contains(region) { regions.append(region) }
        }
        return regions
    }

    /// The analysis of a plan's area over its chosen years, for the series its themes and
    /// indicators are linked to.
    func planAnalysis(_ req: Request, _ plan: Plan) async throws -> SafetyAnalysis {
        let members = plan.owner.municipalities
        var area = AnalysisArea(name: plan.owner.name, municipalities: members.map(\.code),
                                comparisonRegions: plan.analysis?.comparisonRegions ?? [])
        if case .municipality = plan.owner {
            let collaborations = try await req.plans.collaborations().filter { c in members.contains { m in c.members.contains { $0.code == m.code } } }
            area.groups = collaborations.map { ComparisonGroup(name: $0.name, municipalities: $0.members.map(\.code), collaboration: $0.key) }
        }
        return try await build(req, area, series: plan.linkedSeries, years: try requestedYears(req) ?? plan.analysis?.period)
    }

    /// The figures of one district or neighbourhood of the plan's municipalities, for indicators
    /// that follow it; nil when the region is not the plan's.
    func regionAnalysis(_ req: Request, _ plan: Plan, region: RegionCode, series: [CrimeSeries]) async throws -> SafetyAnalysis? {
        guard [.district, .neighbourhood].contains(region.level), let code = region.municipality,
              let municipality = plan.owner.municipalities.first(where: { $0.code == code }) else { return nil }
        let name = try await regionName(req, region)
        let area = AnalysisArea(name: name ?? region.rawValue, municipalities: [code], district: region,
                                groups: [ComparisonGroup(name: municipality.name, municipalities: [code])])
        return try await build(req, area, series: series, years: plan.analysis?.period)
    }

    // MARK: Helpers

    private func build(_ req: Request, _ area: AnalysisArea, series: [CrimeSeries], years: YearRange?) async throws -> SafetyAnalysis {
        struct Input: Hashable, Sendable { var area: AnalysisArea, series: [CrimeSeries], years: YearRange? }
        return try await remembered(req, "analysis", Input(area: area, series: series, years: years)) { repository in
            try await SafetyAnalysisBuilder(repository: repository).analyse(area, series: series, years: years)
        }
    }

    /// The name the first table that names `region` gives it.
    private func regionName(_ req: Request, _ region: RegionCode) async throws -> String? {
        try await remembered(req, "region name", region) { repository in
            for table in try await repository.tables() {
                if let name = try await repository.regionNames(table: table.identifier, regions: .codes([region]))[region] { return name }
            }
            return nil
        }
    }

    /// What `make` works out from the imported figures, kept while they stay the same (see
    /// ``AnalysisMemo``); the figures' state is read once a request.
    private func remembered<Input: Hashable & Sendable, Value: Sendable>(
        _ req: Request, _ kind: String, _ input: Input, _ make: @escaping @Sendable (any StatisticsRepository) async throws -> Value
    ) async throws -> Value {
        let statistics = req.statistics
        guard let memo = req.application.analysisMemo else { return try await statistics.reading(make) }
        let state: [StatisticsTableSummary]
        if let read = req.storage[StatisticsStateKey.self] {
            state = read
        } else {
            state = try await statistics.tables()
            req.storage[StatisticsStateKey.self] = state
        }
        return try await memo.value(kind, input, state: state) { try await statistics.reading(make) }
    }

    /// `?periode=2019-2023` chooses the years; anything else is refused with the reason.
    private func requestedYears(_ req: Request) throws -> YearRange? {
        guard let text = req.queryValue("periode"), !text.isEmpty else { return nil }
        let parts = text.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let first = parts[0], let last = parts[1], let range = YearRange(first: first, last: last),
              last - first <= 30 else {
            throw Abort(.badRequest, reason: "De periode \u{201C}\(text)\u{201D} is niet geldig. Geef het eerste en laatste jaar, bijvoorbeeld ?periode=2019-2023 (hoogstens 30 jaar).")
        }
        return range
    }

    /// The chosen years as they are carried into the links between the analysis pages.
    private func periodQuery(_ req: Request) throws -> String {
        guard let years = try requestedYears(req) else { return "" }
        return "?periode=\(years.first)-\(years.last)"
    }

    /// Survey outcomes and own series, for an area of one region.
    func otherMeasures(_ req: Request, _ area: AnalysisArea, _ analysis: SafetyAnalysis) async throws -> [MeasureAnalysis] {
        guard area.regions.count == 1, let region = area.regions.first else { return [] }
        let years = try requestedYears(req).map { $0.first...$0.last }
        struct Input: Hashable, Sendable { var region: RegionCode, years: ClosedRange<Int>? }
        return try await remembered(req, "other measures", Input(region: region, years: years)) { repository in
            try await SafetyAnalysisBuilder(repository: repository).otherMeasures(for: region, years: years)
        }
    }

    private func table(_ req: Request, _ area: AnalysisArea, series: [CrimeSeries], name: String) async throws -> Response {
        let file = req.parameters.get("file") ?? ""
        let analysis = try await build(req, area, series: series, years: try requestedYears(req))
        let others = file.hasPrefix("overig-") ? try await otherMeasures(req, area, analysis) : []
        guard let table = AnalysisTables.table(named: file, in: analysis, others: others) else { throw tableNotFound(file) }
        return csv(table, filename: "\(name)-\(file)")
    }

    private func seriesNotFound(_ key: String, overview: AnalysisScope) -> Abort {
        Abort(.notFound, reason: "Deze veiligheidsanalyse heeft geen reeks \u{201C}\(key)\u{201D} met cijfers. Het overzicht op \(overview.path) toont de reeksen die er zijn.")
    }

    private func othersNotFound(_ overview: AnalysisScope) -> Abort {
        Abort(.notFound, reason: "Voor dit gebied zijn geen cijfers uit de Veiligheidsmonitor of eigen cijfers ingelezen. Het overzicht staat op \(overview.path).")
    }

    private func tableNotFound(_ file: String) -> Abort {
        Abort(.notFound, reason: "Er is geen tabel \u{201C}\(file)\u{201D} in deze veiligheidsanalyse. De tabellen staan als downloadlink bij elke reeks.")
    }

    /// The plan as the account may see it (scoped like every plan page).
    private func plan(_ req: Request) async throws -> Plan {
        guard let key = req.parameters.get("plan").flatMap(Key.init) else { throw ScopeError.notFound }
        return try await req.scope.open(key).plan
    }

    private func csv(_ table: FigureTable, filename: String) -> Response {
        let response = Response(status: .ok, body: .init(string: table.csv))
        response.headers.contentType = .init(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: filename)
        return response
    }
}

/// The published tables as this request first read them: the state its analyses are kept under.
private struct StatisticsStateKey: StorageKey { typealias Value = [StatisticsTableSummary] }
