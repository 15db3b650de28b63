import Foundation
import RegieHTML
import RegieCore

/// The safety analysis of a municipality, a district or a collaboration: an overview with per
/// series one row (latest figure, development, link); each series has a page of its own
/// (``AnalysisSeriesPage``), and so do the survey outcomes and own series (``AnalysisOthersPage``).
public struct AnalysisPage: Sendable {
    public var title: String
    public var crumbs: [Crumb]
    public var scope: AnalysisScope
    public var analysis: SafetyAnalysis
    /// For a municipality: links from districts to their own analysis.
    public var municipality: MunicipalityCode?
    /// Survey outcomes and own series for the area.
    public var others: [MeasureAnalysis]
    /// The chosen years as a query (`?periode=2019-2023`), carried into the links; "" for the default.
    public var query: String
    /// For a municipality: the other municipalities in the data, offered to compare with.
    public var compareWith: [Municipality]
    /// The address the comparison form asks (`?gemeente=GM0757`), which leads to that municipality's analysis.
    public static let comparePath = "/gemeenten/vergelijken"

    public init(title: String, crumbs: [Crumb], scope: AnalysisScope, analysis: SafetyAnalysis, municipality: MunicipalityCode? = nil,
                others: [MeasureAnalysis] = [], query: String = "", compareWith: [Municipality] = []) {
        self.compareWith = compareWith
        self.title = title
        self.crumbs = crumbs
        self.scope = scope
        self.analysis = analysis
        self.municipality = municipality
        self.others = others
        self.query = query
    }

    public func render() -> String {
        let withFigures = analysis.series.filter(\.hasFigures)
        // Without any figure the notice says so once; the lead would say it a second time.
        let nothing = withFigures.isEmpty && others.isEmpty
        return Layout.page(title: title, crumbs: crumbs, [
            .h1(.text(title)),
            .if(nothing, AnalysisSections.noFigures(analysis), else: AnalysisSections.lead(analysis)),
            .if(!withFigures.isEmpty, .section(.id("overzicht"),
                .h2(.text("Overzicht per reeks")),
                .p(.text("Per reeks het laatste jaar met cijfers en de ontwikkeling over de jaren. Kies een reeks voor de grafiek, de tabellen, de wijken en het patroon per maand.")),
                AnalysisSections.overview(withFigures, scope: scope, query: query, caption: "Overzicht per reeks, laatste jaar met cijfers"),
                AnalysisSections.overviewSources(withFigures),
                .p(Layout.link("Overzicht downloaden (CSV)", .analysisTable(scope, file: "overzicht.csv")))
            )),
            AnalysisSections.othersOverview(others, scope: scope, query: query),
            compareForm,
            AnalysisSections.method()
        ])
    }

    /// "Vergelijk met een andere gemeente": a plain GET form (no script) whose answer leads to
    /// the chosen municipality's analysis.
    private var compareForm: Body {
        .if(!compareWith.isEmpty, .section(.id("vergelijken"),
            .h2(.text("Vergelijk met een andere gemeente")),
            .p(.text("Bekijk dezelfde analyse voor een andere gemeente in de ingelezen cijfers, bijvoorbeeld een buurgemeente.")),
            H.el("form", [("method", "get"), ("action", Self.comparePath), ("class", "editor narrow")], [
                .div(.class("field"),
                     H.el("label", [("for", "vergelijk-gemeente")], [.text("Gemeente")]),
                     H.el("select", [("id", "vergelijk-gemeente"), ("name", "gemeente")], compareWith.map { municipality in
                         H.el("option", [("value", municipality.code.rawValue)], [.text("\(municipality.name) (\(municipality.code.rawValue))")])
                     })),
                .if(!query.isEmpty, H.hidden("periode", String(query.drop { $0 != "=" }.dropFirst()))),
                .div(.class("button-row"), H.submit("Bekijk de analyse")),
            ])))
    }

