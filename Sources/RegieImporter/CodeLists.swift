import Foundation
import RegieCore

/// The official code lists Regie ships (`CodeLists/`, described in `CodeLists/BRONNEN.md` and
/// made by `scripts/make-code-lists.py`): every municipality 1990-2025 with its reorganisations,
/// the provinces and the country, the other regions of the police tables, crime types per table
/// and a small catalogue of tables. They let a StatLine website export, which carries names
/// instead of codes, import without any metadata file.
public struct CodeLists: Sendable {
    /// One run of years in which a municipality code carried one name.
    public struct Municipality: Sendable {
        public var code: RegionCode
        public var name: String
        public var province: String
        /// The first year a figure may belong to this name.
        public var firstYear: Int
        /// The last year; nil while the name is still in use.
        public var lastYear: Int?

        func isValid(in year: Int) -> Bool { year >= firstYear && lastYear.map { year <= $0 } ?? true }
    }

    /// A table of the catalogue, with its structure as in its metadata.
    public struct Table: Sendable {
        public var identifier: String
        public var title: String
        public var shortTitle: String
        public var modified: String
        public var metadata: ODataMetadata
    }

    public var municipalities: [Municipality] = []
    /// Code, name and StatLine's name ("Groningen (PV)") of the provinces and the country.
    public var provinces: [(code: RegionCode, name: String, statLineName: String)] = []
    /// Per table, the regions its own list names otherwise (`NL01`, `RE05 Amsterdam (RE)`,
    /// `GM0014 Groningen (gemeente)`, `GM0998 Buitenland`).
    public var tableRegions: [String: [(code: RegionCode, name: String)]] = [:]
    /// Per table, crime-type codes with their titles.
    public var crimeTypes: [String: [String: String]] = [:]
    public var tables: [Table] = []
    /// Names in common use for a municipality instead of its official name ("Den Haag"), only to
    /// suggest the official one.
    public var commonNames: [String: String] = [:]
    /// The version of the lists (`versie 2025-1`), from BRONNEN.md.
    public var version = ""

    /// The lists as shipped, read once.
    public static let shipped: CodeLists = {
        guard let folder = Bundle.module.url(forResource: "CodeLists", withExtension: nil) else { return CodeLists() }
        return (try? CodeLists(folder: folder)) ?? CodeLists()
    }()

    init() {}

