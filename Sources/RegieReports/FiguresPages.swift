import Foundation
import RegieCore
import RegieHTML

/// What a finished import stored, as the command line reports it.
public struct FigureImportOutcome: Hashable, Sendable {
    /// The layout read, in words ("StatLine-export (een kolom per dimensie)").
    public var layout: String
    public var table: String
    public var title: String
    public var revision: Int
    public var rows: Int
    public var figures: Int
    public var missing: Int
    public var regions: Int
    public var periods: Int
    public var seconds: Double
    /// Figures the previous version had; nil on a first import.
    public var previousFigures: Int?
    /// What the import did to the stored table, in sentences (new, revised, kept or removed figures).
    public var changes: [String]
    /// How the file was read, where the user should know (the period of a table without periods).
    public var notes: [String]

    public init(layout: String, table: String, title: String, revision: Int, rows: Int, figures: Int, missing: Int,
                regions: Int, periods: Int, seconds: Double, previousFigures: Int?, notes: [String] = [], changes: [String] = []) {
        self.notes = notes
        self.changes = changes
        self.layout = layout
        self.table = table
        self.title = title
        self.revision = revision
        self.rows = rows
        self.figures = figures
        self.missing = missing
        self.regions = regions
        self.periods = periods
        self.seconds = seconds
        self.previousFigures = previousFigures
    }

    /// The lines the command line prints.
    public var lines: [String] {
        var lines = [
            "Gelezen als: \(layout).",
        ] + notes + [
            "Tabel \(table) (\(title)) ingelezen.",
            "\(Format.number(rows)) regels, \(Format.number(figures)) cijfers (\(Format.number(missing)) ontbrekend), "
                + "\(regions == 1 ? "1 regio" : "\(Format.number(regions)) regio's"), \(periods == 1 ? "1 periode" : "\(Format.number(periods)) perioden"), in \(Format.decimal(seconds, digits: 1)) s.",
        ]
        lines += changes
        return lines
    }
}

/// One browser import as its status page and the list show it.
public struct FigureImportView: Sendable {
    public enum State: Sendable {
        case running(rows: Int, figures: Int)
        case succeeded(FigureImportOutcome)
        /// Each problem as "file, regel N: message".
        case failed([String])
    }

    public var id: UUID
    public var fileName: String
    public var metadataName: String?
    public var startedBy: String
    public var startedAt: Date
    public var state: State

    public init(id: UUID, fileName: String, metadataName: String?, startedBy: String, startedAt: Date, state: State) {
        self.id = id
        self.fileName = fileName
        self.metadataName = metadataName
        self.startedBy = startedBy
        self.startedAt = startedAt
        self.state = state
    }

    var stateText: String {
        switch state {
        case .running: "bezig"
        case .succeeded(let outcome): "ingelezen in \(outcome.table), versie \(outcome.revision)"
        case .failed: "niets ingelezen"
        }
    }
}

/// The beheerder's page of figures: the stored tables and the form to import a file.
public struct FiguresPage {
    public var tenantName: String
    public var tables: [StatisticsTableSummary]
    public var imports: [FigureImportView]
    /// The largest file the form takes, in MB.
    public var maxUploadMB: Int
    /// Problems with what was sent (no file, a bad table code), or another import running.
    public var errors: [(field: String?, label: String, message: String)]
    /// The table code typed, kept on a refusal.
    public var table: String
    /// Whether "Vervang de hele tabel" was ticked, kept on a refusal.
    public var replace: Bool

    public init(tenantName: String, tables: [StatisticsTableSummary], imports: [FigureImportView], maxUploadMB: Int,
                errors: [(field: String?, label: String, message: String)] = [], table: String = "", replace: Bool = false) {
        self.replace = replace
        self.tenantName = tenantName
        self.tables = tables
        self.imports = imports
        self.maxUploadMB = maxUploadMB
        self.errors = errors
        self.table = table
    }