    /// The page of one series of this analysis, or nil when it has no series `key` with figures.
    public func seriesPage(_ key: String) -> AnalysisSeriesPage? {
        let withFigures = analysis.series.filter(\.hasFigures)
        guard let index = withFigures.firstIndex(where: { $0.series.key.rawValue == key }) else { return nil }
        return AnalysisSeriesPage(overview: self, series: withFigures[index],
                                  previous: index > 0 ? withFigures[index - 1] : nil,
                                  next: index + 1 < withFigures.count ? withFigures[index + 1] : nil)
    }

    /// The page of the survey outcomes and own series, or nil when there are none.
    public var othersPage: AnalysisOthersPage? {
        others.isEmpty ? nil : AnalysisOthersPage(title: "Veiligheidsmonitor en eigen cijfers – \(analysis.area.name)",
                                                  crumbs: crumbs + [Crumb(title, .analysis(scope))], scope: scope,
                                                  area: analysis.area.name, others: others, header: [])
    }
}

/// Every municipality Regie has an analysis of (a plan, an account or imported figures), each
/// linked to its analysis: the list an unknown municipality code points to.
public struct AnalysisMunicipalitiesPage: Sendable {
    public var municipalities: [Municipality]

    public init(municipalities: [Municipality]) {
        self.municipalities = municipalities
    }

    public static let title = "Veiligheidsanalyse per gemeente"

    public func render() -> String {
        Layout.page(title: Self.title, crumbs: [Crumb("Start", .home)], [
            .h1(.text(Self.title)),
            .p(.text("Regie heeft een veiligheidsanalyse van elke gemeente met een plan, een account of ingelezen cijfers. "
                     + "Kies een gemeente; een buurgemeente is een goede vergelijking.")),
            .if(municipalities.isEmpty,
                .p(.text("Er zijn nog geen gemeenten: Regie heeft geen plannen, accounts of ingelezen cijfers.")),
                else: .ul(.class("municipalities"), .forEach(municipalities) { municipality in
                    .li(Layout.link("\(municipality.name) (\(municipality.code.rawValue))", .analysis(.municipality(municipality.code))))
                }))
        ])
    }
}

/// One series of an analysis: the sentences, the chart, the table per year and, where known, per
/// crime type, per district and per month, with the downloads.
public struct AnalysisSeriesPage: Sendable {
    var overview: AnalysisPage
    var series: SeriesAnalysis
    var previous: SeriesAnalysis?
    var next: SeriesAnalysis?

    public func render() -> String {
        let scope = overview.scope
        return Layout.page(title: "\(series.series.title) – \(overview.title)", crumbs: overview.crumbs + [Crumb(overview.title, .analysis(scope))], [
            .p(.class("kicker"), .text(overview.title)),
            .h1(.text(series.series.title)),
            .group(AnalysisSections.series(series, scope: scope, level: 2, municipality: overview.municipality)),
            AnalysisSections.pager(previous: previous, next: next, overview: overview.title, scope: scope, query: overview.query),
            AnalysisSections.method()
        ])
    }
}

/// The survey outcomes and own series of an area, each with its sentence, chart, table and download.
public struct AnalysisOthersPage: Sendable {
    var title: String
    var crumbs: [Crumb]
    var scope: AnalysisScope
    var area: String
    var others: [MeasureAnalysis]
    /// For a plan: its header and tabs.
    var header: [Body]

    public func render() -> String {
        Layout.page(title: title, crumbs: crumbs, header + [
            header.isEmpty ? .h1(.text("Veiligheidsmonitor en eigen cijfers")) : .h2(.text("Veiligheidsmonitor en eigen cijfers")),
            .p(.text("Uitkomsten van enquêtes zoals de Veiligheidsmonitor, en cijfers die de gemeente zelf bijhoudt.")),
            AnalysisSections.others(others, area: area, scope: scope, level: header.isEmpty ? 2 : 3),
            .p(Layout.link("Terug naar het overzicht van de veiligheidsanalyse", .analysis(scope))),
            AnalysisSections.method()
        ])
    }
}

/// The analysis chapter of a plan: per theme the figures it is linked to (one row per series,
/// with a link to the series' own page) and the officer's interpretation (duiding).
public struct AnalysisChapterPage: Sendable {
    public var plan: Plan
    public var analysis: SafetyAnalysis
    public var others: [MeasureAnalysis]
    public var query: String

