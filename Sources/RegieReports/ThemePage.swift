import RegieHTML
import RegieCore

/// One theme with all its texts, goals, indicators, actions and tracks.
public struct ThemePage: Sendable {
    public var plan: Plan
    public var theme: Theme

    /// Measurements of indicators linked to a series, filled in from imported figures.
    public var measurements: [Key: [IndicatorMeasurement]]

    public init(plan: Plan, theme: Theme, measurements: [Key: [IndicatorMeasurement]] = [:]) {
        self.plan = plan
        self.theme = theme
        self.measurements = measurements
    }

    /// The member municipality whose local chapter holds this theme, if any.
    var localMunicipality: Municipality? {
        guard let chapter = plan.localChapters.first(where: { $0.themes.contains { $0.key == theme.key } }) else { return nil }
        return plan.owner.municipalities.first { $0.code == chapter.municipality }
    }

    public func render() -> String {
        var crumbs = PlanNav.crumbs(plan)
        if let local = localMunicipality {
            crumbs.append(Crumb(local.name, .localView(plan: plan.key, municipality: local.code)))
        }
        let references = plan.priorityReferences.filter { theme.answers.contains($0.key) }
        let bodies = plan.consultationBodies.filter { $0.themes.contains(theme.key) }
        return Layout.page(title: theme.title, crumbs: crumbs, [
            .header(.class("plan-header"),
                .p(.class("kicker"), .text(theme.role.label
                    + (theme.direction.map { " · \($0.label)" } ?? "")
                    + (localMunicipality.map { " · lokale prioriteit \($0.name)" } ?? ""))),
                .h1(.text(theme.title)),
                .p(.class("meta"), .text("Onderdeel van "), Layout.link(plan.title, .plan(plan.key)),
                   .unwrap(theme.field) { .text(" · veiligheidsveld: \($0.label)") },
                   EditLinks.theme(plan, theme, section: PlanEditor.themeDetails, name: "gegevens van thema \u{201C}\(theme.title)\u{201D}", inline: true)),
                Layout.toolbar()
            ),
            Layout.prose(theme.summary),
            .if(!theme.summary.isEmpty, EditLinks.theme(plan, theme, section: PlanEditor.themeTexts, field: "samenvatting", name: "samenvatting")),
            .if(!references.isEmpty, .section(
                .h2(.text("Sluit aan bij")), EditLinks.theme(plan, theme, section: PlanEditor.themeDetails, field: "sluit-aan-bij", name: "sluit aan bij"),
                .ul(.forEach(references) { r in .li(.text("\(r.level.label): \(r.title)" + (r.source.map { " (\($0))" } ?? ""))) })
            )),
            text("Waarom dit thema", theme.why, field: "waarom"),
            text("Probleemschets", theme.problem, field: "probleemschets"),
            text("Aandachtspunten", theme.focusPoints, field: "aandachtspunten"),
            text("Uitgangspunten", theme.principles, field: "uitgangspunten"),
            .if(!theme.ambitions.isEmpty, .section(
                .h2(.text("Ambities")), EditLinks.theme(plan, theme, section: PlanEditor.themeTexts, field: "ambities", name: "ambities"),
                .ul(.forEach(theme.ambitions) { .li(.text($0)) })
            )),
            goals(),
            PlanFigureView.section(theme.figures, plan: plan,
                                   edit: { EditLinks.themePart(plan, theme, ["kerncijfers", $0.key.rawValue], name: "kerncijfer \u{201C}\($0.label)\u{201D}") }),
            IndicatorTable.table(theme.indicators, goals: theme.goals, measurements: measurements,
                                 edit: { EditLinks.themePart(plan, theme, ["indicatoren", $0.key.rawValue], name: "indicator \u{201C}\($0.name)\u{201D}") },
                                 baseline: { plan.baseline(of: $0, in: theme) }),
            text("Aanpak", theme.approach, field: "aanpak"),
            actionsWithoutGoal(),
            tracks(),
            .if(!bodies.isEmpty, .section(
                .h2(.text("Overleggen")),
                .ul(.forEach(bodies) { b in .li(.text(b.name + (b.rhythm.map { " (\($0))" } ?? "")),
                                                EditLinks.link(plan, ["overleggen", b.key.rawValue], name: "overleg \u{201C}\(b.name)\u{201D}",
                                                               chapter: nil, inline: true)) })
            )),
        ])
    }

