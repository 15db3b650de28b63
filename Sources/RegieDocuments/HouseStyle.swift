import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// The styles a document role is written in.
public enum StyleRole: Hashable, Sendable {
    case title, subtitle, normal, officer, listBullet, listNumber, caption, tableGrid, tableText, contentsHeading
    case heading(Int)
    case contents(Int)

    /// Word's built-in name for the style, the same in every language (a Dutch Word calls the
    /// style "Kop 1" on screen and gives it the id "Kop1", but its name stays "heading 1").
    var builtInName: String {
        switch self {
        case .title: "Title"
        case .subtitle: "Subtitle"
        case .normal: "Normal"
        case .officer: "Regie eigen tekst"
        case .listBullet: "List Bullet"
        case .listNumber: "List Number"
        case .caption: "caption"
        case .tableGrid: "Table Grid"
        case .tableText: "Regie tabeltekst"
        case .contentsHeading: "TOC Heading"
        case .heading(let level): "heading \(level)"
        case .contents(let level): "toc \(level)"
        }
    }

    var defaultID: String {
        switch self {
        case .title: "Title"
        case .subtitle: "Subtitle"
        case .normal: "Normal"
        case .officer: "RegieEigenTekst"
        case .listBullet: "ListBullet"
        case .listNumber: "ListNumber"
        case .caption: "Caption"
        case .tableGrid: "TableGrid"
        case .tableText: "RegieTabeltekst"
        case .contentsHeading: "TOCHeading"
        case .heading(let level): "Heading\(level)"
        case .contents(let level): "TOC\(level)"
        }
    }

    static let all: [StyleRole] = [.normal, .title, .subtitle, .heading(1), .heading(2), .heading(3), .officer, .listBullet,
                                   .listNumber, .caption, .tableGrid, .tableText, .contentsHeading, .contents(1), .contents(2), .contents(3)]
}

/// A part copied from the template into every document (headers, footers, their images, the
/// theme and the font table).
public struct TemplatePart: Hashable, Sendable {
    public var path: String
    public var data: Data
    public var contentType: String?
}

/// Why an uploaded template cannot be used; the message says so in Dutch.
public enum HouseStyleError: Error, Hashable, Sendable, CustomStringConvertible {
    case tooLarge(bytes: Int)
    case empty
    case passwordProtected
    case oldWordFormat
    case notWord
    case damaged
    case zipBomb
    case macros
    case missingPart(String)
    case unreadableStyles

    public var description: String {
        switch self {
        case .tooLarge(let bytes):
            "Het sjabloon is \(bytes / 1_048_576 + 1) MB; Regie neemt sjablonen tot \(HouseStyle.maximumUpload / 1_048_576) MB aan. Verwijder grote afbeeldingen uit het sjabloon en probeer het opnieuw."
        case .empty: "Het bestand is leeg. Kies een Word-sjabloon (.dotx) of Word-document (.docx)."
        case .passwordProtected:
            "Het sjabloon is met een wachtwoord beveiligd. Regie kan het zo niet lezen: sla het in Word op zonder wachtwoord (Bestand › Info › Document beveiligen) en upload het opnieuw."
        case .oldWordFormat:
            "Dit is een oud Word-bestand (.doc of .dot). Open het in Word en sla het op als Word-sjabloon (.dotx) of Word-document (.docx)."
        case .notWord: "Dit is geen Word-bestand. Kies een Word-sjabloon (.dotx) of Word-document (.docx)."
        case .damaged: "Het Word-bestand is beschadigd: het laat zich niet uitpakken. Sla het in Word opnieuw op en probeer het nog eens."
        case .zipBomb:
            "Het bestand pakt uit tot veel meer dan een sjabloon kan zijn (meer dan \(HouseStyle.maximumUnpacked / 1_048_576) MB of meer dan \(HouseStyle.maximumEntries) onderdelen). Regie neemt het niet aan."
        case .macros: "Het sjabloon bevat macro's (.dotm of .docm). Sla het op als Word-sjabloon zonder macro's (.dotx) en upload het opnieuw."
        case .missingPart(let part): "Het Word-bestand mist het onderdeel \(part); sla het in Word opnieuw op als .dotx of .docx."
        case .unreadableStyles: "De opmaakprofielen van het sjabloon (word/styles.xml) zijn niet te lezen. Sla het in Word opnieuw op en probeer het nog eens."
        }
    }
}