    public init(plan: Plan, analysis: SafetyAnalysis, others: [MeasureAnalysis] = [], query: String = "") {
        self.plan = plan
        self.analysis = analysis
        self.others = others
        self.query = query
    }

    var scope: AnalysisScope { .plan(plan.key) }

    func figures(for theme: Theme) -> (linked: [CrimeSeries], figures: [SeriesAnalysis]) {
        let linked = SeriesCatalogue.series(for: theme, in: SeriesCatalogue.catalogue(for: plan))
        return (linked, linked.compactMap { series in analysis.series.first { $0.series.key == series.key && $0.hasFigures } })
    }

    /// Per theme the series whose figures it shows: a series linked to several themes (two
    /// themes of the same name, a priority and ongoing work) is shown once, at the first of them.
    func shownFigures() -> [Key: [SeriesAnalysis]] {
        var shown: Set<Key> = []
        var result: [Key: [SeriesAnalysis]] = [:]
        for theme in plan.allThemes where result[theme.key] == nil {
            let figures = self.figures(for: theme).figures.filter { shown.insert($0.series.key).inserted }
            result[theme.key] = figures
        }
        return result
    }

    /// The other themes a series is linked to, for "ook bij" and "staat bij" notes.
    func themes(linkedTo series: Key) -> [Theme] {
        plan.allThemes.filter { theme in figures(for: theme).figures.contains { $0.series.key == series } }
    }

    public func render() -> String {
        let hasLinks = !plan.linkedSeries.isEmpty
        let hasFigures = analysis.series.contains(where: \.hasFigures)
        let shown = shownFigures()
        let mayEdit = PageContext.current?.editAccess != nil
        return Layout.page(title: "Veiligheidsanalyse – \(plan.title)", crumbs: PlanNav.crumbs(plan), [
            PlanNav.header(plan),
            PlanNav.tabs(plan, current: .analysis(scope)),
            .h2(.text("Veiligheidsanalyse")),
            // A plan without linked series has no figures of its own; the area may well have them.
            // Without figures the notice says so once; the lead would say it a second time.
            !hasLinks ? AnalysisSections.noLinkedSeries(plan) : hasFigures ? AnalysisSections.lead(analysis) : AnalysisSections.noFigures(analysis),
            Layout.prose(plan.analysis?.introduction ?? ""),
            .forEach(plan.allThemes) { theme in
                let (linked, figures) = self.figures(for: theme)
                let own = shown[theme.key] ?? []
                let elsewhere = figures.filter { series in !own.contains { $0.series.key == series.series.key } }
                return .section(.id("thema-" + theme.key.rawValue),
                    .h3(.text(theme.title)),
                    // The notice above already says that no theme has series.
                    .if(hasLinks && linked.isEmpty, .p(.class("muted"), .text("Aan dit thema zijn geen cijferreeksen van de politie gekoppeld."))),
                    self.proposal(for: theme),
                    .if(!own.isEmpty, AnalysisSections.overview(own, scope: scope, query: query, caption: "Cijfers bij \(theme.title), laatste jaar met cijfers")),
                    .if(!own.isEmpty, AnalysisSections.overviewSources(own)),
                    .forEach(own) { series in
                        let others = self.themes(linkedTo: series.series.key).filter { $0.key != theme.key }
                        return .if(!others.isEmpty, .p(.class("muted"), .text("\(series.series.title) hoort ook bij "
                            + Self.themeList(others) + ".")))
                    },
                    .forEach(elsewhere) { series in
                        let first = self.themes(linkedTo: series.series.key).first { $0.key != theme.key }
                        return .unwrap(first) { first in
                            .p(.text("De cijfers over \(series.series.title) staan bij het thema "),
                               .a(.href("#thema-" + first.key.rawValue), .text(first.title)), .text("."))
                        }
                    },
                    .h4(.text("Duiding")),
                    .if(theme.analysis?.interpretation.isEmpty ?? true,
                        .p(.class("muted"), .text(mayEdit
                            ? "Nog geen duiding. Voeg die toe in de editor bij dit thema, onder de cijfers: wat verklaart de cijfers, en wat betekenen ze voor de aanpak?"
                            : "Nog geen duiding bij dit thema.")),
                        else: Layout.prose(theme.analysis?.interpretation ?? ""))
                )
            },
            AnalysisSections.othersOverview(others, scope: scope, query: query),
            AnalysisSections.method()
        ])
    }

