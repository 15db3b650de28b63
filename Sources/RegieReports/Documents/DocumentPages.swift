import Foundation
import RegieCore
import RegieHTML

/// One document on the documents page.
public struct DocumentEntry: Sendable {
    public var key: DocumentKey
    public var title: String
    /// The saved draft's revision, or nil when the officer has not added text yet.
    public var draftRevision: Int?
    public var sent: [SentDocument]

    public init(key: DocumentKey, title: String, draftRevision: Int?, sent: [SentDocument]) {
        self.key = key
        self.title = title
        self.draftRevision = draftRevision
        self.sent = sent
    }

    /// Whether the current draft is the one sent last (nothing new to send).
    public var isSentAsIs: Bool { sent.last.map { $0.draftRevision == (draftRevision ?? 0) } ?? false }
}

private enum DocumentLabels {
    static func kind(_ kind: DocumentKind) -> String {
        switch kind {
        case .plan: "Het plan"
        case .programme: "Uitvoeringsprogramma's"
        case .progressReport: "Voortgangsrapportages"
        case .councilLetter: "Raadsinformatiebrieven"
        case .councilProposal: "Raadsvoorstellen"
        case .councilDecision: "Ontwerp-raadsbesluiten"
        }
    }

    static func size(_ bytes: Int) -> String {
        bytes < 1_048_576 ? "\(max(1, bytes / 1024)) kB" : Format.decimal(Double(bytes) / 1_048_576, digits: 1) + " MB"
    }
}

/// The council documents of a plan: what can be made, downloaded, edited and sent.
public struct DocumentsPage {
    public var plan: Plan
    public var entries: [DocumentEntry]
    public var mayPrepare: Bool
    public var pdfAvailable: Bool
    public var houseStyle: String?
    public var notice: String?
    public var errors: [String]

    public init(plan: Plan, entries: [DocumentEntry], mayPrepare: Bool, pdfAvailable: Bool, houseStyle: String?,
                notice: String? = nil, errors: [String] = []) {
        self.plan = plan
        self.entries = entries
        self.mayPrepare = mayPrepare
        self.pdfAvailable = pdfAvailable
        self.houseStyle = houseStyle
        self.notice = notice
        self.errors = errors
    }

    public func render() -> String {
        let crumbs = PlanNav.crumbs(plan)
        let kinds = DocumentKind.allCases.filter { kind in entries.contains { $0.key.kind == kind } }
        return Layout.page(title: "Raadsstukken · \(plan.title)", crumbs: crumbs, [
            .p(.class("kicker"), .text("Raadsstukken")),
            .h1(.text("Stukken voor de raad")),
            RunningLayout.errors("Dat lukte niet", errors),
            .unwrap(notice) { .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .p(.text("Regie maakt het plan, de uitvoeringsprogramma's, de voortgangsrapportages en het raadsvoorstel uit de gegevens van het plan. Wat aan de raad is gestuurd, blijft precies bewaard zoals het is verstuurd.")),
            .if(mayPrepare, .p(.text(houseStyle.map { "De stukken krijgen de huisstijl uit het sjabloon \($0)." }
                ?? "De stukken krijgen de standaardopmaak van Regie; een beheerder kan het Word-sjabloon van de gemeente uploaden."))),
            .if(mayPrepare && !pdfAvailable, .div(.class("notice"), .p(.text("PDF maken kan op deze server niet: LibreOffice is niet geïnstalleerd. Word (DOCX) en de webpagina zijn wel beschikbaar.")))),
            .if(mayPrepare, .group(.h2(.text("Raadspakket")),
                .p(.text("Het voorstel, het besluit en het plan als PDF, met een klein metadatabestand voor het raadsinformatiesysteem.")),
                .ul(.forEach(packages) { item in .li(.a(.href(SiteURL.councilPackage(plan.key, municipality: item.1).path), .text(item.0))) }))),
            .forEach(kinds) { kind in
                .section(.h2(.text(DocumentLabels.kind(kind))), .table(
                    .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text("Stuk")), .th(.attribute(named: "scope", value: "col"), .text("Nu")),
                               .th(.attribute(named: "scope", value: "col"), .text("Aan de raad gestuurd")))),
                    .tbody(.forEach(entries.filter { $0.key.kind == kind }) { row($0) })))
            },
        ])
    }

    var packages: [(String, MunicipalityCode?)] {
        let members = plan.owner.municipalities
        return members.count == 1 ? [("Raadspakket (zip)", nil)] : members.map { ("Raadspakket \($0.name) (zip)", $0.code) }
    }

    func row(_ entry: DocumentEntry) -> Body {
        let slug = entry.key.slug
        let formats: [DocumentFormat] = pdfAvailable ? [.html, .docx, .pdf] : [.html, .docx]
        return .tr(
            .td(.text(entry.title)),
            .td(.if(mayPrepare, .group(
                .forEach(formats) { format in .group(.a(.href(SiteURL.document(plan.key, slug: slug, format: format).path),
                                                       .ariaLabel("\(entry.title) als \(Self.name(format))"), .text(Self.name(format))), .text(" ")) },
                .br(),
                .a(.href(SiteURL.documentEditor(plan.key, slug: slug).path), .ariaLabel("\(entry.title) bewerken"), .text("Eigen tekst toevoegen")),
                .if(!entry.isSentAsIs, H.form(SiteURL.documentSend(plan.key, slug: slug).path, class: "inline", [
                    H.hidden("revisie", String(entry.draftRevision ?? 0)),
                    .el("button", [("type", "submit"), ("class", "link-button"), ("aria-label", "\(entry.title) aan de raad sturen")], [.text("Aan de raad sturen")]),
                ]))
            ), else: .text("–"))),
            .td(entry.sent.isEmpty ? .text("nog niet") : .group(
                .text("versie \(entry.sent.last!.version), \(entry.sent.last!.sentOn.label) "),
                .a(.href(SiteURL.documentVersions(plan.key, slug: slug).path), .ariaLabel("Versies van \(entry.title)"), .text("versies")))))
    }

    static func name(_ format: DocumentFormat) -> String {
        switch format {
        case .docx: "Word"
        case .pdf: "PDF"
        case .html: "Webpagina"
        }
    }
}