/// The municipality's house style: the styles, fonts, colours, headers, footers and logo of its
/// Word template, or Regie's own calm default (``regie``). Built-in styles are found by their
/// language-independent names; roles the template lacks get Regie's definition.
public struct HouseStyle: Hashable, Sendable {
    public static let maximumUpload = 10 * 1_048_576
    public static let maximumUnpacked = 40 * 1_048_576
    public static let maximumEntries = 500

    var stylesXML: String
    var styleIDs: [StyleRole: String]
    var parts: [TemplatePart]
    var relationships: [(id: String, type: String, target: String)]
    var defaultContentTypes: [String: String]
    /// The template's section properties (page size, margins, header and footer references),
    /// with a `{FOOTER}` place for Regie's footer when the template has none.
    var sectionTemplate: String?
    var footerReference: String?
    var tableHeaderFill: String
    /// The template's name, or nil for Regie's default.
    public var templateName: String?

    public static func == (lhs: HouseStyle, rhs: HouseStyle) -> Bool { lhs.stylesXML == rhs.stylesXML && lhs.parts == rhs.parts }
    public func hash(into hasher: inout Hasher) { hasher.combine(stylesXML) }

    func id(_ role: StyleRole) -> String { styleIDs[role] ?? role.defaultID }

    /// Whether documents carry Regie's footer with page numbers: the template has no footer.
    var usesRegieFooter: Bool { footerReference == nil || footerReference == "rIdRegieFooter" }

    var sectionProperties: String {
        if let sectionTemplate { return sectionTemplate }
        return "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdRegieFooter\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1417\" w:right=\"1417\" w:bottom=\"1417\" w:left=\"1417\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr>"
    }

    /// The styles of the names in `template` (or of Regie) that documents use.
    public var usedStyleNames: [String: String] {
        Dictionary(uniqueKeysWithValues: StyleRole.all.map { ($0.builtInName, id($0)) })
    }

    // MARK: Regie's default

    public static let regie: HouseStyle = {
        let ids = Dictionary(uniqueKeysWithValues: StyleRole.all.map { ($0, $0.defaultID) })
        let definitions = StyleRole.all.map { definition($0, id: $0.defaultID, normal: "Normal") }.joined()
        let styles = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="nl-NL" w:eastAsia="nl-NL" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#
            + definitions + "</w:styles>"
        return HouseStyle(stylesXML: styles, styleIDs: ids, parts: [], relationships: [], defaultContentTypes: [:],
                          sectionTemplate: nil, footerReference: nil, tableHeaderFill: "DCE6F0", templateName: nil)
    }()