    /// For an officer who may edit the theme: the series Regie proposes for it, with a link to
    /// confirm them in the editor. Readers never see a proposal, only confirmed links.
    func proposal(for theme: Theme) -> HTMLNode {
        let chapter = plan.chapter(ofTheme: theme.key)
        guard PageContext.current?.editAccess?.allows(chapter: chapter) == true else { return .empty }
        let proposals = SeriesCatalogue.proposals(for: theme, in: SeriesCatalogue.catalogue(for: plan))
        guard !proposals.isEmpty else { return .empty }
        let path = SiteURL.edit(plan.key, PlanEditor.themePath(theme.key, in: plan) + [PlanEditor.themeFigures]).path
        return .div(.class("notice proposal"),
            .p(.text("Voorstel: meten met de reeks" + (proposals.count == 1 ? " " : "en ") + Self.titles(proposals.map(\.title)) + ". "
                     + "Lezers zien deze cijfers pas als u het voorstel bevestigt.")),
            .p(.a(.href(path + "#veld-" + PlanEditor.seriesProposal), .text("Voorstel bekijken in de editor"),
                  .span(.class("visually-hidden"), .text(": \(theme.title)")))))
    }

    /// "A", "A en B", "A, B en C".
    static func titles(_ titles: [String]) -> String {
        titles.count <= 1 ? (titles.first ?? "") : titles.dropLast().joined(separator: ", ") + " en " + titles.last!
    }

    /// "het thema A" or "de thema\u{2019}s A en B".
    static func themeList(_ themes: [Theme]) -> String {
        let titles = themes.map(\.title)
        guard titles.count > 1 else { return "het thema " + (titles.first ?? "") }
        return "de thema\u{2019}s " + Self.titles(titles)
    }

    /// The page of one series of the chapter, with the interpretation of every theme linked to
    /// it, or nil when no theme links series `key` or it has no figures.
    public func seriesPage(_ key: String) -> String? {
        let withFigures = analysis.series.filter(\.hasFigures)
        guard let index = withFigures.firstIndex(where: { $0.series.key.rawValue == key }) else { return nil }
        let series = withFigures[index]
        let themes = self.themes(linkedTo: series.series.key)
        return Layout.page(title: "\(series.series.title) – Veiligheidsanalyse – \(plan.title)",
                           crumbs: PlanNav.crumbs(plan) + [Crumb("Veiligheidsanalyse", .analysis(scope))], [
            PlanNav.header(plan),
            PlanNav.tabs(plan, current: .analysis(scope)),
            .h2(.text(series.series.title)),
            .group(AnalysisSections.series(series, scope: scope, level: 3, municipality: nil)),
            .forEach(themes) { theme in
                .section(
                    .h3(.text("Duiding bij \(theme.title)")),
                    .if(theme.analysis?.interpretation.isEmpty ?? true,
                        .p(.class("muted"), .text("Nog geen duiding bij dit thema.")),
                        else: Layout.prose(theme.analysis?.interpretation ?? "")),
                    .p(Layout.link("Naar het thema \(theme.title)", .theme(plan: plan.key, theme: theme.key)))
                )
            },
            AnalysisSections.pager(previous: index > 0 ? withFigures[index - 1] : nil,
                                   next: index + 1 < withFigures.count ? withFigures[index + 1] : nil,
                                   overview: "Veiligheidsanalyse", scope: scope, query: query),
            AnalysisSections.method()
        ])
    }

    /// The chapter's survey outcomes and own series, or nil when there are none.
    public func othersPage() -> String? {
        guard !others.isEmpty else { return nil }
        return AnalysisOthersPage(title: "Veiligheidsmonitor en eigen cijfers – \(plan.title)",
                                  crumbs: PlanNav.crumbs(plan) + [Crumb("Veiligheidsanalyse", .analysis(scope))], scope: scope,
                                  area: analysis.area.name, others: others,
                                  header: [PlanNav.header(plan), PlanNav.tabs(plan, current: .analysis(scope))]).render()
    }
}

