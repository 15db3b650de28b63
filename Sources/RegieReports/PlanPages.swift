import Foundation
import RegieHTML
import RegieCore

/// The plan page: every plan-wide part and the list of themes.
public struct PlanPage: Sendable {
    public var plan: Plan

    public init(plan: Plan) { self.plan = plan }

    public func render() -> String {
        Layout.page(title: plan.title, crumbs: PlanNav.crumbs(plan, includePlan: false), [
            PlanNav.header(plan, full: true),
            PlanNav.tabs(plan, current: .plan(plan.key)),
            contents(),
            Layout.section("Voorwoord", id: "voorwoord", plan.foreword),
            .if(!plan.foreword.isEmpty, EditLinks.planText(plan, "voorwoord", name: "voorwoord")),
            Layout.section("Inleiding", id: "inleiding", plan.introduction),
            .if(!plan.introduction.isEmpty, EditLinks.planText(plan, "inleiding", name: "inleiding")),
            Layout.section("Missie en visie", id: "missie-en-visie", plan.missionVision),
            .if(!plan.missionVision.isEmpty, EditLinks.planText(plan, "missie-en-visie", name: "missie en visie")),
            sections("Uitgangspunten", id: "uitgangspunten", plan.guidingPrinciples),
            Layout.section("Reikwijdte", id: "reikwijdte", plan.scope),
            .if(!plan.scope.isEmpty, EditLinks.planText(plan, "reikwijdte", name: "reikwijdte")),
            sections("Trends en ontwikkelingen", id: "trends", plan.trends),
            .if(!plan.generalGoals.isEmpty, .section(.id("algemene-doelen"),
                .h2(.text("Algemene doelen")),
                .ol(.forEach(plan.generalGoals) { .li(.text($0)) }),
                EditLinks.planText(plan, "algemene-doelen", name: "algemene doelen")
            )),
            sections("Focuslenzen", id: "focuslenzen", plan.focusLenses),
            priorityReferences(),
            themes(),
            localChapters(),
            Layout.section("Monitoring en evaluatie", id: "monitoring", plan.monitoring),
            .if(!plan.monitoring.isEmpty, EditLinks.planText(plan, "monitoring", name: "monitoring en evaluatie")),
            FinanceView.section(plan),
            LegalBasisView.section(plan),
            CouncilPaperTexts.section(plan),
            PlanFigureView.section(plan.figures, plan: plan,
                                   edit: { EditLinks.link(plan, ["kerncijfers", $0.key.rawValue], name: "kerncijfer \u{201C}\($0.label)\u{201D}", chapter: nil) }),
            .section(.id("planbestand"),
                .h2(.text("Planbestand")),
                .p(.text("Het hele plan als leesbaar bestand: "),
                   .a(.href(SiteURL.planFile(plan.key).path), .attribute(named: "download", value: "\(plan.key.rawValue).yaml"),
                      .text("planbestand downloaden (YAML)")), .text("."))
            ),
        ])
    }

    /// The parts this plan has, in page order, for the table of contents.
    var parts: [(title: String, id: String)] {
        let candidates: [(String, String, Bool)] = [
            ("Voorwoord", "voorwoord", !plan.foreword.isEmpty),
            ("Inleiding", "inleiding", !plan.introduction.isEmpty),
            ("Missie en visie", "missie-en-visie", !plan.missionVision.isEmpty),
            ("Uitgangspunten", "uitgangspunten", !plan.guidingPrinciples.isEmpty),
            ("Reikwijdte", "reikwijdte", !plan.scope.isEmpty),
            ("Trends en ontwikkelingen", "trends", !plan.trends.isEmpty),
            ("Algemene doelen", "algemene-doelen", !plan.generalGoals.isEmpty),
            ("Focuslenzen", "focuslenzen", !plan.focusLenses.isEmpty),
            ("Regionale en landelijke prioriteiten", "bovenlokale-prioriteiten", !plan.priorityReferences.isEmpty),
            (plan.localChapters.isEmpty ? "Thema's" : "Gemeenschappelijke thema's", "themas", !plan.themes.isEmpty),
            ("Lokale prioriteiten per gemeente", "lokale-prioriteiten", !plan.localChapters.isEmpty || isCollaboration),
            ("Monitoring en evaluatie", "monitoring", !plan.monitoring.isEmpty),
            ("Financiën", "financien", !plan.finances.text.isEmpty || !plan.finances.lines.isEmpty),
            ("Wettelijk kader", LegalBasisView.anchor, !plan.legalBases.isEmpty),
            ("Besluitvorming", "besluitvorming", CouncilPaperTexts.hasSection(plan)),
            ("Kerncijfers", "kerncijfers", !plan.figures.isEmpty),
            ("Planbestand", "planbestand", true),
        ]
        return candidates.filter(\.2).map { ($0.0, $0.1) }
    }

    private func contents() -> Body {
        .nav(.class("contents"), .ariaLabel("Inhoud van het plan"),
            .h2(.text("Inhoud")),
            .ol(.forEach(parts) { part in .li(.a(.href("#\(part.id)"), .text(part.title))) })
        )
    }

