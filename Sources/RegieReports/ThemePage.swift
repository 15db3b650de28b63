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
                AliasLine.line(theme.aliases),
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
            LegalBasisView.themeSection(plan, theme),
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
            sharedActions(),
            examples(),
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
                // Agreements of a track are listed in their track (once on the page); the goal
                // names them and points there.
                let inTracks = theme.tracks.flatMap { track in track.actions.filter { $0.goal == goal.key && !$0.isExample }.map { (track, $0) } }
                return .section(.class("goal"), .id("doel-\(goal.key.rawValue)"),
                    .h3(.text(goal.title)), EditLinks.themePart(plan, theme, ["doelen", goal.key.rawValue], name: "doel \u{201C}\(goal.title)\u{201D}"),
                    AliasLine.line(goal.aliases),
                    Layout.prose(goal.description),
                    AliasLine.bodies(goal, plan: plan),
                    ActionTable.table(theme.directAgreements(for: goal), plan: plan, caption: "Afspraken bij dit doel", theme: theme),
                    .if(!inTracks.isEmpty, .group(
                        .p(.text(inTracks.count == 1 ? "In een spoor staat nog een afspraak bij dit doel:" : "In de sporen staan nog \(inTracks.count) afspraken bij dit doel:")),
                        .ul(.class("track-agreements"), .forEach(inTracks) { track, action in
                            .li(.a(.href("#actie-\(action.key.rawValue)"), .text(action.description)),
                                .span(.class("muted"), .text(" (spoor \u{201C}\(track.title)\u{201D})")))
                        })
                    ))
                )
            }
        ))
    }

    private func actionsWithoutGoal() -> Body {
        let actions = theme.actions.filter { $0.goal == nil && !$0.isExample }
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
                    ActionTable.table(track.actions.filter { !$0.isExample }, plan: plan, caption: "Afspraken in dit spoor", theme: theme,
                                      goals: theme.goals)
                )
            }
        ))
    }

    /// The theme's examples of what will be done: apart from the agreements, never counted as one.
    private func examples() -> Body {
        let examples = theme.examples
        return .if(!examples.isEmpty, .section(.class("examples"),
            .h2(.text("Voorbeelden van wat we gaan doen")),
            .p(.class("muted"), .text("Dit zijn voorbeelden, geen afspraken: ze laten zien hoe het werk eruit kan zien.")),
            ActionTable.table(examples, plan: plan, caption: "Voorbeelden", theme: theme, goals: theme.goals, examples: true)
        ))
    }

    /// Actions of other themes that serve this theme too, each shown with its home theme.
    private func sharedActions() -> Body {
        let shared = plan.sharedActions(of: theme)
        return .if(!shared.isEmpty, .section(.class("shared-actions"),
            .h2(.text("Afspraken uit andere thema\u{2019}s")),
            .p(.class("muted"), .text("Deze afspraken horen bij een ander thema en dienen ook dit thema. Ze tellen mee bij het thema waar ze staan.")),
            ActionTable.table(shared.map(\.action), plan: plan, caption: "Afspraken uit andere thema\u{2019}s", theme: theme, shared: true)
        ))
    }
}

