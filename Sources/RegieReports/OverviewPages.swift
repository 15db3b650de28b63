import RegieHTML
import RegieCore

/// The start page: municipalities, collaborations and plans.
public struct StartPage: Sendable {
    public var plans: [PlanSummary]
    public var municipalities: [Municipality]
    public var collaborations: [Collaboration]

    public init(plans: [PlanSummary], municipalities: [Municipality], collaborations: [Collaboration]) {
        self.plans = plans
        self.municipalities = municipalities
        self.collaborations = collaborations
    }

    public func render() -> String {
        Layout.page(title: "Regie", [
            .h1(.text("Veiligheidsplannen")),
            .p(.class("lead"), .text("Integrale veiligheidsplannen van gemeenten en samenwerkingsverbanden: prioriteiten, doelen, afspraken en partners.")),
            .section(
                .h2(.text("Plannen")),
                .if(plans.isEmpty,
                    .p(.text("Er zijn nog geen plannen. Lees een planbestand in met "), .code(.text("regie plan import BESTAND")), .text(" of start met voorbeeldgegevens: "), .code(.text("regie serve --demo")), .text(".")),
                    else: PlanList.table(plans, caption: "Alle plannen"))
            ),
            .section(
                .h2(.text("Gemeenten")),
                .if(municipalities.isEmpty, .p(.text("Nog geen gemeenten.")), else:
                    .ul(.class("columns"), .forEach(municipalities) { m in
                        .li(Layout.link(m.name, .municipality(m.code)), .text(" "), .span(.class("muted"), .text(m.code.rawValue)))
                    }))
            ),
            .section(
                .h2(.text("Samenwerkingsverbanden")),
                .if(collaborations.isEmpty, .p(.text("Nog geen samenwerkingsverbanden.")), else:
                    .ul(.forEach(collaborations) { c in
                        .li(Layout.link(c.name, .collaboration(c.key)), .text(" – " + c.members.map(\.name).joined(separator: ", ")))
                    }))
            ),
        ])
    }
}

enum PlanList {
    static func table(_ plans: [PlanSummary], caption: String) -> Body {
        .table(
            .caption(.text(caption)),
            .thead(.tr(
                .th(.attribute(named: "scope", value: "col"), .text("Plan")),
                .th(.attribute(named: "scope", value: "col"), .text("Van")),
                .th(.attribute(named: "scope", value: "col"), .text("Periode")),
                .th(.attribute(named: "scope", value: "col"), .text("Status"))
            )),
            .tbody(.forEach(plans) { plan in
                .tr(
                    .td(Layout.link(plan.title, .plan(plan.key)), .br(), .span(.class("muted"), .text(plan.kind.label))),
                    .td(ownerLink(plan)),
                    .td(.text(plan.period.label)),
                    .td(Layout.statusBadge(plan.status))
                )
            })
        )
    }

    static func ownerLink(_ plan: PlanSummary) -> Body {
        if let code = plan.ownerMunicipality { return Layout.link(plan.ownerName, .municipality(code)) }
        if let key = plan.ownerCollaboration { return Layout.link(plan.ownerName, .collaboration(key)) }
        return .text(plan.ownerName)
    }
}

/// A municipality with its own plans and the shared plans of collaborations it is in.
public struct MunicipalityPage: Sendable {
    public var municipality: Municipality
    public var plans: [PlanSummary]
    public var collaborations: [Collaboration]

    public init(municipality: Municipality, plans: [PlanSummary], collaborations: [Collaboration]) {
        self.municipality = municipality
        self.plans = plans
        self.collaborations = collaborations
    }

    public func render() -> String {
        Layout.page(title: "Gemeente \(municipality.name)", crumbs: [Crumb("Start", .home)], [
            .h1(.text("Gemeente \(municipality.name)")),
            .p(Layout.link("Veiligheidsanalyse: cijfers van politie en CBS over \(municipality.name)", .analysis(.municipality(municipality.code)))),
            Layout.facts([
                ("CBS-code", municipality.code.rawValue),
                ("Inwoners", municipality.inhabitants.map(Format.number)),
                ("Samenwerkingsverbanden", collaborations.isEmpty ? nil : collaborations.map(\.name).joined(separator: ", ")),
            ]),
            .h2(.text("Plannen")),
            .if(plans.isEmpty, .p(.text("Er zijn geen plannen van of voor deze gemeente.")),
                else: PlanList.table(plans, caption: "Plannen van \(municipality.name) en van samenwerkingsverbanden waarin de gemeente deelneemt")),
            .forEach(plans.filter { $0.ownerCollaboration != nil }) { plan in
                .p(Layout.link("Eigen weergave van \(plan.title) voor \(municipality.name)", .localView(plan: plan.key, municipality: municipality.code)))
            },
        ])
    }
}

/// A collaboration with its members and plans.
public struct CollaborationPage: Sendable {
    public var collaboration: Collaboration
    public var plans: [PlanSummary]

    public init(collaboration: Collaboration, plans: [PlanSummary]) {
        self.collaboration = collaboration
        self.plans = plans
    }

    public func render() -> String {
        Layout.page(title: collaboration.name, crumbs: [Crumb("Start", .home)], [
            .h1(.text(collaboration.name)),
            .p(Layout.link("Veiligheidsanalyse: cijfers van politie en CBS over \(collaboration.name)", .analysis(.collaboration(collaboration.key)))),
            Layout.facts([
                ("Soort", collaboration.kind),
                ("Inwoners samen", collaboration.inhabitants.map(Format.number)),
            ]),
            .h2(.text("Deelnemende gemeenten")),
            .ul(.forEach(collaboration.members) { m in
                .li(Layout.link(m.name, .municipality(m.code)),
                    .unwrap(m.inhabitants) { .text(" – \(Format.number($0)) inwoners") })
            }),
            .h2(.text("Plannen")),
            .if(plans.isEmpty, .p(.text("Er zijn geen plannen van dit samenwerkingsverband.")),
                else: PlanList.table(plans, caption: "Plannen van \(collaboration.name)")),
        ])
    }
}

extension ErrorPage {
    /// The message with each address of Regie that it names ("de lijst op /gemeenten") as a
    /// link. Only a path after a space (or at the start) counts, made of lower-case letters,
    /// digits, `-` and `/`, with the codes' capitals after the first segment; a path inside
    /// quotes (“/x”, what the user typed) stays text, and a full stop after it is not part of it.
    static func linked(_ message: String) -> [HTMLNode] {
        var nodes: [HTMLNode] = []
        var text = ""
        for (index, word) in message.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { text += " " }
            if let match = word.wholeMatch(of: /(\/[a-z][a-z0-9-]*(?:\/[A-Za-z0-9-]+)*)([.,;:)]?)/) {
                nodes.append(.text(text))
                text = ""
                let path = String(match.output.1)
                nodes.append(.a(.href(path), .text(path)))
                text += match.output.2
            } else {
                text += word
            }
        }
        nodes.append(.text(text))
        return nodes
    }
}

/// A page for errors: not found, bad request, server error. Never shows internals.
public struct ErrorPage: Sendable {
    public var status: Int
    public var title: String
    public var message: String

    public init(status: Int, title: String, message: String) {
        self.status = status
        self.title = title
        self.message = message
    }

    public func render() -> String {
        Layout.page(title: title, [
            .h1(.text(title)),
            .p(.group(Self.linked(message))),
            .p(.class("muted"), .text("Foutcode \(status)")),
            .p(Layout.link("Naar de startpagina", .home)),
        ])
    }
}
