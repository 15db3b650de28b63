import Foundation
import RegieCore
import RegieHTML
import RegieRegisters
import RegieReports

/// Shared pieces of the registers' pages.
enum RegisterHTML {
    /// The trail to a register's page, and to one of its pages.
    static func crumbs(_ register: RegisterDefinition? = nil) -> [Crumb] {
        [Crumb("Registers", path: RegisterURL.registers.path)] + (register.map { [Crumb($0.name, path: RegisterURL.register($0.id).path)] } ?? [])
    }

    /// A link styled as the register pages use it.
    static func link(_ text: String, _ url: RegisterURL) -> Body { .a(.href(url.path), .text(text)) }

    /// The warning every page with personal data carries.
    static func confidential(_ register: RegisterDefinition) -> Body {
        let purpose = register.purpose.lowercasedFirst.trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        return .p(.class("notice"), .text("\(register.confidentiality.description.capitalizedFirst). Dit register bevat \(register.kind.specialCategory.description). "
            + "Gebruik wat hier staat alleen voor het doel van het register: \(purpose). Geef niets door buiten Regie om."))
    }

    /// The form's problems at the top, each linked to its field where there is one (NL Design System).
    static func problems(_ problems: [RegisterProblem], fieldID: (RegisterProblem) -> String?) -> Body {
        .if(!problems.isEmpty, .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
            .h2(.text("Controleer wat u invulde")),
            .ul(.forEach(problems) { problem in
                .li(.unwrap(fieldID(problem), { .a(.href("#" + $0), .text(problem.description)) }, else: .text(problem.description)))
            })))
    }

    static func notice(_ text: String?) -> Body {
        .unwrap(text) { .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0))) }
    }

    static func select(_ name: String, label: String, options: [(String, String)], selected: String, required: Bool = true, hint: String? = nil,
                       id: String? = nil) -> Body {
        let id = id ?? "veld-\(name)"
        return .div(.class("field"),
             H.el("label", [("for", id)], [.text(label + (required ? " (verplicht)" : ""))]),
             .unwrap(hint) { .p(.class("hint"), .text($0)) },
             H.el("select", [("id", id), ("name", name), ("required", required ? "required" : nil)],
                  options.map { value, text in H.el("option", [("value", value), ("selected", value == selected ? "selected" : nil)], [.text(text)]) }))
    }

    static func input(_ name: String, label: String, value: String, type: String = "text", required: Bool = false, hint: String? = nil,
                      autocomplete: String = "off", id: String? = nil) -> Body {
        let id = id ?? "veld-\(name)"
        return .div(.class("field"),
                    H.el("label", [("for", id)], [.text(label + (required ? " (verplicht)" : ""))]),
                    .unwrap(hint) { .p(.class("hint"), .id(id + "-hint"), .text($0)) },
                    H.void("input", [("type", type), ("id", id), ("name", name), ("value", value), ("autocomplete", autocomplete),
                                     ("required", required ? "required" : nil), ("aria-describedby", hint == nil ? nil : id + "-hint")]))
    }

    static func textarea(_ name: String, label: String, value: String, required: Bool = false, hint: String? = nil, rows: Int = 4) -> Body {
        .div(.class("field"),
             H.el("label", [("for", "veld-\(name)")], [.text(label + (required ? " (verplicht)" : ""))]),
             .unwrap(hint) { .p(.class("hint"), .id("veld-\(name)-hint"), .text($0)) },
             H.el("textarea", [("id", "veld-\(name)"), ("name", name), ("rows", String(rows)), ("required", required ? "required" : nil),
                               ("aria-describedby", hint == nil ? nil : "veld-\(name)-hint")], [.text(value)]))
    }

    /// For an owner: the answer to a subject-access request, as a document to check and send.
    static func subjectAccessForm() -> Body {
        .section(
            .h2(.text("Inzageverzoek beantwoorden")),
            .p(.text("Vraagt iemand welke gegevens over hem zijn vastgelegd (artikel 15 AVG)? Regie maakt een overzicht als Word-document van alle registers waarvan u eigenaar bent, met elke verstrekking. "
                + "Melders worden niet genoemd; een beperking (artikel 41 UAVG) staat erin met haar reden. Controleer het document voordat u het verstuurt.")),
            H.form(RegisterURL.subjectAccess.path, class: "editor", [
                select("soort", label: "Wie vraagt", options: [("persoon", "persoon (naam en geboortedatum)"), ("bedrijf", "bedrijf (KvK-nummer)"), ("adres", "bewoner van een adres")],
                       selected: "persoon", id: "inzage-soort"),
                input("naam", label: "Naam", value: "", id: "inzage-naam"),
                input("geboortedatum", label: "Geboortedatum", value: "", type: "date", id: "inzage-geboortedatum"),
                input("kvk", label: "KvK-nummer", value: "", id: "inzage-kvk"),
                input("postcode", label: "Postcode", value: "", id: "inzage-postcode"),
                input("huisnummer", label: "Huisnummer", value: "", id: "inzage-huisnummer"),
                .div(.class("button-row"), H.submit("Overzicht maken (Word)")),
            ])
        )
    }

    static func levelOptions() -> [(String, String)] { [("", "kies")] + Level.allCases.map { ($0.rawValue, $0.rawValue) } }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}

