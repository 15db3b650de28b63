import Foundation
import RegieHTML
import RegieCore

// Issue 11, point 4: the plan's own figures and their sources.

/// A table of key figures (label, value with unit, period, area, source number) followed by the
/// numbered list of the sources they come from.
enum PlanFigureView {
    /// The section with `figures`; nothing when there are none. `edit` gives each figure's edit link.
    static func section(_ figures: [PlanFigure], plan: Plan, heading: String = "Kerncijfers",
                        edit: (PlanFigure) -> Body = { _ in .empty }) -> Body {
        let sources = plan.citedSources(figures)
        func number(_ key: Key?) -> Int? { key.flatMap { k in sources.firstIndex { $0.key == k } }.map { $0 + 1 } }
        return .if(!figures.isEmpty, .section(.id("kerncijfers"),
            .h2(.text(heading)),
            .table(
                .caption(.class("visually-hidden"), .text("Kerncijfers met periode, gebied en bron")),
                .thead(.tr(
                    .th(.attribute(named: "scope", value: "col"), .text("Cijfer")),
                    .th(.attribute(named: "scope", value: "col"), .class("num"), .text("Waarde")),
                    .th(.attribute(named: "scope", value: "col"), .text("Periode")),
                    .th(.attribute(named: "scope", value: "col"), .text("Gebied")),
                    .th(.attribute(named: "scope", value: "col"), .text("Bron"))
                )),
                .tbody(.forEach(figures) { figure in
                    .tr(.id("kerncijfer-\(figure.key.rawValue)"),
                        .th(.attribute(named: "scope", value: "row"), .text(figure.label),
                            .unwrap(figure.note) { .p(.class("muted"), .text($0)) },
                            .unwrap(figure.link) { .p(.a(.href($0), .text("Dit cijfer online"), .span(.class("visually-hidden"), .text(": \(figure.label)")))) },
                            edit(figure)),
                        .td(.class("num"), .text(value(figure))),
                        .td(.text(figure.period?.label ?? "")),
                        .td(.text(figure.area ?? "")),
                        .td(.unwrap(number(figure.source)) { n in
                            .a(.href("#bron-\(n)"), .text("\(n)"), .span(.class("visually-hidden"), .text(": \(sources[n - 1].citation)")))
                        })
                    )
                })
            ),
            .if(!sources.isEmpty, .h3(.text("Bronnen"))),
            .if(!sources.isEmpty, .ol(.class("sources"), .forEach(Array(sources.enumerated())) { item in
                .li(.id("bron-\(item.offset + 1)"), .text(item.element.citation),
                    .unwrap(item.element.link) { link in
                        .group(.text(", "), .a(.href(link), .text(host(link))))
                    })
            }))
        ))
    }

    /// "112 aantal", "4,5 per 1.000 inwoners".
    static func value(_ figure: PlanFigure) -> String {
        Format.number(figure.value) + (figure.unit.map { " \($0)" } ?? "")
    }

    /// The host of a link, as its readable text: "www.cbs.nl".
    static func host(_ link: String) -> String { URL(string: link)?.host ?? link }
}