    /// Regie's definition of a role's style, based on the template's normal style.
    static func definition(_ role: StyleRole, id: String, normal: String) -> String {
        let name = "<w:name w:val=\"\(role.builtInName)\"/>"
        func paragraph(_ body: String, next: Bool = true) -> String {
            "<w:style w:type=\"paragraph\" w:styleId=\"\(id)\">\(name)<w:basedOn w:val=\"\(normal)\"/>\(next ? "<w:next w:val=\"\(normal)\"/>" : "")<w:qFormat/>\(body)</w:style>"
        }
        switch role {
        case .normal:
            return "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"\(id)\">\(name)<w:qFormat/></w:style>"
        case .title:
            return paragraph("<w:pPr><w:spacing w:after=\"240\"/></w:pPr><w:rPr><w:b/><w:color w:val=\"154273\"/><w:sz w:val=\"44\"/></w:rPr>")
        case .subtitle:
            return paragraph("<w:pPr><w:spacing w:after=\"360\"/></w:pPr><w:rPr><w:color w:val=\"4D4D4D\"/><w:sz w:val=\"28\"/></w:rPr>")
        case .heading(let level):
            let size = [32, 26, 22][level - 1]
            return paragraph("<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"\(level == 1 ? 360 : 240)\" w:after=\"120\"/><w:outlineLvl w:val=\"\(level - 1)\"/></w:pPr><w:rPr><w:b/><w:color w:val=\"154273\"/><w:sz w:val=\"\(size)\"/></w:rPr>")
        case .officer:
            return paragraph("<w:pPr><w:pBdr><w:left w:val=\"single\" w:sz=\"18\" w:space=\"8\" w:color=\"B35900\"/></w:pBdr><w:ind w:left=\"227\"/></w:pPr>", next: false)
        case .listBullet, .listNumber:
            return paragraph("<w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"360\"/></w:tabs><w:spacing w:after=\"60\"/><w:ind w:left=\"360\" w:hanging=\"360\"/></w:pPr>", next: false)
        case .caption:
            return paragraph("<w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:after=\"60\"/></w:pPr><w:rPr><w:b/><w:color w:val=\"154273\"/><w:sz w:val=\"19\"/></w:rPr>")
        case .tableText:
            return paragraph("<w:pPr><w:spacing w:before=\"20\" w:after=\"20\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/></w:rPr>", next: false)
        case .contentsHeading:
            return paragraph("<w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/></w:pPr><w:rPr><w:b/><w:color w:val=\"154273\"/><w:sz w:val=\"28\"/></w:rPr>")
        case .contents(let level):
            return paragraph("<w:pPr><w:spacing w:after=\"60\"/><w:ind w:left=\"\((level - 1) * 220)\"/></w:pPr>")
        case .tableGrid:
            return "<w:style w:type=\"table\" w:styleId=\"\(id)\">\(name)<w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"A6A6A6\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"A6A6A6\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"A6A6A6\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"A6A6A6\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"A6A6A6\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"A6A6A6\"/></w:tblBorders><w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
        }
    }

    // MARK: A municipality's template

    /// Reads and checks an uploaded template. Throws a ``HouseStyleError`` that says in Dutch
    /// what is wrong; nothing is kept of a file that fails.
    public static func load(_ data: Data, name: String) throws(HouseStyleError) -> HouseStyle {
        guard !data.isEmpty else { throw .empty }
        guard data.count <= maximumUpload else { throw .tooLarge(bytes: data.count) }
        let head = [UInt8](data.prefix(8))
        if head == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
            // An OLE compound file: encrypted Office documents are stored in one, as are .doc files.
            let marker = Data("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            throw data.range(of: marker) != nil ? .passwordProtected : .oldWordFormat
        }
        guard head.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { throw .notWord }
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw .damaged }
        var entries: [String: Entry] = [:]
        var declared: UInt64 = 0
        for entry in archive {
            entries[entry.path] = entry
            declared += entry.uncompressedSize
            guard entries.count <= maximumEntries, declared <= UInt64(maximumUnpacked) else { throw .zipBomb }
        }
        var budget = maximumUnpacked
        func read(_ path: String) throws(HouseStyleError) -> Data? {
            guard let entry = entries[path] else { return nil }
            var out = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    out.append(chunk)
                    if out.count > budget { throw HouseStyleError.zipBomb }
                }
            } catch let error as HouseStyleError { throw error } catch { throw .damaged }
            budget -= out.count
            return out
        }
        guard let typesData = try read("[Content_Types].xml") else { throw .notWord }
        let types = ContentTypes(parsing: typesData)
        if types.overrides.values.contains(where: { $0.contains("macroEnabled") }) || entries["word/vbaProject.bin"] != nil { throw .macros }
        guard types.overrides["/word/document.xml"].map({ $0.contains("wordprocessingml") }) ?? false else {
            throw entries["word/document.xml"] == nil ? .notWord : .missingPart("[Content_Types].xml")
        }
        guard let stylesData = try read("word/styles.xml") else { throw .missingPart("word/styles.xml") }
        guard let documentData = try read("word/document.xml"), let document = String(data: documentData, encoding: .utf8) else {
            throw .missingPart("word/document.xml")
        }
        guard let styles = String(data: stylesData, encoding: .utf8), let names = StyleNames(parsing: stylesData) else { throw .unreadableStyles }
        let relationships = (try read("word/_rels/document.xml.rels")).map(Relationships.init(parsing:)) ?? Relationships(items: [])

        // Styles: the template's, with Regie's definitions added for roles it lacks.
        var ids: [StyleRole: String] = [:]
        var added = ""
        let normalID = names.byName["normal"] ?? "Normal"
        for role in StyleRole.all {
            if let id = names.byName[role.builtInName.lowercased()] {
                ids[role] = id
            } else {
                var id = role.defaultID
                while names.ids.contains(id) { id = "Regie" + id }
                ids[role] = id
                added += definition(role, id: id, normal: normalID)
            }
        }
        guard let end = styles.range(of: "</w:styles>", options: .backwards) else { throw .unreadableStyles }
        var merged = styles
        merged.replaceSubrange(end, with: added + "</w:styles>")
        merged = Self.dutch(merged)

        // The section properties of the template's body, with the parts they refer to.
        var parts: [TemplatePart] = []
        var rels: [(id: String, type: String, target: String)] = []
        var copied: Set<String> = []
        var section = Self.lastSection(of: document)
        var footer: String?
        func copy(_ target: String) throws(HouseStyleError) {
            let path = "word/" + target
            guard !copied.contains(path), !target.contains(".."), let data = try read(path) else { return }
            copied.insert(path)
            parts.append(TemplatePart(path: path, data: data, contentType: types.overrides["/" + path]))
            let relsPath = "word/_rels/" + (target as NSString).lastPathComponent + ".rels"
            if let relsData = try read(relsPath) {
                parts.append(TemplatePart(path: relsPath, data: relsData, contentType: nil))
                for item in Relationships(parsing: relsData).items where item.external == false {
                    try copy(item.target)
                }
            }
        }
        if var sectionXML = section {
            for item in relationships.items where sectionXML.contains("r:id=\"\(item.id)\"") {
                let newID = "rIdTpl" + item.id
                sectionXML = sectionXML.replacingOccurrences(of: "r:id=\"\(item.id)\"", with: "r:id=\"\(newID)\"")
                rels.append((newID, item.type, item.target))
                try copy(item.target)
                if item.type.hasSuffix("/footer") { footer = newID }
            }
            if footer == nil, let close = sectionXML.range(of: ">") {
                // No footer of its own: Regie's with page numbers.
                sectionXML.insert(contentsOf: "<w:footerReference w:type=\"default\" r:id=\"rIdRegieFooter\"/>", at: close.upperBound)
            }
            section = sectionXML
        }
        for theme in ["word/theme/theme1.xml", "word/fontTable.xml"] where entries[theme] != nil {
            if let data = try read(theme) {
                parts.append(TemplatePart(path: theme, data: data, contentType: types.overrides["/" + theme]))
                let type = theme.hasSuffix("fontTable.xml") ? "fontTable" : "theme"
                rels.append(("rIdTpl" + type, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/" + type,
                             String(theme.dropFirst("word/".count))))
            }
        }
        var defaults = types.defaults
        defaults["xml"] = nil
        defaults["rels"] = nil
        return HouseStyle(stylesXML: merged, styleIDs: ids, parts: parts, relationships: rels, defaultContentTypes: defaults,
                          sectionTemplate: section, footerReference: footer ?? (section == nil ? nil : "rIdRegieFooter"),
                          tableHeaderFill: "E7E6E6", templateName: name)
    }

    /// Sets the document default language to Dutch.
    static func dutch(_ styles: String) -> String {
        let lang = "<w:lang w:val=\"nl-NL\" w:eastAsia=\"nl-NL\" w:bidi=\"ar-SA\"/>"
        guard let defaults = styles.range(of: "<w:rPrDefault>"), let end = styles.range(of: "</w:rPrDefault>", range: defaults.upperBound..<styles.endIndex) else {
            if let open = styles.range(of: "<w:docDefaults>") {
                var out = styles
                out.insert(contentsOf: "<w:rPrDefault><w:rPr>\(lang)</w:rPr></w:rPrDefault>", at: open.upperBound)
                return out
            }
            return styles
        }
        var block = String(styles[defaults.upperBound..<end.lowerBound])
        if let start = block.range(of: "<w:lang "), let close = block.range(of: "/>", range: start.upperBound..<block.endIndex) {
            block.replaceSubrange(start.lowerBound..<close.upperBound, with: lang)
        } else if let rPr = block.range(of: "<w:rPr>") {
            block.insert(contentsOf: lang, at: rPr.upperBound)
        } else {
            block = "<w:rPr>\(lang)</w:rPr>" + block
        }
        var out = styles
        out.replaceSubrange(defaults.upperBound..<end.lowerBound, with: block)
        return out
    }

    /// The body's own section properties: the last `w:sectPr` of the document.
    static func lastSection(of document: String) -> String? {
        guard let start = document.range(of: "<w:sectPr", options: .backwards),
              let end = document.range(of: "</w:sectPr>", range: start.upperBound..<document.endIndex) else { return nil }
        return String(document[start.lowerBound..<end.upperBound])
    }
}