enum AnalysisSections {
    static func lead(_ analysis: SafetyAnalysis) -> HTMLNode {
        let text = analysis.years.map { "Cijfers over \($0.lowerBound)–\($0.upperBound) voor \(analysis.area.name)." } ?? "Voor \(analysis.area.name) zijn nog geen cijfers ingelezen."
        return .p(.class("lead"), .text(text + leadText(sources: analysis.sources)))
    }

    /// " Bron: CBS / Politie – …": each table by its title and code, the code once when the title is the code.
    static func leadText(sources: [StatisticsTableSummary]) -> String {
        let names = sources.map { source in
            "\(source.sourceName), ingelezen op \(Format.dateTime(source.importedAt))" + (source.isExample ? " (verzonnen voorbeeldcijfers)" : "")
        }
        return names.isEmpty ? "" : " Bron: CBS / Politie – " + names.joined(separator: "; ") + "."
    }

    /// One row per series: the latest year with figures, the count, the rate, the country's
    /// rate and the development; the series' name links to its own page. Each row keeps the
    /// series' key as id, so old links to `#woninginbraak` still land on it.
    static func overview(_ series: [SeriesAnalysis], scope: AnalysisScope, query: String, caption: String) -> HTMLNode {
        let table = AnalysisTables.overview(of: series, caption: caption)
        return .table(.class("figures overview"),
            .caption(.text(table.caption)),
            .thead(.tr(
                .th(.attribute(named: "scope", value: "col"), .text(table.headers[0])),
                .th(.attribute(named: "scope", value: "col"), .text(table.noteHeaders[0])),
                .forEach(table.headers.dropFirst()) { .th(.attribute(named: "scope", value: "col"), .class("num"), .text($0)) },
                .th(.attribute(named: "scope", value: "col"), .text(table.noteHeaders[1]))
            )),
            .tbody(.forEach(Array(zip(series, table.rows).enumerated())) { index, pair in
                let (series, row) = pair
                return .tr(.id(series.series.key.rawValue),
                    .th(.attribute(named: "scope", value: "row"),
                        .a(.href(SiteURL.analysisSeries(scope, series: series.series.key.rawValue).path + query), .text(row.label))),
                    .td(.text(table.notes[index][0])),
                    .forEach(Array(row.values.enumerated())) { column, value in
                        .td(.class("num"), .text(value.map { Format.decimal($0, digits: table.digits[column]) } ?? "–"))
                    },
                    .td(.text(table.notes[index][1]))
                )
            })
        )
    }

    /// Which table each kind of figure comes from; a table of invented example figures gets
    /// the notice, set apart so no reader takes its figures for real ones.
    static func sourceLines(_ sources: [(kind: AnalysisWording.SourceKind, table: StatisticsTableSummary)]) -> HTMLNode {
        .if(!sources.isEmpty, .div(.class("sources"), .forEach(sources) { source in
            .group([
                .p(.class("source muted"), .text("\(source.kind.label): \(source.table.sourceName), ingelezen op \(Format.dateTime(source.table.importedAt)).")),
                .if(source.table.isExample, .p(.class("notice example-data"), .strong(.text(AnalysisWording.notice(source.kind, source.table))))),
            ])
        }))
    }

    /// Below an overview: the table each series comes from, series of one table together, with
    /// the notice for invented example figures.
    static func overviewSources(_ series: [SeriesAnalysis]) -> HTMLNode {
        var groups: [(table: StatisticsTableSummary, series: [String])] = []
        for item in series {
            guard let table = item.sourceTable(item.source) else { continue }
            if let index = groups.firstIndex(where: { $0.table.identifier == table.identifier }) {
                groups[index].series.append(item.series.title)
            } else {
                groups.append((table, [item.series.title]))
            }
        }
        // One paragraph per table (the overview stays short): the notice first where it applies.
        // The table with most series is "alle reeksen" or "de overige reeksen" rather than a list.
        let largest = groups.indices.max { groups[$0].series.count < groups[$1].series.count }
        return .if(!groups.isEmpty, .div(.class("sources"), .forEach(Array(groups.enumerated())) { index, group in
            let which = groups.count == 1 && group.series.count > 1 ? "alle reeksen"
                : index == largest && group.series.count > 1 ? "de overige reeksen" : AnalysisChapterPage.titles(group.series)
            let line = "Bron van \(which): \(group.table.sourceName), ingelezen op \(Format.dateTime(group.table.importedAt))."
            return group.table.isExample
                ? .p(.class("source notice example-data"), .strong(.text(AnalysisWording.exampleNotice)), .text(" " + line))
                : .p(.class("source muted"), .text(line))
        }))
    }

