import Foundation
import RegieCore
import ZIPFoundation

/// Writes a ``CouncilDocument`` as WordprocessingML (DOCX) in a ``HouseStyle``: heading styles
/// for the navigation pane, a table-of-contents field with its entries filled in (Word brings its
/// page numbers up to date on opening), tables whose header row repeats, native charts with a
/// text alternative, page numbers in the footer, Dutch as the language of every run, and the
/// core properties. Written by hand, not through a library: no Swift package on our list writes
/// DOCX, and the parts we need are few (docs/adr/0014).
public struct DOCXWriter: Sendable {
    public var style: HouseStyle

    public init(style: HouseStyle = .regie) {
        self.style = style
    }

    public func write(_ document: CouncilDocument) throws -> Data {
        try write(metadata: document.metadata, blocks: document.blocks)
    }

    /// Any document of blocks, council document or not (such as the answer to a subject-access request).
    public func write(metadata: DocumentMetadata, blocks: [DocumentBlock]) throws -> Data {
        var body = BodyWriter(style: style)
        body.write(metadata: metadata, blocks: blocks)
        let archive = try Archive(accessMode: .create)
        func add(_ path: String, _ data: Data) throws {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Self.fixedDate,
                                 compressionMethod: .deflate, provider: { position, size in
                                     data.subdata(in: Int(position)..<Int(position) + size)
                                 })
        }
        func add(_ path: String, _ text: String) throws { try add(path, Data(text.utf8)) }

