import RegieHTML
import RegieCore

/// A link in the breadcrumb trail.
public struct Crumb: Sendable {
    public var title: String
    public var url: SiteURL
    /// An address outside ``SiteURL``, such as a register's page (RegieRegisterPages).
    var otherPath: String?

    public init(_ title: String, _ url: SiteURL) {
        self.title = title
        self.url = url
    }

    public init(_ title: String, path: String) {
        self.title = title
        self.url = .home
        self.otherPath = path
    }

    var path: String { otherPath ?? url.path }
}

package typealias Body = HTMLNode

/// The frame every page shares: language, title, stylesheet, skip link, header, breadcrumbs,
/// main content and footer. Nothing is loaded from elsewhere and no script is used.
package enum Layout {
    /// `refresh`: seconds after which the browser loads the page again (a running import).
    package static func page(title: String, crumbs: [Crumb] = [], refresh: Int? = nil, _ content: [Body]) -> String {
        let document = HTMLDocument(
            language: "nl",
            head: [
                .selfClosedElement(named: "meta", nodes: [.attribute(named: "charset", value: "utf-8")]),
                .unwrap(refresh) { .selfClosedElement(named: "meta", nodes: [.attribute(named: "http-equiv", value: "refresh"),
                                                                             .attribute(named: "content", value: String($0))]) },
                .selfClosedElement(named: "meta", nodes: [.attribute(named: "name", value: "viewport"),
                                                          .attribute(named: "content", value: "width=device-width, initial-scale=1.0")]),
                .element(named: "title", nodes: [.text(title == "Regie" ? title : "\(title) – Regie")]),
                .selfClosedElement(named: "link", nodes: [.attribute(named: "rel", value: "stylesheet"),
                                                          .href(SiteURL.stylesheet.path)]),
            ],
            body: [
                .a(.class("skiplink"), .href("#inhoud"), .text("Direct naar de inhoud")),
                .header(.class("site"),
                    .div(.class("wrap"),
                        .a(.class("brand"), .href(SiteURL.home.path), .text("Regie")),
                        .span(.class("tagline"), .text("integraal veiligheidsbeleid")),
                        menu(),
                        accountBar()
                    )
                ),
                .if(!crumbs.isEmpty, breadcrumbs(crumbs, current: title)),
                .main(.id("inhoud"), .class("wrap"), banner(), scrollableTables(.group(content))),
                .footer(.class("site"),
                    .div(.class("wrap"),
                        .p(.text("Regie – veiligheidsplannen als gegevens. Deze pagina's werken zonder JavaScript."))
                    )
                ),
            ]
        )
        return document.render()
    }

    /// The signed-in account with its links and the logout button; nothing when signed out.
    static func accountBar() -> Body {
        .unwrap(PageContext.current) { context in
            .nav(.class("account"), .ariaLabel("Account"),
                .span(.class("who"), .text("\(context.accountName) · \(context.organisationName)")),
                .forEach(context.links) { link in .a(.href(link.path), .text(link.title)) },
                H.button("Uitloggen", to: SiteURL.logout.path, class: "logout")
            )
        }
    }

    /// The main navigation: the plans and, where the account may see one, the safety analysis
    /// of its municipality or of the plan at hand.
    static func menu() -> Body {
        .unwrap(PageContext.current) { context in
            .if(!context.menu.isEmpty, .nav(.class("menu"), .ariaLabel("Hoofdmenu"),
                .ul(.forEach(context.menu) { item in .li(.a(.href(item.path), .text(item.title))) })))
        }
    }

    static func banner() -> Body {
        .unwrap(PageContext.current?.banner) { .div(.class("notice"), .p(.text($0))) }
    }

    /// What the account may do with the plan at hand ("Bewerken", "Status en versies"), as
    /// ordinary links after the plan's title; nothing when it may do nothing.
    static func toolbar() -> Body {
        .unwrap(PageContext.current) { context in
            .if(!context.toolbar.isEmpty, .nav(.class("toolbar"), .ariaLabel("Werken aan dit plan"),
                .ul(.forEach(context.toolbar) { item in .li(.a(.href(item.path), .text(item.title))) })))
        }
    }

    /// Every table of the content in a box of its own that scrolls sideways when the table is
    /// wider than the screen, so the page itself never does (WCAG 1.4.10). The box can be
    /// reached with the keyboard and is named after the table's caption.
    static func scrollableTables(_ content: Body) -> Body {
        var seen: [String: Int] = [:]
        return content.replacingElements(named: "table") { table in
            let caption = table.childElement(named: "caption")?.textContent
                .split(whereSeparator: \.isWhitespace).joined(separator: " ") ?? ""
            // Landmarks need names of their own: a second table with the same caption gets a number.
            var label = caption.isEmpty ? "Tabel" : "Tabel: " + caption
            seen[label, default: 0] += 1
            if let count = seen[label], count > 1 { label += " (\(count))" }
            return .div(.class("table-scroll"), .attribute(named: "role", value: "region"),
                        .ariaLabel(label),
                        .attribute(named: "tabindex", value: "0"), table)
        }
    }

    static func breadcrumbs(_ crumbs: [Crumb], current: String) -> Body {
        .nav(.class("crumbs wrap"), .ariaLabel("Kruimelpad"),
            .ol(
                .forEach(crumbs) { crumb in .li(.a(.href(crumb.path), .text(crumb.title))) },
                .li(.attribute(named: "aria-current", value: "page"), .text(current))
            )
        )
    }

    /// Officer-written prose: paragraphs and bullet lists, escaped.
    static func prose(_ prose: Prose) -> Body {
        .forEach(prose.blocks) { block in
            switch block {
            case .paragraph(let text): .p(.text(text))
            case .bulletList(let items): .ul(.forEach(items) { .li(.text($0)) })
            }
        }
    }

    /// A heading with prose below it, or nothing when the prose is empty.
    static func section(_ heading: String, level: Int = 2, id: String? = nil, _ text: Prose) -> Body {
        .if(!text.isEmpty, .section(
            .unwrap(id) { .id($0) },
            self.heading(heading, level: level),
            prose(text)
        ))
    }

    static func heading(_ text: String, level: Int) -> Body {
        switch level {
        case 2: .h2(.text(text))
        case 3: .h3(.text(text))
        case 4: .h4(.text(text))
        default: .h5(.text(text))
        }
    }

    /// A definition list of label/value pairs; pairs with a nil value are left out.
    package static func facts(_ pairs: [(String, String?)]) -> Body {
        .dl(.class("facts"), .forEach(pairs.compactMap { pair in pair.1.map { (pair.0, $0) } }) { label, value in
            .group(.dt(.text(label)), .dd(.text(value)))
        })
    }

    static func statusBadge(_ status: PlanStatus) -> Body {
        .span(.class("badge status-\(status.rawValue)"), .text(status.label))
    }

    static func link(_ text: String, _ url: SiteURL) -> Body {
        .a(.href(url.path), .text(text))
    }
}
