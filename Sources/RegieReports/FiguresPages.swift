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
    /// Figures the replaced version had; nil on a first import.
    public var previousFigures: Int?
    /// How the file was read, where the user should know (the period of a table without periods).
    public var notes: [String]

    public init(layout: String, table: String, title: String, revision: Int, rows: Int, figures: Int, missing: Int,
                regions: Int, periods: Int, seconds: Double, previousFigures: Int?, notes: [String] = []) {
        self.notes = notes
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
            "Tabel \(table) (\(title)) ingelezen, versie \(revision).",
            "\(Format.number(rows)) regels, \(Format.number(figures)) cijfers (\(Format.number(missing)) ontbrekend), "
                + "\(Format.number(regions)) regio's, \(Format.number(periods)) perioden, in \(Format.decimal(seconds, digits: 1)) s.",
        ]
        if let previous = previousFigures { lines.append("De vorige versie had \(Format.number(previous)) cijfers; die zijn vervangen.") }
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
        case .succeeded(let outcome): "ingelezen als \(outcome.table), versie \(outcome.revision)"
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

    public init(tenantName: String, tables: [StatisticsTableSummary], imports: [FigureImportView], maxUploadMB: Int,
                errors: [(field: String?, label: String, message: String)] = [], table: String = "") {
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
            .p(.text("Let op: de cijfers zijn van alle gemeenten die deze Regie gebruiken. Een nieuwe versie van een tabel vervangt de vorige helemaal. "
                     + "Ontbreken in uw bestand regio's of perioden die de opgeslagen tabel heeft, dan weigert Regie het, behalve bij een tabel met alleen cijfers van uw eigen gemeente en haar wijken en buurten.")),
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
                            .td(.class("number"), .text(String(table.revision))),
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
            .div(.class("button-row"), H.submit("Inlezen")),
        ])
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