// MARK: - The list of registers

/// The registers this account is a member of, and for a beheerder the record of processing
/// activities. Someone in no register reads only that there is nothing for them here.
public struct RegisterListPage {
    public var registers: [(RegisterDefinition, RegisterVisibility)]
    public var isAdministrator: Bool

    public init(registers: [(RegisterDefinition, RegisterVisibility)], isAdministrator: Bool) {
        self.registers = registers
        self.isAdministrator = isAdministrator
    }

    public func render() -> String {
        let members = registers.compactMap { register, visibility -> (RegisterDefinition, RegisterRole)? in
            if case .member(let role) = visibility { return (register, role) }
            return nil
        }
        return Layout.page(title: "Registers", [
            .h1(.text("Registers")),
            .p(.text("Registers met persoonsgegevens zijn alleen open voor wie ze nodig heeft voor zijn taak. U ziet hier de registers waarvan u lid bent.")),
            .if(members.isEmpty, .p(.text("U bent van geen enkel register lid. Hebt u voor uw werk toegang nodig, vraag het dan de eigenaar van het register."))),
            .if(!members.isEmpty, .ul(.class("plain"), .forEach(members) { register, role in
                .li(RegisterHTML.link(register.name, .register(register.id)), .text(" · u bent \(role.name)"))
            })),
            .if(isAdministrator, .section(
                .h2(.text("Register van verwerkingsactiviteiten")),
                .p(.text("Als beheerder ziet u hoe de registers van uw gemeente zijn ingericht (AVG art. 30), niet wat erin staat.")),
                .p(RegisterHTML.link("Register van verwerkingsactiviteiten", .processingRecord))
            )),
        ])
    }
}

/// The record of processing activities (AVG art. 30) for the beheerder, with its CSV download.
public struct ProcessingRecordPage {
    public var registers: [RegisterDefinition]

    public init(registers: [RegisterDefinition]) { self.registers = registers }

    public func render() -> String {
        Layout.page(title: "Register van verwerkingsactiviteiten", crumbs: RegisterHTML.crumbs(), [
            .h1(.text("Register van verwerkingsactiviteiten")),
            .p(.text("Hoe de registers met persoonsgegevens van uw gemeente zijn ingericht, zoals artikel 30 van de AVG vraagt. Wat er in de registers staat, ziet u hier niet.")),
            .p(RegisterHTML.link("Download als CSV (voor Excel)", .processingRecordCSV)),
            .if(registers.isEmpty, .p(.text("Uw gemeente heeft nog geen registers."))),
            .forEach(registers.sorted { $0.name < $1.name }) { register in
                let problems = register.problems()
                return .section(
                    .h2(.text(register.name)),
                    .if(!problems.isEmpty, .div(.class("error-summary"), .p(.text("Nog niet volledig beschreven; het register kan nog geen gegevens bevatten.")),
                                                .ul(.forEach(problems) { .li(.text($0.description)) }))),
                    Layout.facts(zip(ProcessingRecord.headers.dropFirst(), ProcessingRecord.row(register).dropFirst()).map { ($0, $1.isEmpty ? "–" : $1) })
                )
            },
        ])
    }
}

// MARK: - A register of signals

/// The register of organised-crime signals: the lines of the cases (no personal data), the
/// meetings of the case table, the lookup and, for an owner, the break-glass reports.
public struct SignalRegisterPage {
    public var register: RegisterDefinition
    public var role: RegisterRole
    public var lines: [SignalLine]
    public var meetings: [MeetingLine]
    /// Only for an owner.
    public var breakGlass: [BreakGlassReport]?
    public var accountNames: [UUID: String]
    /// The references found by a lookup; nil when nothing was looked up.
    public var found: [String]?
    public var notice: String?
    /// The pages asked for (1-based) of the open and the closed signals (`?pagina=`, `?afgesloten=`).
    public var openPage: Int
    public var closedPage: Int?

    public init(register: RegisterDefinition, role: RegisterRole, lines: [SignalLine], meetings: [MeetingLine], breakGlass: [BreakGlassReport]?,
                accountNames: [UUID: String], found: [String]? = nil, notice: String? = nil, openPage: Int = 1, closedPage: Int? = nil) {
        self.openPage = openPage
        self.closedPage = closedPage
        self.register = register
        self.role = role
        self.lines = lines
        self.meetings = meetings
        self.breakGlass = breakGlass
        self.accountNames = accountNames
        self.found = found
        self.notice = notice
    }

