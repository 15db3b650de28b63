import RegieHTML
import RegieCore

/// The plan's legal framework (wettelijk kader) on the plan page, and a theme's legal bases on
/// its page, each citing law and article.
enum LegalBasisView {
    static let anchor = "wettelijk-kader"

    /// The anchor of one legal basis on the plan page, for links from themes and documents.
    static func anchor(_ basis: LegalBasis) -> String { "\(anchor)-\(basis.key.rawValue)" }

    static func section(_ plan: Plan) -> Body {
        .if(!plan.legalBases.isEmpty, .section(.id(anchor),
            .h2(.text("Wettelijk kader")),
            .forEach(plan.legalBases) { basis in
                .group(
                    .h3(.id(Self.anchor(basis)), .text(basis.citation)),
                    Layout.prose(basis.description),
                    EditLinks.link(plan, [anchor, basis.key.rawValue], name: "wettelijke grondslag \u{201C}\(basis.citation)\u{201D}", chapter: nil)
                )
            }
        ))
    }

    /// The legal bases `theme` relies on, each linked to its description on the plan page.
    static func themeSection(_ plan: Plan, _ theme: Theme) -> Body {
        let bases = theme.legalBases.compactMap(plan.legalBasis)
        return .if(!bases.isEmpty, .section(
            .h2(.text("Wettelijke grondslagen")),
            EditLinks.theme(plan, theme, section: PlanEditor.themeDetails, field: "wettelijke-grondslagen", name: "wettelijke grondslagen"),
            .ul(.forEach(bases) { basis in
                .li(.a(.href(SiteURL.plan(plan.key).path + "#" + anchor(basis)), .text(basis.citation)))
            })
        ))
    }
}