    private func sections(_ heading: String, id: String, _ sections: [Section]) -> Body {
        .if(!sections.isEmpty, .section(.id(id),
            .h2(.text(heading)),
            .forEach(sections.enumerated()) { index, section in
                .group(.h3(.text(section.title)), Layout.prose(section.text),
                       EditLinks.link(plan, [id, String(index + 1)], name: "\u{201C}\(section.title)\u{201D}", chapter: nil))
            }
        ))
    }

    private func priorityReferences() -> Body {
        .if(!plan.priorityReferences.isEmpty, .section(.id("bovenlokale-prioriteiten"),
            .h2(.text("Regionale en landelijke prioriteiten")),
            .table(
                .caption(.text("Prioriteiten buiten de gemeente en de thema's die erop aansluiten")),
                .thead(.tr(
                    .th(.attribute(named: "scope", value: "col"), .text("Niveau")),
                    .th(.attribute(named: "scope", value: "col"), .text("Prioriteit")),
                    .th(.attribute(named: "scope", value: "col"), .text("Bron")),
                    .th(.attribute(named: "scope", value: "col"), .text("Sluit aan bij"))
                )),
                .tbody(.forEach(plan.priorityReferences) { reference in
                    let themes = plan.allThemes.filter { $0.answers.contains(reference.key) }
                    return .tr(
                        .td(.text(reference.level.label)),
                        .th(.attribute(named: "scope", value: "row"), .text(reference.title)),
                        .td(.text(reference.source ?? "")),
                        .td(.forEach(themes.enumerated()) { index, theme in
                            .group(.if(index > 0, .text(", ")), Layout.link(theme.title, .theme(plan: plan.key, theme: theme.key)))
                        })
                    )
                })
            )
        ))
    }

    private func themes() -> Body {
        .if(!plan.themes.isEmpty, .section(.id("themas"),
            .h2(.text(plan.localChapters.isEmpty ? "Thema's" : "Gemeenschappelijke thema's")),
            ThemeList.grouped(plan, plan.themes, headingLevel: 3)
        ))
    }

    private func localChapters() -> Body {
        .if(!plan.localChapters.isEmpty || isCollaboration, .section(.id("lokale-prioriteiten"),
            .h2(.text("Lokale prioriteiten per gemeente")),
            .p(.text("Elke gemeente voegt eigen prioriteiten toe aan het gemeenschappelijke deel. De eigen weergave toont beide samen.")),
            .ul(.forEach(plan.owner.municipalities) { municipality in
                let chapter = plan.localChapter(for: municipality.code)
                let count = chapter?.themes.count ?? 0
                return .li(
                    Layout.link(municipality.name, .localView(plan: plan.key, municipality: municipality.code)),
                    .text(count == 0 ? " – nog geen lokale prioriteiten" : " – \(count) lokale \(count == 1 ? "prioriteit" : "prioriteiten"): "
                          + (chapter?.themes.map(\.title).joined(separator: ", ") ?? ""))
                )
            })
        ))
    }

    private var isCollaboration: Bool {
        if case .collaboration = plan.owner { return true }
        return false
    }
}

/// Header, breadcrumbs and tabs shared by all pages of one plan.
enum PlanNav {
    static func crumbs(_ plan: Plan, includePlan: Bool = true) -> [Crumb] {
        var crumbs = [Crumb("Start", .home)]
        switch plan.owner {
        case .municipality(let m): crumbs.append(Crumb("Gemeente \(m.name)", .municipality(m.code)))
        case .collaboration(let c): crumbs.append(Crumb(c.name, .collaboration(c.key)))
        }
        if includePlan { crumbs.append(Crumb(plan.title, .plan(plan.key))) }
        return crumbs
    }

    /// The plan's title with a short status line and what the account may do with it. The
    /// plan's own page (`full`) adds the kind, subtitle and adoptions; the other tabs keep it
    /// compact so their content starts in the first screen.
    static func header(_ plan: Plan, full: Bool = false) -> Body {
        .header(.class(full ? "plan-header" : "plan-header compact"),
            .if(full, .p(.class("kicker"), .text("\(plan.kind.label) · \(plan.owner.name)"))),
            .h1(.text(plan.title)),
            .if(full, .unwrap(plan.subtitle) { .p(.class("subtitle"), .text($0)) }),
            .p(.class("meta"),
               .text("Periode \(plan.period.label) · "), Layout.statusBadge(plan.status),
               .if(full, .forEach(plan.adoptions) { adoption in
                   .text(" · vastgesteld door \(adoption.body) op \(adoption.date.label)"
                         + (adoption.decisionNumber.map { " (besluit \($0))" } ?? ""))
               })),
            Layout.toolbar()
        )
    }