    public func render() -> String {
        let open = lines.filter { $0.status != .closed }.sorted { ($0.urgency ?? .low, $0.receivedOn) > ($1.urgency ?? .low, $1.receivedOn) }
        let closed = lines.filter { $0.status == .closed }.sorted { $0.receivedOn > $1.receivedOn }
        let openList = ListPage(total: open.count, asked: openPage)
        let closedList = ListPage(total: closed.count, asked: closedPage ?? 1)
        let here = RegisterURL.register(register.id).path
        let mayWork = role >= .handler
        return Layout.page(title: register.name, crumbs: RegisterHTML.crumbs(), [
            .h1(.text(register.name)),
            RegisterHTML.confidential(register),
            RegisterHTML.notice(notice),
            .if(mayWork, .nav(.class("toolbar"), .ariaLabel("Werken in dit register"), .ul(
                .li(RegisterHTML.link("Nieuw signaal", .newSignal(register.id))),
                .li(RegisterHTML.link("Casustafel plannen", .newMeeting(register.id)))
            ))),
            .if(mayWork, lookup),
            .section(.id("open"), .attribute(named: "aria-label", value: "Open signalen"),
                table(openList.caption("Open signalen"), Array(open[openList.range]), emptyText: "Er zijn geen open signalen die u kunt zien."),
                openList.nav(label: "Pagina's van de open signalen") { "\(here)?pagina=\($0)#open" }),
            .if(!meetings.isEmpty, .section(
                .h2(.text("Casustafel")),
                .ul(.forEach(meetings.sorted { $0.heldOn > $1.heldOn }) { meeting in
                    .li(RegisterHTML.link("\(meeting.reference) · \(FormDates.text(meeting.heldOn))", .meeting(register: register.id, meeting: meeting.id)),
                        .text(" · \(meeting.agendaCount) signa\(meeting.agendaCount == 1 ? "al" : "len") · \(meeting.concluded ? "afgerond" : "gepland")"))
                })
            )),
            .if(!closed.isEmpty, H.el("details", [("id", "afgesloten"), ("open", closedPage == nil ? nil : "open")], [
                .summary(.text("Afgesloten signalen (\(Format.number(closed.count)))")),
                table(closedList.caption("Afgesloten signalen"), Array(closed[closedList.range]), emptyText: nil),
                closedList.nav(label: "Pagina's van de afgesloten signalen") { "\(here)?afgesloten=\($0)#afgesloten" },
            ])),
            .if(role == .owner, RegisterHTML.subjectAccessForm()),
            .unwrap(breakGlass) { reports in
                .section(
                    .h2(.text("Doorbroken toegang")),
                    .p(.text("Behandelaars die een zaak openden waarvan zij geen lid zijn, met hun reden. Ga na of de reden klopt.")),
                    .if(reports.isEmpty, .p(.text("Niemand heeft de toegang doorbroken."))),
                    .if(!reports.isEmpty, .table(
                        .caption(.text("Doorbroken toegang")),
                        .thead(.tr(.th(.text("Wanneer")), .th(.text("Wie")), .th(.text("Zaak")), .th(.text("Reden")))),
                        .tbody(.forEach(reports) { report in
                            .tr(.td(.text(FormDates.text(report.access.at, time: true))),
                                .td(.text(accountNames[report.access.account] ?? "onbekend account")),
                                .td(.text(report.reference)), .td(.text(report.access.reason)))
                        })
                    ))
                )
            },
        ])
    }

    var lookup: Body {
        .section(
            .h2(.text("Is een bedrijf, adres of persoon al bekend?")),
            .p(.class("hint"), .text("Het zoeken zelf wordt vastgelegd. Wat u typt, komt niet in het adres van de pagina.")),
            H.form(RegisterURL.search(register.id).path, class: "editor", [
                RegisterHTML.select("soort", label: "Zoek op", options: [("bedrijf", "KvK-nummer"), ("adres", "adres (postcode en huisnummer)"), ("persoon", "persoon (naam en geboortedatum)")],
                                    selected: "bedrijf"),
                RegisterHTML.input("kvk", label: "KvK-nummer", value: ""),
                RegisterHTML.input("postcode", label: "Postcode", value: ""),
                RegisterHTML.input("huisnummer", label: "Huisnummer", value: ""),
                RegisterHTML.input("naam", label: "Naam", value: ""),
                RegisterHTML.input("geboortedatum", label: "Geboortedatum", value: "", type: "date"),
                .div(.class("button-row"), H.submit("Zoeken")),
            ]),
            .unwrap(found) { found in
                .div(.class("notice"), .attribute(named: "role", value: "status"),
                     .p(.text(found.isEmpty ? "Niet bekend in dit register." : "Bekend in: " + found.joined(separator: ", "))))
            }
        )
    }