    /// What to do when figures are missing: for a beheerder a link to this page, for everyone
    /// else who can do it.
    /// How figures get into Regie, for officers only: a council member can do nothing with it.
    static func nextStep() -> HTMLNode {
        let mayImport = PageContext.current?.links.contains { $0.path == SiteURL.figures.path } == true
        guard mayImport || PageContext.current?.officer == true else { return .empty }
        return mayImport
            ? .p(.text("U kunt ze zelf inlezen: "), .a(.href(SiteURL.figures.path), .text("cijfers inlezen")),
                 .text(", bijvoorbeeld politietabel 47018NED (misdrijven per wijk en buurt) en CBS-tabel 37230ned (bevolking)."))
            : .p(.text("De beheerder van uw gemeente kan de open data van politie en CBS inlezen op de pagina Cijfers, bijvoorbeeld politietabel 47018NED (misdrijven per wijk en buurt) en CBS-tabel 37230ned (bevolking)."))
    }

    public func render() -> String {
        Layout.page(title: "Cijfers", crumbs: [Crumb("Start", .home)], [
            .h1(.text("Cijfers inlezen")),
            .p(.text("Hier leest u open data in: tabellen van politie en CBS, een export van de Veiligheidsmonitor of de eigen reeksen van \(tenantName). "
                     + "Regie herkent de indeling aan de inhoud en controleert elke regel. Is er één fout, dan wordt niets opgeslagen en ziet u alle fouten met bestand en regel.")),
            .p(.text("Let op: de cijfers zijn van alle gemeenten die deze Regie gebruiken. Een nieuw bestand van een tabel die er al is, vult die aan: "
                     + "de perioden en regio's in het bestand komen erbij of worden herzien, de andere cijfers blijven staan. Zo kunt u elk jaar alleen het nieuwe jaar downloaden. "
                     + "Elke keer ontstaat een nieuwe versie; bij de tabel ziet u welke cijfers zijn herzien.")),
            .p(.text("Kiest u 'Vervang de hele tabel', dan wordt het bestand de hele tabel. Ontbreken daarin regio's of perioden die de opgeslagen tabel heeft, "
                     + "dan weigert Regie het, behalve bij een tabel met alleen cijfers van uw eigen gemeente en haar wijken en buurten.")),
            .section(
                .h2(.text("Bestand inlezen")),
                H.errorSummary(errors, idPrefix: "cijfers"),
                uploadForm
            ),
            .if(!imports.isEmpty, .section(
                .h2(.text("Recent ingelezen")),
                .table(
                    .caption(.text("Inleespogingen van de laatste dag")),
                    .thead(.tr(.forEach(["Bestand", "Begonnen", "Door", "Uitkomst"]) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                    .tbody(.forEach(imports) { job in
                        .tr(.td(.a(.href(SiteURL.figuresImport(job.id).path), .text(job.fileName))),
                            .td(.text(Format.dateTime(job.startedAt))), .td(.text(job.startedBy)), .td(.text(job.stateText)))
                    })
                )
            )),
            .section(
                .h2(.text("Opgeslagen tabellen")),
                .if(tables.isEmpty, .p(.text("Er zijn nog geen cijfers ingelezen. Lees hierboven een bestand in; de veiligheidsanalyse gebruikt de cijfers meteen."))),
                .if(!tables.isEmpty, .table(
                    .caption(.text("Tabellen met cijfers")),
                    .thead(.tr(.forEach(["Tabelcode", "Titel", "Bestand", "Versie", "Cijfers", "Ingelezen op"]) {
                        .th(.attribute(named: "scope", value: "col"), .text($0))
                    })),
                    .tbody(.forEach(tables) { table in
                        .tr(.td(.text(table.identifier)),
                            .td(.text(table.title), .if(table.isExample, .group([.text(" "), .span(.class("badge example-data"), .text("voorbeeld"))]))),
                            .td(.text(table.source)),
                            .td(.class("number"), .a(.href(SiteURL.figuresTable(table.identifier, revision: nil).path),
                                                     .attribute(named: "aria-label", value: "versie \(table.revision) van \(table.identifier), alle versies"),
                                                     .text(String(table.revision)))),
                            .td(.class("number"), .text(Format.number(table.observations))),
                            .td(.text(Format.dateTime(table.importedAt))))
                    })
                )),
                .if(tables.contains(where: \.isExample), .p(.text(
                    "Tabellen met het label \u{201C}voorbeeld\u{201D} bevatten verzonnen voorbeeldcijfers van de demo, geen echte cijfers. "
                    + "Heeft een echte tabel cijfers voor dezelfde gemeente, dan gebruikt de veiligheidsanalyse altijd de echte tabel.")))
            ),
        ])
    }

    private var uploadForm: Body {
        let fileHint = "CSV of JSON, tot \(Format.number(maxUploadMB)) MB. Bijvoorbeeld het databestand van een bulkdownload of OData-tabel, een StatLine-export, een Veiligheidsmonitor-export of eigen reeksen (regio;periode;reeks;waarde)."
        let tableHint = "Laat leeg om de code uit het bestand te nemen. Letters, cijfers, punt, - en _; bijvoorbeeld 47013NED."
        let metadataHint = "Alleen nodig bij een databestand zonder metadata, of een StatLine-export per wijk of buurt: het metadatabestand van de bulkdownload (begint met TableInfos). Een gewone StatLine-export leest Regie zonder metadata."
        let error = Dictionary(errors.compactMap { e in e.field.map { ($0, e.message) } }, uniquingKeysWith: { a, _ in a })
        func field(_ name: String, _ label: String, hint: String, input: Body) -> Body {
            let id = "cijfers-\(name)"
            return .div(.class(error[name] == nil ? "field" : "field invalid"),
                        H.el("label", [("for", id)], [.text(label)]),
                        .p(.class("hint"), .id("\(id)-hint"), .text(hint)),
                        .unwrap(error[name]) { .p(.class("field-error"), .id("\(id)-fout"), .text("Fout: \($0)")) },
                        input)
        }
        func described(_ name: String) -> String { "cijfers-\(name)-hint" + (error[name] == nil ? "" : " cijfers-\(name)-fout") }
        // The token comes first: the server checks it before it writes any file.
        return H.el("form", [("method", "post"), ("action", SiteURL.figures.path), ("enctype", "multipart/form-data"), ("class", "editor narrow")], [
            H.csrf(),
            field("bestand", "Bestand met cijfers (verplicht)", hint: fileHint, input: H.void("input", [
                ("type", "file"), ("id", "cijfers-bestand"), ("name", "bestand"), ("required", "required"),
                ("accept", ".csv,.json,.txt,text/csv,application/json"), ("aria-describedby", described("bestand")),
                ("aria-invalid", error["bestand"] == nil ? nil : "true")])),
            field("tabel", "Tabelcode", hint: tableHint, input: H.void("input", [
                ("type", "text"), ("id", "cijfers-tabel"), ("name", "tabel"), ("value", table), ("maxlength", "80"),
                ("aria-describedby", described("tabel")), ("aria-invalid", error["tabel"] == nil ? nil : "true")])),
            field("metadata", "Metadatabestand", hint: metadataHint, input: H.void("input", [
                ("type", "file"), ("id", "cijfers-metadata"), ("name", "metadata"), ("accept", ".csv,.json,.txt,text/csv,application/json"),
                ("aria-describedby", described("metadata"))])),
            .div(.class("field"),
                 .div(.class("choice"),
                      H.void("input", [("type", "checkbox"), ("id", "cijfers-vervang"), ("name", "vervang"), ("value", "ja"),
                                       ("aria-describedby", "cijfers-vervang-hint"), ("checked", replace ? "checked" : nil)]),
                      H.el("label", [("for", "cijfers-vervang")], [.text("Vervang de hele tabel")])),
                 .p(.class("hint"), .id("cijfers-vervang-hint"), .text(replaceHint))),
            .div(.class("button-row"), H.submit("Inlezen")),
        ])
    }

    private var replaceHint: String {
        "Zonder vinkje vult het bestand de opgeslagen tabel aan. Met vinkje wordt het bestand de hele tabel en verdwijnen cijfers die er niet in staan."
    }
}

/// The versions of one stored table (each download, how it was read in and what it changed),
/// and the figures one version revised, with their old and new values.
public struct StatisticsTablePage: Sendable {
    public var table: StatisticsTableSummary
    public var revisions: [StatisticsRevision]
    /// The version whose revised figures are listed.
    public var shown: Int
    public var changes: [StatisticsRevisionChange]
    public var totalChanges: Int
    public var regionNames: [RegionCode: String]
    /// Titles of the measures by key.
    public var measureTitles: [String: String]

    public init(table: StatisticsTableSummary, revisions: [StatisticsRevision], shown: Int, changes: [StatisticsRevisionChange],
                totalChanges: Int, regionNames: [RegionCode: String], measureTitles: [String: String]) {
        self.table = table
        self.revisions = revisions
        self.shown = shown
        self.changes = changes
        self.totalChanges = totalChanges
        self.regionNames = regionNames
        self.measureTitles = measureTitles
    }

    public func render() -> String {
        let shownRevision = revisions.first { $0.revision == shown }
        return Layout.page(title: "Tabel \(table.identifier): versies", crumbs: [Crumb("Start", .home), Crumb("Cijfers", .figures)], [
            .h1(.text("Tabel \(table.identifier): versies")),
            .p(.text("\(table.title). Nu versie \(table.revision) met \(Format.number(table.observations)) cijfers.")),
            .table(
                .caption(.text("Elke download van deze tabel, de nieuwste eerst")),
                .thead(.tr(.forEach(["Versie", "Ingelezen op", "Bestand", "Wijze", "Cijfers daarna", "Nieuw", "Herzien", "Ongewijzigd", "Behouden", "Verwijderd", "Perioden in het bestand"]) {
                    .th(.attribute(named: "scope", value: "col"), .text($0))
                })),
                .tbody(.forEach(revisions) { revisionRow($0) })
            ),
            .section(
                .h2(.text("Herziene cijfers in versie \(shown)")),
                revisedFigures(shownRevision)
            ),
            .p(.a(.href(SiteURL.figures.path), .text("Terug naar de cijfers"))),
        ])
    }

    private func revisionRow(_ revision: StatisticsRevision) -> Body {
        let number: Body = revision.revision == shown ? .text(String(revision.revision))
            : .a(.href(SiteURL.figuresTable(table.identifier, revision: revision.revision).path),
                 .attribute(named: "aria-label", value: "versie \(revision.revision): herziene cijfers"),
                 .text(String(revision.revision)))
        let counts: [Int?] = [revision.changes?.added, revision.changes?.revised, revision.changes?.unchanged,
                              revision.changes?.kept, revision.changes?.removed]
        let periods = revision.periods.isEmpty ? "–" : StatisticsPeriod.words(revision.periods)
        return .tr(.td(.class("number"), number),
                   .td(.text(Format.dateTime(revision.importedAt))), .td(.text(revision.source)),
                   .td(.text(revision.revision == 1 ? "eerste download" : Self.mode(revision.mode))),
                   .td(.class("number"), .text(Format.number(revision.observations))),
                   .forEach(counts) { count in .td(.class("number"), .text(count.map { Format.number($0) } ?? "–")) },
                   .td(.text(periods)))
    }

    private func category(_ key: String) -> String {
        let parts = key.split(separator: "|").joined(separator: ", ")
        return parts.isEmpty ? "–" : parts
    }

    private func revisedFigures(_ revision: StatisticsRevision?) -> Body {
        guard let revision else { return .p(.text("Deze tabel heeft geen versie \(shown).")) }
        guard revision.changes != nil else {
            return .p(.text("Deze versie is ingelezen voordat Regie bijhield welke cijfers veranderden."))
        }
        guard totalChanges > 0 else { return .p(.text("Deze versie herzag geen cijfers: nieuwe cijfers kwamen erbij, de herhaalde waren gelijk.")) }
        return .div(
            .p(.text("\(Format.number(totalChanges)) \(totalChanges == 1 ? "cijfer kreeg" : "cijfers kregen") in deze versie een andere waarde"
                     + (totalChanges > changes.count ? "; hieronder de eerste \(Format.number(changes.count))." : "."))),
            .table(
                .caption(.text("Herziene cijfers: de waarde voor en na versie \(shown)")),
                .thead(.tr(.forEach(["Regio", "Periode", "Categorie", "Onderwerp", "Was", "Wordt"]) {
                    .th(.attribute(named: "scope", value: "col"), .text($0))
                })),
                .tbody(.forEach(changes) { change in
                    .tr(.td(.text(regionNames[change.region].map { "\($0) (\(change.region))" } ?? change.region.rawValue)),
                        .td(.text(change.period.words)),
                        .td(.text(category(change.category))),
                        .td(.text(measureTitles[change.measure] ?? change.measure)),
                        .td(.class("number"), .text(Self.value(change.before))),
                        .td(.class("number"), .text(Self.value(change.after))))
                })
            ))
    }

    static func mode(_ mode: StatisticsImportMode?) -> String {
        switch mode {
        case .addUp?: "aangevuld"
        case .replace?: "vervangen"
        case nil: "ingelezen"
        }
    }

    static func value(_ value: Double?) -> String {
        guard let value else { return "geen cijfer" }
        let rounded = value.rounded()
        return rounded == value ? Format.number(Int(rounded)) : Format.decimal(value, digits: Self.digits(value))
    }

    /// The decimals a stored value has, at most 4.
    static func digits(_ value: Double) -> Int {
        for digits in 1...4 where (value * pow(10, Double(digits))).rounded() == value * pow(10, Double(digits)) { return digits }
        return 4
    }
}

/// The progress of one browser import, then its outcome. Refreshes itself while it runs.
public struct FigureImportPage {
    public var job: FigureImportView
    public static let refreshSeconds = 2

    public init(job: FigureImportView) { self.job = job }

    public func render() -> String {
        let running: Bool = if case .running = job.state { true } else { false }
        let files = "\(job.fileName)" + (job.metadataName.map { " met metadata \($0)" } ?? "")
        return Layout.page(title: running ? "Bezig met inlezen" : "Inlezen: \(job.fileName)",
                           crumbs: [Crumb("Start", .home), Crumb("Cijfers", .figures)],
                           refresh: running ? Self.refreshSeconds : nil, [
            .h1(.text(running ? "Bezig met inlezen" : "Inlezen van \(job.fileName)")),
            .p(.text("Bestand \(files), begonnen op \(Format.dateTime(job.startedAt)) door \(job.startedBy).")),
            content,
            .p(.a(.href(SiteURL.figures.path), .text(running ? "Naar de cijfers (het inlezen gaat door)" : "Terug naar de cijfers"))),
        ])
    }

    private var content: Body {
        switch job.state {
        case .running(let rows, let figures):
            return .div(.class("notice"), .attribute(named: "role", value: "status"),
                        .p(.text("\(Format.number(rows)) regels gelezen, \(Format.number(figures)) cijfers gecontroleerd en klaargezet.")),
                        .p(.text("Deze pagina ververst zichzelf elke \(Self.refreshSeconds) seconden. U kunt haar sluiten: het inlezen gaat door. "
                                 + "Tot het klaar is, ziet iedereen de tabel zoals die was.")))
        case .succeeded(let outcome):
            return .div(.class("notice success"), .attribute(named: "role", value: "status"),
                        .h2(.text("Ingelezen")),
                        .forEach(outcome.lines) { .p(.text($0)) })
        case .failed(let problems):
            return .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
                        .h2(.text("Er is niets ingelezen")),
                        .p(.text("De opgeslagen cijfers zijn niet veranderd. Verbeter het bestand en lees het opnieuw in.")),
                        .ul(.forEach(problems) { .li(.text($0)) }))
        }
    }
}