extension HTMLNode {
    fileprivate static func el(_ name: String, _ attributes: [(String, String?)], _ children: [HTMLNode]) -> HTMLNode { H.el(name, attributes, children) }
}

/// The officer's own texts beside the generated parts, and a proposal's header.
public struct DocumentEditorPage {
    public var plan: Plan
    public var title: String
    public var slug: String
    public var parts: [(key: String, label: String, text: String)]
    public var header: ProposalHeader?
    public var revision: Int
    public var errors: [String]

    public init(plan: Plan, title: String, slug: String, parts: [(key: String, label: String, text: String)], header: ProposalHeader?,
                revision: Int, errors: [String] = []) {
        self.plan = plan
        self.title = title
        self.slug = slug
        self.parts = parts
        self.header = header
        self.revision = revision
        self.errors = errors
    }

    func field(_ name: String, _ label: String, hint: String? = nil, _ input: FormInput, _ value: String) -> Body {
        H.field(FormField(name: name, label: label, hint: hint, input: input, read: { _ in [] }, write: { _, _ in nil }), values: [value], error: nil)
    }

    public func render() -> String {
        let crumbs = PlanNav.crumbs(plan) + [Crumb("Raadsstukken", .documents(plan.key))]
        return Layout.page(title: "\(title) bewerken", crumbs: crumbs, [
            .p(.class("kicker"), .text("Raadsstuk bewerken")),
            .h1(.text(title)),
            RunningLayout.errors("Het stuk is niet opgeslagen", errors),
            .p(.text("Regie maakt de tekst van het stuk uit de gegevens van het plan. Hier schrijft u uw eigen tekst bij elk deel; die komt boven de gemaakte tekst van dat deel. Zet geen namen of contactgegevens van personen in raadsstukken: ze zijn openbaar.")),
            H.form(SiteURL.documentEditor(plan.key, slug: slug).path, class: "editor", [
                H.hidden("revisie", String(revision)),
                .unwrap(header) { h in .group(
                    .h2(.text("Kopgegevens")),
                    field("zaaknummer", "Zaaknummer", .line(maxLength: 60), h.caseNumber),
                    field("collegebesluit", "Datum collegebesluit", hint: "Bijvoorbeeld 2026-03-10.", .date, h.executiveDecisionDate?.description ?? ""),
                    field("portefeuillehouder", "Portefeuillehouder", hint: "De functie, zoals burgemeester; geen naam.", .line(maxLength: 80), h.portfolioHolder),
                    field("vergadering", "Datum raadsvergadering", .date, h.meetingDate?.description ?? ""),
                    field("commissie", "Commissie", .line(maxLength: 120), h.committee),
                    field("begrotingsprogramma", "Programma in de begroting", .line(maxLength: 160), h.budgetProgramme)) },
                .h2(.text("Eigen tekst per deel")),
                .forEach(parts) { part in field("tekst-\(part.key)", part.label, .text(maxLength: 20_000), part.text) },
                .div(.class("button-row"), H.submit("Opslaan")),
            ]),
        ])
    }
}

/// The versions sent to the council, with their files and checksums, and what changed.
public struct DocumentVersionsPage {
    public var plan: Plan
    public var title: String
    public var slug: String
    public var versions: [SentDocument]
    /// What changed against the previous version, and against last year's report.
    public var comparisons: [(against: String, changes: [PartChange])]
    public var notice: String?

    public init(plan: Plan, title: String, slug: String, versions: [SentDocument], comparisons: [(against: String, changes: [PartChange])],
                notice: String? = nil) {
        self.notice = notice
        self.plan = plan
        self.title = title
        self.slug = slug
        self.versions = versions
        self.comparisons = comparisons
    }