    func table(_ caption: String, _ lines: [SignalLine], emptyText: String?) -> Body {
        .group(
            .if(lines.isEmpty, .unwrap(emptyText) { .p(.text($0)) }),
            .if(!lines.isEmpty, .table(
                .caption(.text(caption)),
                .thead(.tr(.th(.text("Zaak")), .th(.text("Ontvangen")), .th(.text("Fenomeen")), .th(.text("Urgentie")), .th(.text("Status")))),
                .tbody(.forEach(lines) { line in
                    .tr(.td(RegisterHTML.link(line.reference, .signal(register: register.id, record: line.id)),
                            .if(line.access == .breakGlass, .small(.text(" (geen lid)")))),
                        .td(.text(FormDates.text(line.receivedOn))),
                        .td(.text(line.phenomena.map(\.name).joined(separator: ", "))),
                        .td(.text(line.urgency?.rawValue ?? "–")),
                        .td(.text(line.status.name)))
                })
            ))
        )
    }
}

// MARK: - A register of incidents

public struct IncidentRegisterPage {
    public var register: RegisterDefinition
    public var role: RegisterRole
    public var lines: [IncidentLine]
    public var notice: String?
    /// The page asked for (1-based, `?pagina=`).
    public var page: Int

    public init(register: RegisterDefinition, role: RegisterRole, lines: [IncidentLine], notice: String? = nil, page: Int = 1) {
        self.register = register
        self.role = role
        self.lines = lines
        self.notice = notice
        self.page = page
    }

    public func render() -> String {
        let sorted = lines.sorted { $0.occurredAt > $1.occurredAt }
        let list = ListPage(total: sorted.count, asked: page)
        let shown = Array(sorted[list.range])
        let here = RegisterURL.register(register.id).path
        return Layout.page(title: register.name, crumbs: RegisterHTML.crumbs(), [
            .h1(.text(register.name)),
            RegisterHTML.confidential(register),
            RegisterHTML.notice(notice),
            .if(role >= .handler, .p(RegisterHTML.link("Incident vastleggen", .newIncident(register.id)))),
            .if(lines.isEmpty, .p(.text("Er zijn geen incidenten die u kunt zien."))),
            .if(!lines.isEmpty, .table(
                .caption(.text(list.caption("Incidenten"))),
                .thead(.tr(.th(.text("Incident")), .th(.text("Tijdstip")), .th(.text("Wijk")), .th(.text("Soort")), .th(.text("Opvolging")))),
                .tbody(.forEach(shown) { line in
                    .tr(.td(RegisterHTML.link(line.reference, .incident(register: register.id, record: line.id))),
                        .td(.text(FormDates.text(line.occurredAt, time: true))),
                        .td(.text(line.district)), .td(.text(line.kind.name)), .td(.text(line.followUp.name)))
                })
            )),
            list.nav(label: "Pagina's van de incidenten") { "\(here)?pagina=\($0)" },
            .if(role == .owner, RegisterHTML.subjectAccessForm()),
        ])
    }
}

// MARK: - Long lists

/// One page of a long list of cases: which lines to show, a caption that says which, and links
/// to the pages before and after. Addresses carry only the page number.
struct ListPage {
    static let size = 50
    var total: Int
    /// The page shown, 1-based: the one asked for, kept within the pages there are.
    var number: Int

    init(total: Int, asked: Int) {
        self.total = total
        number = min(max(asked, 1), max(1, (total + Self.size - 1) / Self.size))
    }

    var pages: Int { max(1, (total + Self.size - 1) / Self.size) }
    var range: Range<Int> { min(total, (number - 1) * Self.size)..<min(total, number * Self.size) }

    /// "Open signalen" when all fit; else "Open signalen 51 tot en met 100 van 5.012".
    func caption(_ title: String) -> String {
        guard pages > 1 else { return title }
        return "\(title) \(Format.number(range.lowerBound + 1)) tot en met \(Format.number(range.upperBound)) van \(Format.number(total))"
    }

    func nav(label: String, link: (Int) -> String) -> Body {
        .if(pages > 1, .nav(.class("pager"), .ariaLabel(label), .ul(
            .if(number > 1, .li(.a(.href(link(number - 1)), .text("Vorige pagina")))),
            .li(.text("Pagina \(number) van \(pages)")),
            .if(number < pages, .li(.a(.href(link(number + 1)), .text("Volgende pagina"))))
        )))
    }
}