    /// Links to the previous and next series and back to the overview.
    static func pager(previous: SeriesAnalysis?, next: SeriesAnalysis?, overview: String, scope: AnalysisScope, query: String) -> HTMLNode {
        .nav(.class("pager"), .ariaLabel("Andere reeksen"),
            .ul(
                .unwrap(previous) { .li(.a(.href(SiteURL.analysisSeries(scope, series: $0.series.key.rawValue).path + query), .text("Vorige reeks: \($0.series.title)"))) },
                .unwrap(next) { .li(.a(.href(SiteURL.analysisSeries(scope, series: $0.series.key.rawValue).path + query), .text("Volgende reeks: \($0.series.title)"))) },
                .li(.a(.href(SiteURL.analysis(scope).path + query), .text("Terug naar het overzicht: \(overview)")))
            ))
    }

    /// The survey outcomes and own series in short: their names and development, linking to their page.
    static func othersOverview(_ measures: [MeasureAnalysis], scope: AnalysisScope, query: String) -> HTMLNode {
        .if(!measures.isEmpty, .section(.id("overige-cijfers"),
            .h2(.text("Veiligheidsmonitor en eigen cijfers")),
            .ul(.forEach(Array(measures.enumerated())) { index, measure in
                .li(.a(.href(SiteURL.analysisOthers(scope).path + query + "#overig-\(index)"), .text(measure.measure.title)),
                    .text(" – " + measure.judgement.label))
            })
        ))
    }

    /// A plan whose themes are linked to no series yet: where the area's figures are, and how to link them.
    static func noLinkedSeries(_ plan: Plan) -> HTMLNode {
        let area: AnalysisScope = switch plan.owner {
        case .municipality(let municipality): .municipality(municipality.code)
        case .collaboration(let collaboration): .collaboration(collaboration.key)
        }
        let mayEdit = PageContext.current?.editAccess != nil
        return .div(.class("notice"),
            .p(.text(plan.allThemes.isEmpty
                     ? "Dit plan heeft nog geen thema\u{2019}s, dus ook nog geen cijfers bij thema\u{2019}s."
                     : "Aan de thema\u{2019}s van dit plan zijn nog geen cijferreeksen gekoppeld."),
               .text(" De cijfers van \(plan.owner.name) staan in "),
               .a(.href(SiteURL.analysis(area).path), .text("de veiligheidsanalyse van \(plan.owner.name)")), .text(".")),
            .if(mayEdit, .p(.text(plan.allThemes.isEmpty
                ? "Voeg in de editor thema\u{2019}s toe. Noemt de titel van een thema een reeks, zoals woninginbraak, dan stelt Regie die reeks voor; u bevestigt het voorstel of kiest zelf de reeksen bij het thema."
                : "Kies bij een thema in de editor de reeksen onder \u{201C}Cijfers bij dit thema\u{201D}, of bevestig daar het voorstel van Regie.")))
        )
    }

    static func noFigures(_ analysis: SafetyAnalysis) -> HTMLNode {
        .div(.class("notice"),
            .p(.text("Er zijn nog geen cijfers over \(analysis.area.name) ingelezen.")),
            FiguresPage.nextStep()
        )
    }