    /// A text of the theme under its heading, with a link to its field in the editor.
    private func text(_ heading: String, _ text: Prose, field: String) -> Body {
        .if(!text.isEmpty, .section(
            .h2(.text(heading)), EditLinks.theme(plan, theme, section: PlanEditor.themeTexts, field: field, name: heading.lowercased()),
            Layout.prose(text)
        ))
    }

    private func goals() -> Body {
        .if(!theme.goals.isEmpty, .section(
            .h2(.text("Doelen en afspraken")),
            .forEach(theme.goals) { goal in
                .section(.class("goal"),
                    .h3(.text(goal.title)), EditLinks.themePart(plan, theme, ["doelen", goal.key.rawValue], name: "doel \u{201C}\(goal.title)\u{201D}"),
                    Layout.prose(goal.description),
                    ActionTable.table(theme.actions(for: goal), plan: plan, caption: "Afspraken bij dit doel", theme: theme)
                )
            }
        ))
    }

    private func actionsWithoutGoal() -> Body {
        let actions = theme.actions.filter { $0.goal == nil }
        return .if(!actions.isEmpty, .section(
            .h2(.text(theme.goals.isEmpty ? "Wat we gaan doen" : "Overige afspraken")),
            ActionTable.table(actions, plan: plan, caption: "Afspraken", theme: theme)
        ))
    }

    private func tracks() -> Body {
        .if(!theme.tracks.isEmpty, .section(
            .h2(.text("Sporen")),
            .forEach(theme.tracks) { track in
                .section(.class("track"),
                    .h3(.text(track.title)), EditLinks.themePart(plan, theme, ["sporen", track.key.rawValue], name: "spoor \u{201C}\(track.title)\u{201D}"),
                    Layout.prose(track.description),
                    ActionTable.table(track.actions, plan: plan, caption: "Afspraken in dit spoor", theme: theme)
                )
            }
        ))
    }
}

enum ActionTable {
    /// `theme`: the theme the actions belong to, for their edit links.
    static func table(_ actions: [Action], plan: Plan, caption: String, theme: Theme? = nil) -> Body {
        .if(!actions.isEmpty, .table(.class("actions"),
            .caption(.class("visually-hidden"), .text(caption)),
            .thead(.tr(
                .th(.attribute(named: "scope", value: "col"), .text("Afspraak")),
                .th(.attribute(named: "scope", value: "col"), .text("Beoogd resultaat")),
                .th(.attribute(named: "scope", value: "col"), .text("Planning")),
                .th(.attribute(named: "scope", value: "col"), .text("Trekker en partners")),
                .th(.attribute(named: "scope", value: "col"), .text("Status"))
            )),
            .tbody(.forEach(actions) { action in
                .tr(.id("actie-\(action.key.rawValue)"),
                    .td(.text(action.description),
                        .unwrap(theme) { EditLinks.action(plan, $0, action) },
                        .if(!action.phases.isEmpty, .p(.class("muted"), .text(SafetyChainPhase.fieldLabel + ": " + action.phases.map(\.label).joined(separator: ", ")))),
                        paidBy(action, plan: plan)),
                    .td(Layout.prose(action.expectedResult)),
                    .td(.text(action.planningLabel ?? "–")),
                    .td(partners(action, plan: plan)),
                    .td(.text(action.status.label),
                        .if(!action.progressNote.isEmpty, .div(.class("muted"), Layout.prose(action.progressNote))),
                        .if(PageContext.current?.progressActions.contains(action.key) == true,
                            .p(.a(.href(SiteURL.progress(plan: plan.key, action: action.key).path),
                                  .attribute(named: "aria-label", value: "Voortgang bijwerken: \(action.description)"),
                                  .text("Voortgang bijwerken")))))
                )
            })
        ))
    }

