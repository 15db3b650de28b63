import RegieHTML
import RegieCore

/// The generated summary table of a plan: priority | goal | agreements | planning, as plans
/// print it in their summary chapter.
public struct SummaryPage: Sendable {
    public var plan: Plan

    public init(plan: Plan) { self.plan = plan }

    /// One row of the summary: a goal of a theme (or the theme's actions without a goal).
    struct Row {
        var goal: String
        var actions: [Action]
        /// The goal's key; nil for the row of actions without a goal.
        var key: Key? = nil
    }

    static func rows(_ theme: Theme) -> [Row] {
        // Examples are no agreements; shared actions are counted in their own theme only.
        var rows = theme.goals.map { Row(goal: $0.title, actions: theme.actions(for: $0).filter { !$0.isExample }, key: $0.key) }
        let loose = theme.agreements.filter { $0.goal == nil }
        if !loose.isEmpty || rows.isEmpty { rows.append(Row(goal: rows.isEmpty ? "–" : "Overige afspraken", actions: loose)) }
        return rows
    }

    public func render() -> String {
        Layout.page(title: "Samenvatting – \(plan.title)", crumbs: PlanNav.crumbs(plan), [
            PlanNav.header(plan),
            PlanNav.tabs(plan, current: .summary(plan.key)),
            .h2(.text("Samenvatting")),
            .p(.text("Per thema de doelen, de afspraken en wanneer ze zijn gepland. Dit overzicht wordt uit het plan zelf gemaakt.")),
            plan.allThemes.isEmpty ? Self.empty(plan) : table(plan.themes, caption: "Samenvatting van \(plan.title)"),
            .forEach(plan.localChapters) { chapter in
                let name = plan.owner.municipalities.first { $0.code == chapter.municipality }?.name ?? chapter.municipality.rawValue
                return .if(!chapter.themes.isEmpty, .group(
                    .h2(.text("Lokale prioriteiten \(name)")),
                    table(chapter.themes, caption: "Lokale prioriteiten van \(name)")
                ))
            },
        ])
    }

    /// A plan without themes: say so, and offer the next step to whoever may take it.
    static func empty(_ plan: Plan) -> Body {
        let edit = PageContext.current?.toolbar.first { $0.path == SiteURL.edit(plan.key, []).path }
        return .div(.class("notice"),
            .p(.text("Dit plan heeft nog geen thema\u{2019}s. De samenvatting maakt Regie zelf uit de thema\u{2019}s, doelen en afspraken van het plan; zodra die erin staan, verschijnen ze hier.")),
            .unwrap(edit) { _ in .p(.a(.href(SiteURL.edit(plan.key, []).path + "#lijst-themas"), .text("Een thema toevoegen"))) })
    }

    func table(_ themes: [Theme], caption: String) -> Body {
        .table(.class("summary"),
            .caption(.text(caption)),
            .thead(.tr(
                .th(.attribute(named: "scope", value: "col"), .text("Thema")),
                .th(.attribute(named: "scope", value: "col"), .text("Doelstelling")),
                .th(.attribute(named: "scope", value: "col"), .text("Afspraken")),
                .th(.attribute(named: "scope", value: "col"), .text("Planning"))
            )),
            .forEach(themes) { theme in
                let rows = Self.rows(theme)
                let themeSpan = rows.reduce(0) { $0 + max(1, $1.actions.count) }
                // One table row per agreement, so each planning stands beside its agreement;
                // the theme and goal cells span their rows.
                return .tbody(.forEach(rows.enumerated()) { rowIndex, row in
                    let actions: [Action?] = row.actions.isEmpty ? [nil] : row.actions.map { $0 }
                    return .forEach(actions.enumerated()) { actionIndex, action in
                        .tr(
                            .if(rowIndex == 0 && actionIndex == 0, .th(
                                .attribute(named: "scope", value: "rowgroup"),
                                .attribute(named: "rowspan", value: String(themeSpan)),
                                Layout.link(theme.title, .theme(plan: plan.key, theme: theme.key)),
                                .p(.class("muted"), .text(theme.role.label)),
                                EditLinks.theme(plan, theme, section: PlanEditor.themeDetails, name: "thema \u{201C}\(theme.title)\u{201D}"))),
                            .if(actionIndex == 0, .td(
                                .attribute(named: "rowspan", value: String(actions.count)),
                                .text(row.goal),
                                .unwrap(row.key) { key in
                                    EditLinks.themePart(plan, theme, ["doelen", key.rawValue], name: "doel \u{201C}\(row.goal)\u{201D}")
                                })),
                            .td(.text(action?.description ?? "–"), .unwrap(action) { EditLinks.action(plan, theme, $0) }),
                            .td(.text(action?.planningLabel ?? "–"))
                        )
                    }
                })
            }
        )
    }
}