enum ActionTable {
    /// `theme`: the theme whose page shows the actions, for their edit links and the themes they
    /// also serve. `goals`: name the goal each action serves (in a track). `examples`: the
    /// actions are examples, and the planning and status columns only show when one has them.
    /// `shared`: the actions live in other themes (their edit links are on their own theme's page).
    static func table(_ actions: [Action], plan: Plan, caption: String, theme: Theme? = nil, goals: [Goal] = [],
                      examples: Bool = false, shared: Bool = false) -> Body {
        let showPlanning = !examples || actions.contains { $0.planning != nil }
        let showStatus = !examples || actions.contains { $0.status != nil || !$0.progressNote.isEmpty }
        return .if(!actions.isEmpty, .table(.class(examples ? "actions examples" : "actions"),
            .caption(.class("visually-hidden"), .text(caption)),
            .thead(.tr(
                .th(.attribute(named: "scope", value: "col"), .text(examples ? "Voorbeeld" : "Afspraak")),
                .th(.attribute(named: "scope", value: "col"), .text("Beoogd resultaat")),
                .if(showPlanning, .th(.attribute(named: "scope", value: "col"), .text("Planning"))),
                .th(.attribute(named: "scope", value: "col"), .text("Trekker en partners")),
                .if(showStatus, .th(.attribute(named: "scope", value: "col"), .text("Status")))
            )),
            .tbody(.forEach(actions) { action in
                let home = plan.action(action.key)?.theme
                let others = ([home].compactMap { $0 } + plan.themesSharing(action.key)).filter { $0.key != theme?.key }
                return .tr(.id("actie-\(action.key.rawValue)"),
                    .td(.text(action.description),
                        .unwrap(shared ? home : theme) { EditLinks.action(plan, $0, action) },
                        .unwrap(action.goal.flatMap { key in goals.first { $0.key == key } }) {
                            .p(.class("muted"), .text("Draagt bij aan het doel \u{201C}\($0.title)\u{201D}"))
                        },
                        .if(!others.isEmpty, .p(.class("muted"), .text("Ook onder thema "),
                            .forEach(others.enumerated()) { i, other in
                                .group(.if(i > 0, .text(i == others.count - 1 ? " en " : ", ")),
                                       .a(.href(SiteURL.theme(plan: plan.key, theme: other.key).path + "#actie-\(action.key.rawValue)"), .text(other.title)))
                            })),
                        .if(!action.phases.isEmpty, .p(.class("muted"), .text(SafetyChainPhase.fieldLabel + ": " + action.phases.map(\.label).joined(separator: ", ")))),
                        parts(action),
                        paidBy(action, plan: plan)),
                    .td(Layout.prose(action.expectedResult)),
                    .if(showPlanning, .td(.text(action.planningLabel ?? "–"))),
                    .td(partners(action, plan: plan)),
                    .if(showStatus, .td(
                        .unwrap(action.status, { .text($0.label) }, else: .span(.class("muted"), .text(ActionStatus.noneLabel.lowercased()))),
                        .if(!action.progressNote.isEmpty, .div(.class("muted"), Layout.prose(action.progressNote))),
                        .if(PageContext.current?.progressActions.contains(action.key) == true,
                            .p(.a(.href(SiteURL.progress(plan: plan.key, action: action.key).path),
                                  .attribute(named: "aria-label", value: "Voortgang bijwerken: \(action.description)"),
                                  .text("Voortgang bijwerken"))))))
                )
            })
        ))
    }

    /// An action's focus points and sub-goals, each kind under its own small heading.
    static func parts(_ action: Action) -> Body {
        .forEach(ActionPartKind.allCases) { kind in
            let items = action.parts.filter { $0.kind == kind }
            return .if(!items.isEmpty, .div(.class("action-parts"),
                .p(.class("action-parts-heading"), .strong(.text(items.count == 1 ? kind.label : kind.pluralLabel))),
                .ul(.forEach(items) { .li(.text($0.text)) })
            ))
        }
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
            .unwrap(owner) { .strong(.text(AliasLine.owner($0, role: action.ownerRole))) },
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
        // Counts whole, an own series imported with decimals (46,1) as imported.
        let digits = link.measure == .ratePerThousand ? 2 : Format.decimals(in: values.map(\.value))
        return (values.first?.area.map { "\($0): " } ?? "")
            + values.map { "\($0.year): \(Format.decimal($0.value, digits: digits))" }.joined(separator: " · ")
            + (values.last.map { " (tabel \($0.source))" + ($0.isExample ? ". " + AnalysisWording.exampleNotice : "") } ?? "")
    }

    static func value(_ value: IndicatorValue?) -> String {
        guard let value else { return "–" }
        return "\(Format.number(value.value)) (\(value.period.label))"
    }
}

// Issue 11: aliases, owner roles and the consultation bodies of a goal, wherever a theme or goal is shown.
enum AliasLine {
    /// "Ook genoemd: Jeugdoverlast, Hanggroepen" in a quiet line; nothing without other names.
    static func line(_ aliases: [String]) -> Body {
        .if(!aliases.isEmpty, .p(.class("muted aliases"), .text("Ook genoemd: " + aliases.joined(separator: ", "))))
    }

    /// "Besproken in: Driehoek, Overleg ondermijning", each linked to the partners page.
    static func bodies(_ goal: Goal, plan: Plan) -> Body {
        let bodies = goal.consultationBodies.compactMap(plan.consultationBody)
        return .if(!bodies.isEmpty, .p(.class("muted goal-bodies"), .text("Besproken in: "),
            .forEach(bodies.enumerated()) { index, body in
                .group(.if(index > 0, .text(", ")),
                       .a(.href(SiteURL.partners(plan.key).path + "#overleg-\(body.key.rawValue)"), .text(body.name)))
            }))
    }

    /// The owner as plans write it: "Gemeente Meierijstad (projectleider KVO)".
    static func owner(_ partner: Partner, role: String?) -> String {
        partner.name + (role.map { " (\($0))" } ?? "")
    }
}