    /// Which budget lines pay for the action, linked to the plan's finances.
    static func paidBy(_ action: Action, plan: Plan) -> Body {
        let lines = plan.budgetLines(paying: action.key)
        return .if(!lines.isEmpty, .p(.class("muted"),
            .text(lines.count == 1 ? "Betaald uit de begrotingspost " : "Betaald uit de begrotingsposten "),
            .a(.href(SiteURL.plan(plan.key).path + "#financien"),
               .text(lines.map { "\u{201C}\($0.description)\u{201D}" }.joined(separator: ", "))),
            .text(".")))
    }

    static func partners(_ action: Action, plan: Plan) -> Body {
        let owner = action.owner.flatMap(plan.partner)
        let others = action.partners.compactMap(plan.partner)
        return .group(
            .unwrap(owner) { .strong(.text($0.name)) },
            .if(owner != nil && !others.isEmpty, .br()),
            .text(others.map(\.name).joined(separator: ", "))
        )
    }
}

enum IndicatorTable {
    static func table(_ indicators: [Indicator], goals: [Goal], measurements: [Key: [IndicatorMeasurement]] = [:],
                      edit: (Indicator) -> Body = { _ in .empty },
                      baseline: (Indicator) -> IndicatorValue? = { $0.baseline }) -> Body {
        let linked = indicators.contains { $0.series != nil }
        return .if(!indicators.isEmpty, .section(
            .h2(.text("Indicatoren")),
            .table(
                .caption(.class("visually-hidden"), .text("Indicatoren met nulmeting en streefwaarde")),
                .thead(.tr(
                    .th(.attribute(named: "scope", value: "col"), .text("Indicator")),
                    .th(.attribute(named: "scope", value: "col"), .text("Gewenst")),
                    .th(.attribute(named: "scope", value: "col"), .class("num"), .text("Nulmeting")),
                    .th(.attribute(named: "scope", value: "col"), .class("num"), .text("Streefwaarde")),
                    .th(.attribute(named: "scope", value: "col"), .text("Bron")),
                    .if(linked, .th(.attribute(named: "scope", value: "col"), .text("Metingen uit ingelezen cijfers")))
                )),
                .tbody(.forEach(indicators) { indicator in
                    .tr(
                        .th(.attribute(named: "scope", value: "row"), .text(indicator.name),
                            .unwrap(indicator.unit) { .span(.class("muted"), .text(" (\($0))")) },
                            .unwrap(indicator.goal.flatMap { key in goals.first { $0.key == key } }) {
                                .p(.class("muted"), .text("Meet: \($0.title)"))
                            },
                            edit(indicator)),
                        .td(.text(indicator.desiredDirection?.label ?? "")),
                        .td(.class("num"), .text(value(baseline(indicator)))),
                        .td(.class("num"), .text(value(indicator.target))),
                        .td(.text(indicator.source ?? "")),
                        .if(linked, .td(.text(measured(indicator, measurements[indicator.key] ?? []))))
                    )
                })
            )
        ))
    }

    static func measured(_ indicator: Indicator, _ values: [IndicatorMeasurement]) -> String {
        guard let link = indicator.series else { return "" }
        guard !values.isEmpty else { return "nog geen cijfers ingelezen voor reeks \(link.series)" }
        let digits = link.measure == .ratePerThousand ? 2 : 0
        return (values.first?.area.map { "\($0): " } ?? "")
            + values.map { "\($0.year): \(Format.decimal($0.value, digits: digits))" }.joined(separator: " · ")
            + (values.last.map { " (tabel \($0.source))" } ?? "")
    }

    static func value(_ value: IndicatorValue?) -> String {
        guard let value else { return "–" }
        return "\(Format.number(value.value)) (\(value.period.label))"
    }
}