        var overrides: [(String, String)] = [
            ("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
            ("/word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"),
            ("/word/settings.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
            ("/docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml"),
        ]
        var relationships: [(id: String, type: String, target: String)] = [
            ("rIdStyles", Rel.styles, "styles.xml"), ("rIdSettings", Rel.settings, "settings.xml"),
        ]
        for part in style.parts {
            try add(part.path, part.data)
            if let type = part.contentType { overrides.append(("/" + part.path, type)) }
        }
        relationships += style.relationships
        if style.usesRegieFooter {
            try add("word/footer-regie.xml", Self.defaultFooter)
            overrides.append(("/word/footer-regie.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"))
            relationships.append(("rIdRegieFooter", Rel.footer, "footer-regie.xml"))
        }
        for (index, chart) in body.charts.enumerated() {
            let name = "charts/chart\(index + 1).xml"
            try add("word/" + name, ChartXML.part(chart))
            overrides.append(("/word/" + name, "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"))
            relationships.append(("rIdChart\(index + 1)", Rel.chart, name))
        }
        try add("word/document.xml", body.documentXML(sectionProperties: style.sectionProperties))
        try add("word/styles.xml", style.stylesXML)
        try add("word/settings.xml", Self.settings)
        try add("word/_rels/document.xml.rels", Self.relationshipsXML(relationships))
        try add("_rels/.rels", Self.relationshipsXML([
            ("rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", "word/document.xml"),
            ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
            ("rId3", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties", "docProps/app.xml"),
            ("rId4", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties", "docProps/custom.xml"),
        ]))
        try add("docProps/core.xml", Self.coreProperties(metadata))
        try add("docProps/app.xml", Self.appProperties)
        try add("docProps/custom.xml", Self.customProperties(metadata))
        try add("[Content_Types].xml", Self.contentTypes(overrides: overrides, defaults: style.defaultContentTypes))
        guard let data = archive.data else { throw DocumentError.writeFailed }
        return data
    }

    /// Entries carry one fixed date, so the same document gives the same bytes.
    static let fixedDate = Date(timeIntervalSince1970: 1_767_225_600)

    enum Rel {
        static let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        static let styles = base + "styles"
        static let settings = base + "settings"
        static let footer = base + "footer"
        static let header = base + "header"
        static let chart = base + "chart"
    }

    static func relationshipsXML(_ relationships: [(id: String, type: String, target: String)]) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for r in relationships {
            xml += #"<Relationship Id="\#(XMLText.escaped(r.id))" Type="\#(XMLText.escaped(r.type))" Target="\#(XMLText.escaped(r.target))"/>"#
        }
        return xml + "</Relationships>"
    }

    static func contentTypes(overrides: [(String, String)], defaults: [String: String]) -> String {
        var all = defaults
        all["rels"] = "application/vnd.openxmlformats-package.relationships+xml"
        all["xml"] = "application/xml"
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        for (ext, type) in all.sorted(by: { $0.key < $1.key }) {
            xml += #"<Default Extension="\#(XMLText.escaped(ext))" ContentType="\#(XMLText.escaped(type))"/>"#
        }
        for (part, type) in overrides {
            xml += #"<Override PartName="\#(XMLText.escaped(part))" ContentType="\#(XMLText.escaped(type))"/>"#
        }
        return xml + "</Types>"
    }

    /// In the schema's order (Word refuses settings out of order): tab stop, spacing, fields
    /// brought up to date on opening (the table of contents gets its page numbers), Dutch.
    static let settings = #"""
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="708"/><w:characterSpacingControl w:val="doNotCompress"/><w:updateFields w:val="true"/><w:themeFontLang w:val="nl-NL"/><w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/></w:settings>
    """#

    static let defaultFooter = #"""
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:lang w:val="nl-NL"/></w:rPr><w:t xml:space="preserve">Pagina </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> van </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> NUMPAGES </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>
    """#

    static let appProperties = #"""
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Regie</Application></Properties>
    """#

    static func coreProperties(_ m: DocumentMetadata) -> String {
        let stamp = "\(m.date.description)T00:00:00Z"
        return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
            + "<dc:title>\(XMLText.escaped(m.title))</dc:title>"
            + "<dc:subject>\(XMLText.escaped(m.subtitle ?? m.category))</dc:subject>"
            + "<dc:creator>\(XMLText.escaped(m.issuer))</dc:creator>"
            + "<cp:lastModifiedBy>Regie</cp:lastModifiedBy>"
            + "<cp:category>\(XMLText.escaped(m.category))</cp:category>"
            + "<cp:contentStatus>\(XMLText.escaped(m.status))</cp:contentStatus>"
            + "<cp:keywords>\(XMLText.escaped([m.category, m.issuer, "veiligheid"].joined(separator: ", ")))</cp:keywords>"
            + "<dc:language>\(m.language)</dc:language>"
            + (m.caseNumber.map { "<dc:identifier>\(XMLText.escaped($0))</dc:identifier>" } ?? "")
            + #"<dcterms:created xsi:type="dcterms:W3CDTF">\#(stamp)</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">\#(stamp)</dcterms:modified>"#
            + "</cp:coreProperties>"
    }

    /// Municipality, status, case number and confidentiality as custom properties, which
    /// document management systems read.
    static func customProperties(_ m: DocumentMetadata) -> String {
        var values: [(String, String)] = [("Gemeente", m.issuer), ("Status", m.status), ("Documentsoort", m.category),
                                          ("Vertrouwelijkheid", m.confidentiality), ("Datum", m.date.description)]
        if let caseNumber = m.caseNumber, !caseNumber.isEmpty { values.append(("Zaaknummer", caseNumber)) }
        if let holder = m.portfolioHolder, !holder.isEmpty { values.append(("Portefeuillehouder", holder)) }
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#
        for (index, (name, value)) in values.enumerated() {
            xml += #"<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="\#(index + 2)" name="\#(XMLText.escaped(name))"><vt:lpwstr>\#(XMLText.escaped(value))</vt:lpwstr></property>"#
        }
        return xml + "</Properties>"
    }
}

public enum DocumentError: Error, Hashable, Sendable {
    case writeFailed
}

/// The body of document.xml, block by block.
struct BodyWriter {
    let style: HouseStyle
    var xml = ""
    var charts: [DocumentChart] = []
    private var bookmark = 0
    private var drawing = 0

    init(style: HouseStyle) {
        self.style = style
    }

    mutating func write(metadata: DocumentMetadata, blocks: [DocumentBlock]) {
        let headings: [(Int, String)] = blocks.compactMap { if case .heading(let l, let t) = $0 { (l, t) } else { nil } }
        paragraph(metadata.title, style: .title)
        if let subtitle = metadata.subtitle { paragraph(subtitle, style: .subtitle) }
        for block in blocks {
            switch block {
            case .heading(let level, let text):
                bookmark += 1
                let name = "_RegieKop\(bookmark)"
                xml += "<w:p><w:pPr><w:pStyle w:val=\"\(style.id(.heading(min(max(level, 1), 3))))\"/></w:pPr>"
                xml += "<w:bookmarkStart w:id=\"\(bookmark)\" w:name=\"\(name)\"/>\(run(text))<w:bookmarkEnd w:id=\"\(bookmark)\"/></w:p>"
            case .paragraph(let text):
                for line in lines(text) { paragraph(line, style: .normal) }
            case .officerText(let text):
                for line in lines(text) { paragraph(line, style: .officer) }
            case .bullets(let items):
                for item in items { paragraph(item, style: .listBullet, prefix: "\u{2022}\t") }
            case .numbered(let items):
                for (index, item) in items.enumerated() { paragraph(item, style: .listNumber, prefix: "\(index + 1).\t") }
            case .table(let table):
                write(table)
            case .chart(let chart):
                write(chart)
            case .facts(let pairs):
                write(DocumentTable(caption: "", header: [], rows: pairs.map { [$0.0, $0.1] }), boldFirstColumn: true)
            case .tableOfContents:
                writeContents(headings)
            case .pageBreak:
                xml += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
            case .signatures(let offices):
                for office in offices {
                    paragraph(office, style: .normal)
                    paragraph("", style: .normal)
                    paragraph("……………………………………", style: .normal)
                }
            }
        }
    }

    func documentXML(sectionProperties: String) -> String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><w:body>"#
            + xml + sectionProperties + "</w:body></w:document>"
    }

    private func lines(_ text: String) -> [String] {
        text.components(separatedBy: "\n\n").map { $0.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func run(_ text: String, bold: Bool = false) -> String {
        "<w:r><w:rPr>\(bold ? "<w:b/>" : "")<w:lang w:val=\"nl-NL\"/></w:rPr><w:t xml:space=\"preserve\">\(XMLText.escaped(text))</w:t></w:r>"
    }

    private mutating func paragraph(_ text: String, style role: StyleRole, prefix: String = "", alignRight: Bool = false, bold: Bool = false) {
        xml += "<w:p><w:pPr><w:pStyle w:val=\"\(style.id(role))\"/>\(alignRight ? "<w:jc w:val=\"right\"/>" : "")</w:pPr>\(run(prefix + text, bold: bold))</w:p>"
    }

    private mutating func writeContents(_ headings: [(Int, String)]) {
        xml += "<w:p><w:pPr><w:pStyle w:val=\"\(style.id(.contentsHeading))\"/></w:pPr>\(run("Inhoud"))</w:p>"
        xml += "<w:p><w:pPr><w:pStyle w:val=\"\(style.id(.contents(1)))\"/></w:pPr><w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r>"
        xml += "<w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-3\" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r></w:p>"
        for (index, heading) in headings.enumerated() where heading.0 <= 2 {
            xml += "<w:p><w:pPr><w:pStyle w:val=\"\(style.id(.contents(heading.0)))\"/></w:pPr><w:hyperlink w:anchor=\"_RegieKop\(index + 1)\" w:history=\"1\">\(run(heading.1))</w:hyperlink></w:p>"
        }
        xml += "<w:p><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
    }

    private mutating func write(_ table: DocumentTable, boldFirstColumn: Bool = false) {
        if !table.caption.isEmpty { paragraph(table.caption, style: .caption) }
        let columns = max(table.header.count, table.rows.map(\.count).max() ?? 1)
        let widths = Self.columnWidths(table, columns: columns)
        xml += "<w:tbl><w:tblPr><w:tblStyle w:val=\"\(style.id(.tableGrid))\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/>"
        if !table.caption.isEmpty { xml += "<w:tblCaption w:val=\"\(XMLText.escaped(table.caption))\"/>" }
        xml += "</w:tblPr><w:tblGrid>" + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        if !table.header.isEmpty {
            xml += "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
            for (index, cell) in table.header.enumerated() {
                xml += "<w:tc><w:tcPr><w:tcW w:w=\"\(widths[index])\" w:type=\"dxa\"/><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"\(style.tableHeaderFill)\"/></w:tcPr>"
                xml += "<w:p><w:pPr><w:pStyle w:val=\"\(style.id(.tableText))\"/>\(table.numericColumns.contains(index) ? "<w:jc w:val=\"right\"/>" : "")</w:pPr>\(run(cell, bold: true))</w:p></w:tc>"
            }
            xml += "</w:tr>"
        }
        for row in table.rows {
            xml += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            for index in 0..<columns {
                let cell = index < row.count ? row[index] : ""
                xml += "<w:tc><w:tcPr><w:tcW w:w=\"\(widths[index])\" w:type=\"dxa\"/></w:tcPr>"
                xml += "<w:p><w:pPr><w:pStyle w:val=\"\(style.id(.tableText))\"/>\(table.numericColumns.contains(index) ? "<w:jc w:val=\"right\"/>" : "")</w:pPr>\(run(cell, bold: boldFirstColumn && index == 0))</w:p></w:tc>"
            }
            xml += "</w:tr>"
        }
        xml += "</w:tbl>"
        paragraph("", style: .normal)
    }

    /// Column widths in twips over the 16 cm text width: every column as wide as its longest word
    /// (so "Beoordeling" does not break), the rest shared by the columns' average text length.
    static func columnWidths(_ table: DocumentTable, columns: Int, total: Int = 9000) -> [Int] {
        func cells(_ c: Int) -> [String] { ([table.header] + table.rows).compactMap { c < $0.count ? $0[c] : nil } }
        let minimum = (0..<columns).map { c in
            min(2200, max(600, (cells(c).flatMap { $0.split(separator: " ") }.map(\.count).max() ?? 0) * 120 + 200))
        }
        let needed = minimum.reduce(0, +)
        guard needed < total else { return minimum.map { $0 * total / max(needed, 1) } }
        let averages = (0..<columns).map { c -> Int in
            let lengths = table.rows.map { c < $0.count ? $0[c].count : 0 }
            return max(1, lengths.isEmpty ? 1 : lengths.reduce(0, +) / lengths.count)
        }
        let sum = averages.reduce(0, +)
        return (0..<columns).map { minimum[$0] + (total - needed) * averages[$0] / sum }
    }

    private mutating func write(_ chart: DocumentChart) {
        charts.append(chart)
        drawing += 1
        let id = "rIdChart\(charts.count)"
        paragraph(chart.title, style: .caption)
        xml += "<w:p><w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"5760000\" cy=\"2880000\"/>"
        xml += "<wp:docPr id=\"\(drawing)\" name=\"Grafiek \(drawing)\" title=\"\(XMLText.escaped(chart.title))\" descr=\"\(XMLText.escaped(chart.description))\"/>"
        xml += "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"><c:chart r:id=\"\(id)\"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    }
}

/// A chart part: a line chart whose values are cached in the part itself.
enum ChartXML {
    static let colours = ["01689B", "B35900", "2E7D32", "6A1B9A", "555555"]

    static func part(_ chart: DocumentChart) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><c:lang val="nl-NL"/><c:roundedCorners val="0"/><c:chart>"#
        xml += "<c:autoTitleDeleted val=\"1\"/><c:plotArea><c:layout/><c:lineChart><c:grouping val=\"standard\"/><c:varyColors val=\"0\"/>"
        let n = chart.categories.count
        let column = ["B", "C", "D", "E", "F", "G", "H", "I"]
        for (index, series) in chart.series.prefix(8).enumerated() {
            let colour = colours[index % colours.count]
            xml += "<c:ser><c:idx val=\"\(index)\"/><c:order val=\"\(index)\"/>"
            xml += "<c:tx><c:strRef><c:f>Blad1!$\(column[index])$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>\(XMLText.escaped(series.name))</c:v></c:pt></c:strCache></c:strRef></c:tx>"
            xml += "<c:spPr><a:ln w=\"28575\" cap=\"rnd\"><a:solidFill><a:srgbClr val=\"\(colour)\"/></a:solidFill>\(index > 0 ? "<a:prstDash val=\"dash\"/>" : "")</a:ln></c:spPr>"
            xml += "<c:marker><c:symbol val=\"circle\"/><c:size val=\"5\"/><c:spPr><a:solidFill><a:srgbClr val=\"\(colour)\"/></a:solidFill></c:spPr></c:marker>"
            xml += "<c:cat><c:strRef><c:f>Blad1!$A$2:$A$\(n + 1)</c:f><c:strCache><c:ptCount val=\"\(n)\"/>"
            for (i, label) in chart.categories.enumerated() { xml += "<c:pt idx=\"\(i)\"><c:v>\(XMLText.escaped(label))</c:v></c:pt>" }
            xml += "</c:strCache></c:strRef></c:cat>"
            xml += "<c:val><c:numRef><c:f>Blad1!$\(column[index])$2:$\(column[index])$\(n + 1)</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"\(n)\"/>"
            for (i, value) in series.values.prefix(n).enumerated() {
                if let value { xml += "<c:pt idx=\"\(i)\"><c:v>\(value)</c:v></c:pt>" }
            }
            xml += "</c:numCache></c:numRef></c:val><c:smooth val=\"0\"/></c:ser>"
        }
        xml += "<c:marker val=\"1\"/><c:axId val=\"50010001\"/><c:axId val=\"50010002\"/></c:lineChart>"
        xml += "<c:catAx><c:axId val=\"50010001\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"b\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:majorTickMark val=\"out\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"50010002\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>"
        xml += "<c:valAx><c:axId val=\"50010002\"/><c:scaling><c:orientation val=\"minMax\"/><c:min val=\"0\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"l\"/><c:majorGridlines><c:spPr><a:ln w=\"6350\"><a:solidFill><a:srgbClr val=\"D0D4D9\"/></a:solidFill></a:ln></c:spPr></c:majorGridlines><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:majorTickMark val=\"out\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"50010001\"/><c:crosses val=\"autoZero\"/><c:crossBetween val=\"between\"/></c:valAx>"
        xml += "</c:plotArea><c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/></c:legend><c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>"
        xml += "<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"900\"/></a:pPr><a:endParaRPr lang=\"nl-NL\"/></a:p></c:txPr></c:chartSpace>"
        return xml
    }
}