    /// Reads the lists from `folder`.
    init(folder: URL) throws {
        func rows(_ name: String) throws -> [[String: String]] {
            let file = try DelimitedFile(folder.appendingPathComponent(name), delimiter: ";")
            var rows: [[String: String]] = []
            while let (_, fields) = try file.next() {
                rows.append(Dictionary(zip(file.header, fields), uniquingKeysWith: { first, _ in first }))
            }
            return rows
        }
        let division = try rows("gemeenten.csv")
        let lastListed = division.compactMap { Int($0["laatste_jaar"] ?? "") }.max() ?? 0
        for row in division {
            guard let code = RegionCode(row["code"] ?? ""), let first = Int(row["eerste_jaar"] ?? ""), let last = Int(row["laatste_jaar"] ?? "") else { continue }
            let begin = Int((row["begindatum"] ?? "").prefix(4)) ?? first
            let end = row["einddatum"] ?? ""
            // The source lists a municipality that ended on 1 January in that year too.
            let lastYear: Int? = if let year = Int(end.prefix(4)) { end.hasSuffix("-01-01") ? year - 1 : year }
                                 else { last == lastListed ? nil : last }
            // Before the first year of the source the municipality's own start date counts.
            let firstYear = first == 1990 ? min(begin, first) : first
            municipalities.append(Municipality(code: code, name: row["naam"] ?? "", province: row["provinciecode"] ?? "",
                                               firstYear: firstYear, lastYear: lastYear))
        }
        for row in try rows("provincies.csv") {
            if let code = RegionCode(row["code"] ?? "") { provinces.append((code, row["naam"] ?? "", row["statline_naam"] ?? "")) }
        }
        for row in try rows("regios-per-tabel.csv") {
            if let code = RegionCode(row["code"] ?? "") { tableRegions[row["tabel"] ?? "", default: []].append((code, row["naam"] ?? "")) }
        }
        for row in try rows("soort-misdrijf.csv") {
            crimeTypes[row["tabel"] ?? "", default: [:]][row["code"] ?? ""] = row["titel"] ?? ""
        }
        for row in try rows("roepnamen.csv") { commonNames[row["naam"] ?? ""] = row["officiele_naam"] ?? "" }
        let structure = try rows("tabelindeling.csv")
        for row in try rows("tabellen.csv") {
            let identifier = row["tabel"] ?? ""
            var dimensions: [ODataMetadata.Dimension] = []
            var topics: [ODataMetadata.Topic] = []
            for part in structure where part["tabel"] == identifier {
                let key = part["sleutel"] ?? "", title = part["titel"] ?? ""
                switch part["soort"] {
                case "dimensie":
                    dimensions.append(.init(key: key, title: title, kind: .category,
                                            codes: key == "SoortMisdrijf" ? crimeTypes[identifier] ?? [:] : [:], codeListFile: "soort-misdrijf.csv (Regie)"))
                case "regio": dimensions.append(.init(key: key, title: title, kind: .region, codes: [:]))
                case "periode": dimensions.append(.init(key: key, title: title, kind: .time, codes: [:]))
                default:
                    let unit = part["eenheid"] ?? ""
                    topics.append(.init(key: key, title: title, unit: unit.isEmpty ? nil : unit, decimals: nil, isNumeric: true,
                                        kind: Figures.kind(ofMeasure: key)))
                }
            }
            tables.append(Table(identifier: identifier, title: row["titel"] ?? "", shortTitle: row["korte_titel"] ?? "", modified: row["gewijzigd"] ?? "",
                                metadata: ODataMetadata(identifier: identifier, title: row["titel"], dimensions: dimensions, topics: topics)))
        }
        if let text = try? String(contentsOf: folder.appendingPathComponent("BRONNEN.md"), encoding: .utf8),
           let range = text.range(of: #"versie [0-9]{4}-[0-9]+"#, options: .regularExpression) {
            version = String(text[range])
        }
    }

    /// The catalogue's table with `identifier` (case-insensitive).
    public func table(_ identifier: String) -> Table? {
        tables.first { $0.identifier.lowercased() == identifier.lowercased() }
    }

    /// The table an export's title names: its official or short title, compared without case,
    /// spacing and a trailing year ("… gemeente 2025" is "… gemeente, per maand" on StatLine's
    /// site), and without the period words StatLine adds.
    public func table(titled title: String) -> Table? {
        let wanted = Self.titleForm(title)
        guard !wanted.isEmpty else { return nil }
        let exact = tables.filter { [$0.title, $0.shortTitle].contains { CodeBook.normalized($0) == CodeBook.normalized(title) } }
        if exact.count == 1 { return exact[0] }
        let close = tables.filter { [$0.title, $0.shortTitle].contains { Self.titleForm($0) == wanted } }
        return close.count == 1 ? close[0] : nil
    }

    /// A title without case, spacing, a trailing year and the words for how often figures come.
    static func titleForm(_ title: String) -> String {
        var text = CodeBook.normalized(title)
        for pattern in [#"\s*\(?[0-9]{4}(-[0-9]{4})?\)?$"#, #",?\s*(per maand|per jaar|per kwartaal|jaarcijfers|maandcijfers|kwartaalcijfers)$"#,
                        #"\s*\(?[0-9]{4}(-[0-9]{4})?\)?$"#] {
            text = text.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
        }
        return text.trimmingCharacters(in: CharacterSet(charactersIn: " ,;"))
    }
}