// MARK: Reading the template's XML

private final class ElementCollector: NSObject, XMLParserDelegate {
    var handle: (String, [String: String]) -> Void
    init(_ handle: @escaping (String, [String: String]) -> Void) { self.handle = handle }
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        handle(qName ?? elementName, attributeDict)
    }
    static func parse(_ data: Data, _ handle: @escaping (String, [String: String]) -> Void) -> Bool {
        let parser = XMLParser(data: data)
        let collector = ElementCollector(handle)
        parser.delegate = collector
        parser.shouldResolveExternalEntities = false
        return parser.parse()
    }
}

struct ContentTypes {
    var defaults: [String: String] = [:]
    var overrides: [String: String] = [:]
    init(parsing data: Data) {
        var defaults: [String: String] = [:], overrides: [String: String] = [:]
        _ = ElementCollector.parse(data) { name, attributes in
            if name.hasSuffix("Default"), let ext = attributes["Extension"], let type = attributes["ContentType"] { defaults[ext.lowercased()] = type }
            if name.hasSuffix("Override"), let part = attributes["PartName"], let type = attributes["ContentType"] { overrides[part] = type }
        }
        self.defaults = defaults
        self.overrides = overrides
    }
}

struct Relationships {
    struct Item { var id: String; var type: String; var target: String; var external: Bool }
    var items: [Item]
    init(items: [Item]) { self.items = items }
    init(parsing data: Data) {
        var items: [Item] = []
        _ = ElementCollector.parse(data) { name, a in
            if name.hasSuffix("Relationship"), let id = a["Id"], let type = a["Type"], let target = a["Target"] {
                items.append(Item(id: id, type: type, target: target, external: a["TargetMode"] == "External"))
            }
        }
        self.items = items
    }
}

struct StyleNames {
    var byName: [String: String] = [:]
    var ids: Set<String> = []
    init?(parsing data: Data) {
        var byName: [String: String] = [:], ids: Set<String> = []
        var current: String?
        let ok = ElementCollector.parse(data) { name, a in
            if name == "w:style" { current = a["w:styleId"]; if let id = current { ids.insert(id) } }
            if name == "w:name", let id = current, let value = a["w:val"] {
                if byName[value.lowercased()] == nil { byName[value.lowercased()] = id }
                current = nil
            }
        }
        guard ok else { return nil }
        self.byName = byName
        self.ids = ids
    }
}