    static func tabs(_ plan: Plan, current: SiteURL) -> Body {
        let tabs: [(String, SiteURL)] = [
            ("Plan", .plan(plan.key)), ("Veiligheidsanalyse", .analysis(.plan(plan.key))), ("Samenvatting", .summary(plan.key)),
            ("Partners en overleggen", .partners(plan.key)),
        ]
        return .nav(.class("tabs"), .ariaLabel("Onderdelen van het plan"),
            .ul(.forEach(tabs) { title, url in
                .li(url == current
                    ? .a(.href(url.path), .attribute(named: "aria-current", value: "page"), .text(title))
                    : .a(.href(url.path), .text(title)))
            })
        )
    }
}

/// Lists of themes, grouped by role.
enum ThemeList {
    static func grouped(_ plan: Plan, _ themes: [Theme], headingLevel: Int) -> Body {
        let roles = ThemeRole.allCases.filter { role in themes.contains { $0.role == role } }
        return .forEach(roles) { role in
            .group(
                Layout.heading(role.pluralLabel, level: headingLevel),
                .ul(.class("themes"), .forEach(themes.filter { $0.role == role }) { theme in
                    .li(
                        Layout.link(theme.title, .theme(plan: plan.key, theme: theme.key)),
                        .unwrap(theme.direction) { .span(.class("badge"), .text($0.label)) },
                        EditLinks.theme(plan, theme, section: PlanEditor.themeDetails, name: "thema \u{201C}\(theme.title)\u{201D}", inline: true),
                        AliasLine.line(theme.aliases),
                        .unwrap(theme.summary.blocks.first) { block in
                            if case .paragraph(let text) = block { return .p(.class("muted"), .text(text)) }
                            return .empty
                        },
                        .if(!theme.goals.isEmpty || !theme.allActions.isEmpty,
                            .p(.class("muted"), .text(counts(theme))))
                    )
                })
            )
        }
    }

    static func counts(_ theme: Theme) -> String {
        var parts: [String] = []
        if !theme.goals.isEmpty { parts.append(theme.goals.count == 1 ? "1 doel" : "\(theme.goals.count) doelen") }
        let actions = theme.agreements.count
        if actions > 0 { parts.append(actions == 1 ? "1 afspraak" : "\(actions) afspraken") }
        let examples = theme.examples.count
        if examples > 0 { parts.append(examples == 1 ? "1 voorbeeld" : "\(examples) voorbeelden") }
        if !theme.indicators.isEmpty { parts.append(theme.indicators.count == 1 ? "1 indicator" : "\(theme.indicators.count) indicatoren") }
        return parts.joined(separator: " · ")
    }
}

/// The finances section.
enum FinanceView {
    static func section(_ plan: Plan) -> Body {
        let finances = plan.finances
        return .if(!finances.text.isEmpty || !finances.lines.isEmpty, .section(.id("financien"),
            .h2(.text("Financiën")),
            Layout.prose(finances.text),
            .if(!finances.lines.isEmpty, .table(
                .caption(.text("Begrotingsposten")),
                .thead(.tr(
                    .th(.attribute(named: "scope", value: "col"), .text("Omschrijving")),
                    .th(.attribute(named: "scope", value: "col"), .class("num"), .text("Bedrag")),
                    .th(.attribute(named: "scope", value: "col"), .text("Jaar")),
                    .th(.attribute(named: "scope", value: "col"), .text("Dekking")),
                    .th(.attribute(named: "scope", value: "col"), .text("Thema")),
                    .if(finances.lines.contains { !$0.actions.isEmpty }, .th(.attribute(named: "scope", value: "col"), .text("Betaalt de acties")))
                )),
                .tbody(.forEach(finances.lines) { line in
                    .tr(
                        .td(.text(line.description)),
                        .td(.class("num"), .text(amount(line, owner: plan.owner))),
                        .td(.text(line.yearLabel)),
                        .td(.text(line.cover ?? "")),
                        .td(.unwrap(line.theme.flatMap(plan.theme)) { Layout.link($0.title, .theme(plan: plan.key, theme: $0.key)) }),
                        .if(finances.lines.contains { !$0.actions.isEmpty }, .td(actions(line, plan: plan)))
                    )
                })
            ))
        ))
    }

    /// The actions a line pays for, each a link to its row on its theme's page.
    static func actions(_ line: BudgetLine, plan: Plan) -> Body {
        let linked = plan.actionsWithThemes.filter { line.actions.contains($0.action.key) }
        return .if(!linked.isEmpty, .ul(.class("plain"), .forEach(linked) { item in
            .li(.a(.href(SiteURL.theme(plan: plan.key, theme: item.theme.key).path + "#actie-\(item.action.key.rawValue)"), .text(item.action.description)))
        }))
    }

    static func amount(_ line: BudgetLine, owner: PlanOwner) -> String {
        guard let amount = line.amount else { return line.withoutAmount?.label ?? "–" }
        switch line.basis {
        case .total:
            return Format.euro(amount)
        case .perInhabitant:
            let inhabitants: Int? = switch owner {
            case .municipality(let m): m.inhabitants
            case .collaboration(let c): c.inhabitants
            }
            var text = "\(Format.euro(amount)) per inwoner"
            if let inhabitants { text += " (≈ \(Format.euro((amount * Decimal(inhabitants)).rounded)))" }
            return text
        }
    }
}