    static func method() -> HTMLNode {
        .details(
            .summary(.text("Hoe Regie de cijfers beoordeelt")),
            .p(.text("Aantallen misdrijven schommelen ook zonder echte verandering. Regie noemt iets alleen een stijging of daling als toeval een onwaarschijnlijke verklaring is (toets op 5 %): voor drie of meer jaren met een log-lineair Poisson-model dat extra spreiding tussen de jaren meeneemt, voor twee jaren met de exacte toets voor twee aantallen, en rekening houdend met het aantal inwoners als dat bekend is. Jaren zonder cijfer tellen niet mee; de pagina noemt ze. Onder de \(TrendAnalysis.minimumTotalCount) registraties of met cijfers over maar één jaar zegt Regie niets over een verandering.")),
            .p(.text("Een wijk heet alleen opvallend als haar aantal per inwoner duidelijk afwijkt van de rest van de gemeente, gecorrigeerd voor het aantal wijken dat is vergeleken. Het seizoenspatroon wordt getoetst tegen het aantal dagen per maand en de wisselingen van jaar tot jaar.")),
            .p(.text("Politiecijfers zijn registraties: meer aangiftebereidheid of extra handhaving kan een stijging geven zonder dat er meer gebeurt. Daarom hoort bij elke reeks een duiding."))
        )
    }

    /// Survey outcomes and own series, each with its sentence, chart, table and download.
    static func others(_ measures: [MeasureAnalysis], area: String, scope: AnalysisScope, level: Int) -> HTMLNode {
        .forEach(Array(measures.enumerated())) { index, measure in
                let table = AnalysisTables.measure(measure)
                let sentence = AnalysisWording.measureSentence(measure, area: area)
                let values = measure.figures.map(\.value)
                return .section(.id("overig-\(index)"),
                    Layout.heading(measure.measure.title, level: level),
                    .p(.class("muted"), .text("Bron: \(measure.table.title) (\(measure.table.identifier))" + (measure.measure.unit.map { " · eenheid: \($0)" } ?? ""))),
                    .p(.text(sentence)),
                    .if(values.compactMap { $0 }.count >= 2, .div(.class("chart"), .trusted(Chart.lines(
                        id: "overig-\(index)", title: measure.measure.title, description: sentence + " De cijfers staan in de tabel hieronder.",
                        labels: measure.figures.map { Format.period($0.period) }, lines: [Chart.Line(name: area, values: values)],
                        unit: measure.measure.unit ?? "waarde")))),
                    table.html,
                    .p(Layout.link("Tabel downloaden (CSV)", .analysisTable(scope, file: AnalysisTables.fileName(measure))))
                )
        }
    }

    /// "Vergeleken met …": the comparisons of a series, each linked to its own analysis where
    /// Regie has one (a collaboration, a municipality); a police unit and the country are text.
    static func comparedWith(_ comparisons: [RegionSeries]) -> HTMLNode {
        let named = comparisons.filter(\.hasFigures)
        guard !named.isEmpty else { return .empty }
        var nodes: [HTMLNode] = [.text("Vergeleken met ")]
        for (index, comparison) in named.enumerated() {
            if index > 0 { nodes.append(.text(index == named.count - 1 ? " en " : ", ")) }
            if let url = comparisonPage(comparison) {
                nodes.append(Layout.link(comparison.name, url))
            } else {
                nodes.append(.text(comparison.name))
            }
        }
        return .p(.class("compared"), .group(nodes + [.text(".")]))
    }

    /// The analysis page of a comparison, when Regie has one.
    static func comparisonPage(_ comparison: RegionSeries) -> SiteURL? {
        if let key = comparison.collaboration { return .analysis(.collaboration(key)) }
        guard let region = comparison.region, let code = region.municipality else { return nil }
        switch region.level {
        case .municipality: return .analysis(.municipality(code))
        case .district: return .analysis(.district(code, region))
        default: return nil
        }
    }

