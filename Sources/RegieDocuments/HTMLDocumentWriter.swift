import Foundation
import RegieHTML
import RegieReports

/// Writes a ``CouncilDocument`` as one printable page: the same blocks as the DOCX, with a
/// stylesheet for screen and print (A4, page breaks kept away from headings and table rows).
public enum HTMLDocumentWriter {
    public static func write(_ document: CouncilDocument) -> String {
        let m = document.metadata
        var charts = 0
        var headingNumber = 0
        var tables: [String: Int] = [:]
        let headings: [(Int, String)] = document.blocks.compactMap { if case .heading(let l, let t) = $0 { (l, t) } else { nil } }
        func node(_ block: DocumentBlock) -> HTMLNode {
            switch block {
            case .heading(let level, let text):
                headingNumber += 1
                let id = HTMLNode.id("kop-\(headingNumber)")
                return level <= 1 ? .h2(id, .text(text)) : level == 2 ? .h3(id, .text(text)) : .element(named: "h4", nodes: [id, .text(text)])
            case .paragraph(let text):
                return .group(paragraphs(text).map { .p(.text($0)) })
            case .officerText(let text):
                return .div(.class("eigen-tekst"), .group(paragraphs(text).map { .p(.text($0)) }))
            case .bullets(let items):
                return .ul(.forEach(items) { .li(.text($0)) })
            case .numbered(let items):
                return .ol(.class("beslispunten"), .forEach(items) { .li(.text($0)) })
            case .table(let table):
                // A region of its own that scrolls on a phone; landmarks need distinct names.
                var label = table.caption.isEmpty ? "Tabel" : "Tabel: " + table.caption
                tables[label, default: 0] += 1
                if let count = tables[label], count > 1 { label += " (\(count))" }
                return .div(.class("tabel-scroll"), .attribute(named: "role", value: "region"), .ariaLabel(label),
                            .attribute(named: "tabindex", value: "0"), .table(
                    .unwrap(table.caption.isEmpty ? nil : table.caption) { .caption(.text($0)) },
                    .if(!table.header.isEmpty, .thead(.tr(.forEach(Array(table.header.enumerated())) { index, cell in
                        .th(.attribute(named: "scope", value: "col"), .if(table.numericColumns.contains(index), .class("getal")), .text(cell))
                    }))),
                    .tbody(.forEach(table.rows) { row in
                        .tr(.forEach(Array(row.enumerated())) { index, cell in
                            .td(.if(table.numericColumns.contains(index), .class("getal")), .text(cell))
                        })
                    })))
            case .chart(let chart):
                charts += 1
                return .element(named: "figure", nodes: [
                    .trusted(LineChartMarkup.lines(id: "grafiek-\(charts)", title: chart.title, description: chart.description,
                                                   labels: chart.categories, series: chart.series.map { ($0.name, $0.values) }, unit: "")),
                    .element(named: "figcaption", nodes: [.text(chart.title + ". " + chart.description)]),
                ])
            case .facts(let pairs):
                return .dl(.class("kopgegevens"), .forEach(pairs.indices) { i in .group(.dt(.text(pairs[i].0)), .dd(.text(pairs[i].1))) })
            case .tableOfContents:
                return .nav(.ariaLabel("Inhoud"), .h2(.text("Inhoud")), .ol(.class("inhoud"), .forEach(Array(headings.enumerated())) { index, heading in
                    .if(heading.0 <= 2, .li(.class("niveau-\(heading.0)"), .a(.href("#kop-\(index + 1)"), .text(heading.1))))
                }))
            case .pageBreak:
                return .div(.class("paginascheiding"))
            case .signatures(let offices):
                return .div(.class("ondertekening"), .forEach(offices) { .p(.text($0), .br(), .span(.class("lijn"))) })
            }
        }
        let body: [HTMLNode] = [
            .header(.p(.class("uitgever"), .text(m.issuer)), .h1(.text(m.title)), .unwrap(m.subtitle) { .p(.class("ondertitel"), .text($0)) },
                    .p(.class("status"), .text("\(m.category) · \(m.status) · \(m.date.label)"))),
            .main(.group(document.blocks.map(node))),
            .footer(.p(.text("Openbaar document, gemaakt met Regie uit de gegevens van het plan."))),
        ]
        return HTMLDocument(language: "nl", head: [
            .element(named: "title", nodes: [.text("\(m.title) – \(m.issuer)")]),
            .selfClosedElement(named: "meta", nodes: [.attribute(named: "name", value: "viewport"), .attribute(named: "content", value: "width=device-width, initial-scale=1")]),
            // Served by Regie, the page takes the stylesheet from /css/stuk.css (its security policy
            // allows no inline style); the file as sent to the council carries it inline, so it
            // reads the same when opened on its own.
            .selfClosedElement(named: "link", nodes: [.attribute(named: "rel", value: "stylesheet"), .attribute(named: "href", value: stylesheetPath)]),
            .element(named: "style", nodes: [.trusted(TrustedMarkup(markupEscapedByCode: stylesheet))]),
        ], body: body).render()
    }

    static func paragraphs(_ text: String) -> [String] {
        text.components(separatedBy: "\n\n").map { $0.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public static let stylesheetPath = "/css/stuk.css"

    public static let stylesheet = """
    body{font-family:Arial,"Liberation Sans",sans-serif;font-size:1rem;line-height:1.5;color:#1a1a1a;max-width:48rem;margin:0 auto;padding:1rem}
    h1,h2,h3,h4{color:#154273;line-height:1.25}h1{font-size:1.9rem}h2{margin-top:2rem}
    .uitgever,.status,.ondertitel{color:#4d4d4d}.eigen-tekst{border-left:4px solid #b35900;padding-left:.75rem}
    table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.9rem}caption{text-align:left;font-weight:bold;color:#154273;padding:.25rem 0}
    .tabel-scroll{overflow-x:auto;margin:1rem 0}.tabel-scroll table{margin:0}
    th,td{overflow-wrap:anywhere;border:1px solid #a6a6a6;padding:.25rem .4rem;text-align:left;vertical-align:top}th{background:#dce6f0}.getal{text-align:right}
    dl.kopgegevens{display:grid;grid-template-columns:minmax(8rem,14rem) 1fr;gap:.25rem 1rem}dt{font-weight:bold}dd{margin:0}
    figure{margin:1rem 0}svg{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#4d4d4d}
    .chart-narrow{display:none}@media (max-width:40rem){.chart-wide{display:none}.chart-narrow{display:block}table{font-size:.8rem}}
    .ondertekening p{margin:2rem 0}.lijn{display:inline-block;width:14rem;border-bottom:1px solid #1a1a1a;height:2rem}
    nav ol.inhoud li.niveau-2{margin-left:1.5rem}a{color:#01689b}
    @media print{@page{size:A4;margin:2cm}.tabel-scroll{overflow:visible}body{max-width:none;padding:0;font-size:10.5pt}a{color:inherit;text-decoration:none}
    h2,h3,h4,caption{break-after:avoid}tr,figure{break-inside:avoid}thead{display:table-header-group}.paginascheiding{break-after:page}
    .chart-narrow{display:none}.chart-wide{display:block}}
    """
}