/// Partners and consultation bodies of a plan.
public struct PartnersPage: Sendable {
    /// "Trekker van 19 afspraken en betrokken bij 1 afspraak." in whole sentences, singular where
    /// it is one; a count of zero is left out, and with none at all it says so.
    static func involvement(owned: Int, involved: Int) -> String {
        func agreements(_ n: Int) -> String { n == 1 ? "1 afspraak" : "\(n) afspraken" }
        switch (owned, involved) {
        case (0, 0): return "Nog geen afspraken."
        case (0, let n): return "Betrokken bij \(agreements(n))."
        case (let n, 0): return "Trekker van \(agreements(n))."
        default: return "Trekker van \(agreements(owned)) en betrokken bij \(agreements(involved))."
        }
    }

    public var plan: Plan

    public init(plan: Plan) { self.plan = plan }

    public func render() -> String {
        Layout.page(title: "Partners en overleggen – \(plan.title)", crumbs: PlanNav.crumbs(plan), [
            PlanNav.header(plan),
            PlanNav.tabs(plan, current: .partners(plan.key)),
            .if(!plan.governanceBodies.isEmpty, .section(.id("bestuur"),
                .h2(.text("Bestuur")),
                .forEach(plan.governanceBodies) { body in
                    .section(.class("partner"), .id("bestuur-\(body.key.rawValue)"),
                        .h3(.text(body.name)),
                        .p(.class("muted"), .text(body.kind.label
                            + (body.municipality.flatMap { code in plan.owner.municipalities.first { $0.code == code } }.map { " · \($0.name)" } ?? ""))),
                        EditLinks.link(plan, ["bestuur", body.key.rawValue], name: "bestuur \u{201C}\(body.name)\u{201D}", chapter: nil),
                        Layout.prose(body.role)
                    )
                }
            )),
            .h2(.text("Ketenpartners")),
            .if(plan.partners.isEmpty, .p(.text("Dit plan noemt geen partners.")), else:
                .forEach(PartnerLines.ordered(plan.partners)) { partner in
                    let owned = plan.allThemes.flatMap { theme in theme.agreements.filter { $0.owner == partner.key }.map { (theme, $0) } }
                    let involved = plan.allThemes.flatMap { theme in theme.agreements.filter { $0.partners.contains(partner.key) }.map { (theme, $0) } }
                    return .section(.class("partner"), .id("partner-\(partner.key.rawValue)"),
                        .h3(.text(partner.name)),
                        .p(.class("muted"), .text(partner.type.label + (partner.status.map { " · \($0.label)" } ?? ""))),
                        PartnerLines.themes(partner, plan: plan),
                        EditLinks.link(plan, ["partners", partner.key.rawValue], name: "partner \u{201C}\(partner.name)\u{201D}", chapter: nil),
                        Layout.prose(partner.role),
                        .if(!partner.contacts.isEmpty, .group(
                            .h4(.text("Contactpersonen")),
                            .ul(.forEach(partner.contacts) { c in
                                .li(.text(c.name + (c.function.map { ", \($0)" } ?? "")),
                                    .unwrap(c.email) { .group(.text(" – "), .a(.href("mailto:\($0)"), .text($0))) },
                                    .unwrap(c.phone) { .text(" – \($0)") })
                            })
                        )),
                        .p(.class("muted"), .text(Self.involvement(owned: owned.count, involved: involved.count))),
                        .if(!owned.isEmpty, .details(
                            .summary(.text("Afspraken waarvan \(partner.name) trekker is")),
                            .ul(.forEach(owned) { theme, action in
                                .li(.a(.href(SiteURL.theme(plan: plan.key, theme: theme.key).path + "#actie-\(action.key.rawValue)"),
                                       .text(action.description)), .text(" (\(theme.title))"))
                            })
                        ))
                    )
                }),
            .h2(.text("Overlegstructuren")),
            .if(plan.consultationBodies.isEmpty, .p(.text("Dit plan noemt geen overleggen.")), else:
                .table(
                    .caption(.text("Overleggen, deelnemers en ritme")),
                    .thead(.tr(
                        .th(.attribute(named: "scope", value: "col"), .text("Overleg")),
                        .th(.attribute(named: "scope", value: "col"), .text("Voorzitter")),
                        .th(.attribute(named: "scope", value: "col"), .text("Deelnemers")),
                        .th(.attribute(named: "scope", value: "col"), .text("Ritme")),
                        .th(.attribute(named: "scope", value: "col"), .text("Thema's"))
                    )),
                    .tbody(.forEach(plan.consultationBodies) { body in
                        .tr(
                            .th(.attribute(named: "scope", value: "row"), .id("overleg-\(body.key.rawValue)"), .text(body.name),
                                .unwrap(body.status) { .p(.class("muted"), .text($0.label)) },
                                Layout.prose(body.purpose), PartnerLines.goals(body, plan: plan),
                                EditLinks.link(plan, ["overleggen", body.key.rawValue], name: "overleg \u{201C}\(body.name)\u{201D}", chapter: nil)),
                            .td(.text(body.chair ?? "")),
                            .td(.text(body.participants.joined(separator: ", "))),
                            .td(.text(body.rhythm ?? "")),
                            .td(.forEach(body.themes.compactMap(plan.theme).enumerated()) { index, theme in
                                .group(.if(index > 0, .text(", ")), Layout.link(theme.title, .theme(plan: plan.key, theme: theme.key)))
                            })
                        )
                    })
                )),
        ])
    }
}