    public func render() -> String {
        let crumbs = PlanNav.crumbs(plan) + [Crumb("Raadsstukken", .documents(plan.key))]
        return Layout.page(title: "Versies · \(title)", crumbs: crumbs, [
            .p(.class("kicker"), .text("Versies")),
            .h1(.text(title)),
            .unwrap(notice) { .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            versions.isEmpty ? .p(.text("Dit stuk is nog niet aan de raad gestuurd.")) : .table(
                .caption(.text("Aan de raad gestuurde versies")),
                .thead(.tr(.th(.text("Versie")), .th(.text("Verstuurd")), .th(.text("Bestanden met SHA-256")))),
                .tbody(.forEach(versions.reversed()) { v in
                    .tr(.td(.text("\(v.version)")), .td(.text("\(v.sentOn.label), door \(v.sentBy)")),
                        .td(.ul(.forEach(v.files) { f in
                            .li(.a(.href(SiteURL.sentDocument(plan.key, slug: slug, version: v.version, format: f.format).path), .text(f.fileName)),
                                .text(" (\(DocumentLabels.size(f.size))) "), .code(.text(f.sha256)))
                        })))
                })),
            .forEach(comparisons) { c in .section(
                .h2(.text("Wat is veranderd ten opzichte van \(c.against)")),
                c.changes.isEmpty ? .p(.text("Geen verschillen in de tekst.")) : .forEach(c.changes) { change in
                    .group(.h3(.text(change.heading + (change.kind == .added ? " (nieuw)" : change.kind == .removed ? " (vervallen)" : ""))),
                           .if(!change.addedLines.isEmpty, .group(.p(.strong(.text("Toegevoegd"))), .ul(.class("diff-added"), .forEach(change.addedLines.prefix(40)) { .li(.text($0)) }))),
                           .if(!change.removedLines.isEmpty, .group(.p(.strong(.text("Vervallen"))), .ul(.class("diff-removed"), .forEach(change.removedLines.prefix(40)) { .li(.text($0)) }))))
                }) },
        ])
    }
}

/// The beheerder's page for the municipality's Word template.
public struct HouseStylePage {
    public var municipality: String
    public var current: HouseStyleFile?
    /// Style names used by documents and the template's style ids for them.
    public var styles: [(String, String)]
    public var notice: String?
    public var errors: [String]

    public init(municipality: String, current: HouseStyleFile?, styles: [(String, String)], notice: String? = nil, errors: [String] = []) {
        self.municipality = municipality
        self.current = current
        self.styles = styles
        self.notice = notice
        self.errors = errors
    }

    public func render() -> String {
        Layout.page(title: "Huisstijl", crumbs: [Crumb("Start", .home)], [
            .p(.class("kicker"), .text("Beheer")),
            .h1(.text("Huisstijl voor raadsstukken")),
            RunningLayout.errors("Het sjabloon is niet opgeslagen", errors),
            .unwrap(notice) { .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .p(.text("Upload het Word-sjabloon van gemeente \(municipality) (.dotx of .docx, tot \(HouseStyleLimits.megabytes) MB). Regie gebruikt er de opmaakprofielen, lettertypen, kleuren, kop- en voetteksten en het logo van. Zonder sjabloon krijgen de stukken de rustige standaardopmaak van Regie.")),
            .unwrap(current) { c in .group(
                .p(.text("Nu in gebruik: \(c.fileName), geüpload \(Format.dateTime(c.uploadedAt)), SHA-256 "), .code(.text(c.sha256))),
                .if(!styles.isEmpty, .table(.caption(.text("Opmaakprofielen die de stukken gebruiken")),
                                            .thead(.tr(.th(.text("Profiel")), .th(.text("In het sjabloon")))),
                                            .tbody(.forEach(styles) { .tr(.td(.text($0.0)), .td(.text($0.1))) }))),
                H.button("Sjabloon verwijderen", to: SiteURL.houseStyleRemove.path)) },
            .element(named: "form", nodes: [
                .attribute(named: "method", value: "post"), .attribute(named: "action", value: SiteURL.houseStyle.path),
                .attribute(named: "enctype", value: "multipart/form-data"), .class("editor"), H.csrf(),
                .div(.class("field"), .element(named: "label", nodes: [.attribute(named: "for", value: "sjabloon"), .text("Word-sjabloon")]),
                     .selfClosedElement(named: "input", nodes: [.attribute(named: "type", value: "file"), .id("sjabloon"), .attribute(named: "name", value: "bestand"),
                                                                .attribute(named: "accept", value: ".dotx,.docx")])),
                .div(.class("button-row"), H.submit("Sjabloon uploaden")),
            ]),
        ])
    }
}

/// The upload limit shown on the page (the check itself is RegieDocuments' HouseStyle).
public enum HouseStyleLimits {
    public static let megabytes = 10
}