    static func series(_ series: SeriesAnalysis, scope: AnalysisScope, level: Int, municipality: MunicipalityCode?, idPrefix: String = "") -> [HTMLNode] {
        let key = series.series.key.rawValue
        let years = AnalysisTables.years(series)
        let useRates = series.area.years.filter { $0.ratePerThousand != nil }.count >= 2
        let regions = ([series.area] + series.comparisons).filter { !useRates || $0.years.contains { $0.ratePerThousand != nil } }
        let lines = regions.map { region in
            Chart.Line(name: region.name, values: series.area.years.map { year in
                let figure = region.years.first { $0.year == year.year }
                return useRates ? figure?.ratePerThousand : figure?.count
            })
        }
        let unit = useRates ? "per 1.000 inwoners" : "aantal"
        let sentences = AnalysisWording.sentences(series, area: series.area.name)
        var nodes: [HTMLNode] = [
            .div(.class("statement"), .forEach(sentences) { .p(.text($0)) }),
            comparedWith(series.comparisons),
            sourceLines(AnalysisWording.sources(series)),
            // Codes are for the officers who check the figures, not for every reader: folded away.
            .details(.class("codes"),
                .summary(.text("Welke cijfers dit zijn")),
                .p(.text("Misdrijfsoorten in de registratie van de politie (codes): " + series.series.crimeTypes.joined(separator: ", ") + "."
                         + (series.source.map { " Bron: tabel \($0)." } ?? "")))),
            .if(series.area.hasFigures, .div(.class("chart"),
                .trusted(Chart.lines(id: idPrefix + key + "-jaren", title: "\(series.series.title), \(unit), per jaar",
                                 description: sentences.joined(separator: " ") + " De cijfers staan in de tabel hieronder.",
                                 labels: series.area.years.map { String($0.year) }, lines: lines, unit: unit))
            )),
            // Only a series' parts may have figures: then the table per year would be all dashes.
            .if(years.rows.contains { $0.values.contains { $0 != nil } }, .group([
                years.html,
                .p(Layout.link("Tabel downloaden (CSV)", .analysisTable(scope, file: key + ".csv")))])),
        ]
        if let parts = AnalysisTables.parts(series) {
            nodes.append(Layout.heading("Per misdrijfsoort", level: level))
            nodes.append(parts.html)
            nodes.append(.p(Layout.link("Tabel per misdrijfsoort downloaden (CSV)", .analysisTable(scope, file: key + "-soorten.csv"))))
        }
        if !series.districts.isEmpty {
            nodes.append(Layout.heading("Per wijk", level: level))
            nodes.append(sourceLines(AnalysisWording.sources(series, kinds: [.districts, .districtPopulation])))
            if let sentence = AnalysisWording.districtSentence(series) { nodes.append(.p(.text(sentence))) }
            var table = AnalysisTables.districts(series)
            if let municipality, case .municipality = scope {
                // Names link to the district's own analysis.
                nodes.append(.table(.class("figures"),
                    .caption(.text(table.caption)),
                    .thead(.tr(.forEach(table.headers + table.noteHeaders) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                    .tbody(.forEach(Array(series.districts.enumerated())) { index, district in
                        .tr(.th(.attribute(named: "scope", value: "row"), Layout.link(district.name, .analysis(.district(municipality, district.region)))),
                            .td(.class("num"), .text(Format.count(district.count))),
                            .td(.class("num"), .text(Format.count(district.population))),
                            .td(.class("num"), .text(Format.rate(district.ratePerThousand))),
                            .td(.text(table.notes[index][0])))
                    })))
                table.rows = []
            } else {
                nodes.append(table.html)
            }
            nodes.append(.p(Layout.link("Tabel per wijk downloaden (CSV)", .analysisTable(scope, file: key + "-wijken.csv"))))
        }
        if let pattern = series.monthly, let months = AnalysisTables.months(series) {
            nodes.append(Layout.heading("Per maand", level: level))
            nodes.append(sourceLines(AnalysisWording.sources(series, kinds: [.months])))
            let sentence = AnalysisWording.monthlySentence(pattern)
            nodes.append(.p(.text(sentence)))
            nodes.append(.div(.class("chart"), .trusted(Chart.bars(
                id: idPrefix + key + "-maanden", title: "\(series.series.title) per kalendermaand",
                description: sentence + " De aantallen staan in de tabel hieronder.",
                labels: AnalysisWording.monthAbbreviations, values: pattern.counts, unit: "aantal"))))
            nodes.append(months.html)
            nodes.append(.p(Layout.link("Tabel per maand downloaden (CSV)", .analysisTable(scope, file: key + "-maanden.csv"))))
        }
        return nodes
    }
}