/// A collaboration plan as one member municipality sees it: the common part plus its own
/// local priorities.
public struct LocalViewPage: Sendable {
    public var plan: Plan
    public var municipality: Municipality

    public init(plan: Plan, municipality: Municipality) {
        self.plan = plan
        self.municipality = municipality
    }

    public func render() -> String {
        let chapter = plan.localChapter(for: municipality.code)
        return Layout.page(title: "\(plan.title) – \(municipality.name)", crumbs: PlanNav.crumbs(plan), [
            PlanNav.header(plan),
            .h2(.text("Weergave voor gemeente \(municipality.name)")),
            .p(.text("Het gemeenschappelijke deel van het plan, aangevuld met de eigen prioriteiten van \(municipality.name).")),
            .section(
                .h2(.text("Lokale prioriteiten \(municipality.name)")),
                Layout.prose(chapter?.introduction ?? ""),
                .if((chapter?.themes ?? []).isEmpty,
                    .p(.text("\(municipality.name) heeft (nog) geen eigen prioriteiten in dit plan opgenomen.")),
                    else: ThemeList.grouped(plan, chapter?.themes ?? [], headingLevel: 3))
            ),
            .section(
                .h2(.text("Gemeenschappelijk deel")),
                ThemeList.grouped(plan, plan.themes, headingLevel: 3)
            ),
            .let(plan.adoptions.filter { $0.municipality == municipality.code }) { adoptions in
                .if(!adoptions.isEmpty, .section(
                    .h2(.text("Vaststelling in \(municipality.name)")),
                    .ul(.forEach(adoptions) { a in
                        .li(.text("\(a.body), \(a.date.label)" + (a.decisionNumber.map { ", besluit \($0)" } ?? "")))
                    })
                ))
            },
        ])
    }
}

extension HTMLNode {
    /// Binds a value for use in a node expression.
    static func `let`<T>(_ value: T, _ body: (T) -> HTMLNode) -> HTMLNode { body(value) }
}

// Issue 11: partners as plans name them, and the goals taken up in a consultation body.
enum PartnerLines {
    /// Active partners first, then potential partners and those still to be approached, each
    /// group in plan order, so the page shows who is on board before who is still to be won.
    static func ordered(_ partners: [Partner]) -> [Partner] {
        partners.filter { $0.status == nil } + partners.filter { $0.status == .potential } + partners.filter { $0.status == .toLobby }
    }

    /// "Werkt aan: Ondermijning, Jeugd", linked to the theme pages.
    static func themes(_ partner: Partner, plan: Plan) -> Body {
        let themes = partner.themes.compactMap(plan.theme)
        return .if(!themes.isEmpty, .p(.class("partner-themes"), .text("Werkt aan: "),
            .forEach(themes.enumerated()) { index, theme in
                .group(.if(index > 0, .text(", ")), Layout.link(theme.title, .theme(plan: plan.key, theme: theme.key)))
            }))
    }

    /// "Hier besproken: <goal>, <goal>" for the goals that name this body.
    static func goals(_ body: ConsultationBody, plan: Plan) -> Body {
        let goals = plan.goals(takenUpIn: body.key)
        return .if(!goals.isEmpty, .p(.class("body-goals"), .text("Hier besproken: "),
            .forEach(goals.enumerated()) { index, item in
                .group(.if(index > 0, .text(", ")),
                       .a(.href(SiteURL.theme(plan: plan.key, theme: item.theme.key).path + "#doel-\(item.goal.key.rawValue)"), .text(item.goal.title)))
            }))
    }
}
