import Foundation
import RegieCore
import RegieHTML
import RegiePlanFile
@testable import RegieReports
import Testing

/// Phones and first screens (issue 12, points 2 and 8): tables scroll in their own box, the
/// stylesheet has rules for narrow windows, plan tabs have a compact header with the plan's
/// actions after the title, and the main navigation leads to the safety analysis.
@Suite("Layout and navigation")
struct LayoutNavigationTests {
    static let context: PageContext = {
        var context = PageContext(accountName: "Test", organisationName: "Gemeente Stadskanaal", csrfToken: "t")
        context.menu = PageContext.menu(municipality: MunicipalityCode("GM0037"))
        context.toolbar = [("Bewerken", "/plannen/stadskanaal-2020-2024/bewerken"), ("Status en versies", "/plannen/stadskanaal-2020-2024/status")]
        return context
    }()

    func render(_ page: () -> String) -> String {
        PageContext.$current.withValue(Self.context) { page() }
    }

    /// The part of `html` between the first occurrence of `start` and the next `end`.
    func slice(_ html: String, from start: String, to end: String) -> String? {
        guard let lower = html.range(of: start), let upper = html.range(of: end, range: lower.upperBound..<html.endIndex) else { return nil }
        return String(html[lower.lowerBound..<upper.upperBound])
    }

    @Test("Every table of a page lies in a named, keyboard-reachable box that scrolls sideways on a phone")
    func tablesScrollInTheirOwnBox() throws {
        let plan = try example("stadskanaal-2020-2024.yaml")
        let pages = [render { SummaryPage(plan: plan).render() }, render { PlanPage(plan: plan).render() },
                     render { ThemePage(plan: plan, theme: plan.themes[0]).render() }]
        for (index, html) in pages.enumerated() {
            let tables = html.components(separatedBy: "<table").count - 1
            if index != 1 { #expect(tables > 0) }
            #expect(html.components(separatedBy: "<div class=\"table-scroll\" role=\"region\" aria-label=\"Tabel: ").count - 1 == tables)
            #expect(html.components(separatedBy: "tabindex=\"0\"><table").count - 1 == tables)
        }
        let summary = pages[0]
        #expect(summary.contains("<div class=\"table-scroll\" role=\"region\" aria-label=\"Tabel: Samenvatting van Integraal Veiligheidsbeleid 2020-2024\" tabindex=\"0\"><table class=\"summary\">"))
    }

    @Test("The tree rewrite wraps nested tables once, leaves trusted markup alone and reads a caption's text")
    func replacingElements() {
        let node = HTMLNode.div(.table(.caption(.text("Een "), .em(.text("tabel"))), .tbody()), .trusted(TrustedMarkup(markupEscapedByCode: "<table></table>")))
        let wrapped = node.replacingElements(named: "table") { .section($0) }
        #expect(wrapped.render() == "<div><section><table><caption>Een <em>tabel</em></caption><tbody></tbody></table></section><table></table></div>")
        #expect(HTMLNode.table(.caption(.text("Een "), .em(.text("tabel")))).childElement(named: "caption")?.textContent == "Een tabel")
    }

    @Test("The stylesheet has rules for narrow windows and print for the table boxes")
    func narrowWindowRules() {
        let css = Stylesheet.css
        #expect(css.contains("@media (max-width: 40rem)"))
        #expect(css.contains(".table-scroll { overflow-x: auto;"))
        #expect(css.contains(".table-scroll { overflow: visible; }"), "printed tables are not cut off at the box")
        #expect(css.contains("overflow-wrap: break-word"))
    }

    @Test("A plan tab has a compact header: title, one status line with the plan's links, then the tabs")
    func compactHeader() throws {
        let plan = try example("stadskanaal-2020-2024.yaml")
        let summary = render { SummaryPage(plan: plan).render() }
        let header = try #require(slice(summary, from: "<header class=\"plan-header compact\">", to: "</header>"))
        #expect(!header.contains("kicker") && !header.contains("vastgesteld door"), "the long introduction is for the plan's own page")
        // The title comes first; "Status en versies" is an ordinary link after it, not a button above it.
        let title = try #require(header.range(of: "<h1>"))
        let status = try #require(header.range(of: ">Status en versies</a>"))
        #expect(title.lowerBound < status.lowerBound)
        #expect(!summary.contains("class=\"button\" href=\"/plannen/stadskanaal-2020-2024/status\""))
        #expect(summary.components(separatedBy: ">Status en versies<").count == 2, "shown once")
        // Nothing between the header and the tabs; the header holds three blocks at most.
        #expect(summary.contains("</header><nav class=\"tabs\""))
        #expect(header.components(separatedBy: "<p").count - 1 == 1)
        let plain = header.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        #expect(plain.count < 120, "the compact header says little: \(plain)")

        let main = render { PlanPage(plan: plan).render() }
        let full = try #require(slice(main, from: "<header class=\"plan-header\">", to: "</header>"))
        #expect(full.contains("kicker") && full.contains("vastgesteld door"))
        #expect(full.contains(">Status en versies</a>"))
    }

    @Test("The theme page shows the plan's links after its title")
    func themeToolbar() throws {
        let plan = try example("stadskanaal-2020-2024.yaml")
        let html = render { ThemePage(plan: plan, theme: plan.themes[0]).render() }
        let title = try #require(html.range(of: "<h1>"))
        let edit = try #require(html.range(of: ">Bewerken</a>"))
        #expect(title.lowerBound < edit.lowerBound)
    }

    @Test("The main navigation has the plans and the municipality's safety analysis; on a plan, the plan's")
    func mainNavigation() throws {
        let plan = try example("stadskanaal-2020-2024.yaml")
        let start = render { StartPage(plans: [], municipalities: [], collaborations: []).render() }
        let menu = try #require(slice(start, from: "<nav class=\"menu\" aria-label=\"Hoofdmenu\">", to: "</nav>"))
        #expect(menu.contains("<a href=\"/\">Plannen</a>"))
        #expect(menu.contains("<a href=\"/gemeenten/GM0037/veiligheidsanalyse\">Veiligheidsanalyse</a>"))
        #expect(PageContext.menu(municipality: nil).map(\.title) == ["Plannen"], "a partner organisation has no municipality of its own")
        var context = Self.context
        context.showAnalysis(.plan(plan.key))
        #expect(context.menu.map(\.path) == ["/", "/plannen/stadskanaal-2020-2024/veiligheidsanalyse"])
        context.menu = PageContext.menu(municipality: nil)
        context.showAnalysis(.plan(plan.key))
        #expect(context.menu.map(\.title) == ["Plannen", "Veiligheidsanalyse"])
    }
}
