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
    ///
    /// The lists are part of the program, not input: without them no StatLine website export
    /// imports and names cannot be checked. A missing or damaged list is a broken installation,
    /// and silently reading on with empty lists would only move the fault to a puzzling import
    /// message ("355 regionamen niet gevonden"). So loading stops the program at once with a
    /// Dutch message naming the file and line (``loadFailure(_:)``), rather than making every
    /// caller handle an error it cannot repair. Tests read damaged copies with ``load(from:)``.
    public static let shipped: CodeLists = {
        do { return try load(from: Bundle.module.url(forResource: "CodeLists", withExtension: nil)) }
        catch { fatalError(loadFailure(error)) }
    }()

    /// Reads the lists from `folder` (the bundled `CodeLists` folder); throws when it is missing
    /// or a list is damaged.
    /// - Throws: ``ImportProblem`` naming the file and, where it applies, the line.
    public static func load(from folder: URL?) throws(ImportProblem) -> CodeLists {
        guard let folder, FileManager.default.fileExists(atPath: folder.path) else {
            throw ImportProblem(file: "CodeLists", line: nil, message: "de map met ingebouwde codelijsten ontbreekt in de installatie")
        }
        do { return try CodeLists(folder: folder) }
        catch let problem as ImportProblem { throw problem }
        catch { throw ImportProblem(file: "CodeLists", line: nil, message: "de ingebouwde codelijsten zijn niet te lezen") }
    }

    /// The message the program stops with when the shipped lists cannot be read.
    public static func loadFailure(_ error: any Error) -> String {
        "Regie kan de ingebouwde codelijsten (gemeenten, provincies, misdrijfsoorten) niet lezen: \(error). "
            + "De installatie is onvolledig of beschadigd; installeer Regie opnieuw of zet de map Sources/RegieImporter/CodeLists terug "
            + "zoals in de broncode (zie CodeLists/BRONNEN.md)."
    }

    init() {}

    /// Reads the lists from `folder`. Every row must be complete and every code and year
    /// readable: a damaged row is refused with its file and line, never skipped.
    init(folder: URL) throws {
        /// The rows of `name` with their lines; `required` columns must be in the header.
        func rows(_ name: String, required: [String]) throws -> [(line: Int, row: [String: String])] {
            let file = try DelimitedFile(folder.appendingPathComponent(name), delimiter: ";")
            let missing = required.filter { !file.header.contains($0) }
            guard missing.isEmpty else {
                throw ImportProblem(file: name, line: 1, message: "de kopregel mist de kolom\(missing.count == 1 ? "" : "men") \(missing.joined(separator: ", ")) "
                                    + "(gevonden: \(file.header.joined(separator: ", ")))")
            }
            var rows: [(line: Int, row: [String: String])] = []
            while let (line, fields) = try file.next() {
                if fields.count == 1 && fields[0].isEmpty { continue }
                guard fields.count == file.header.count else {
                    throw ImportProblem(file: name, line: line, message: DelimitedFile.fieldCount(fields.count, expected: file.header.count, atEndOfFile: file.lastRowEndsFile))
                }
                rows.append((line, Dictionary(zip(file.header, fields), uniquingKeysWith: { first, _ in first })))
            }
            return rows
        }
        /// The region code in `column`, of one of `levels`; a problem with the line otherwise.
        func code(_ row: [String: String], _ column: String, _ name: String, _ line: Int, levels: Set<RegionLevel>? = nil) throws -> RegionCode {
            let text = row[column] ?? ""
            guard let code = RegionCode(text), levels?.contains(code.level) ?? true else {
                throw ImportProblem(file: name, line: line, message: "\"\(text)\" in kolom \(column) is geen geldige regiocode")
            }
            return code
        }
        func year(_ row: [String: String], _ column: String, _ name: String, _ line: Int) throws -> Int {
            let text = row[column] ?? ""
            guard let year = Int(text), YearRange.plausible.contains(year) else {
                throw ImportProblem(file: name, line: line, message: "\"\(text)\" in kolom \(column) is geen jaartal")
            }
            return year
        }
        let division = try rows("gemeenten.csv", required: ["code", "naam", "provinciecode", "begindatum", "einddatum", "eerste_jaar", "laatste_jaar"])
        var checked: [(line: Int, row: [String: String], code: RegionCode, first: Int, last: Int)] = []
        for (line, row) in division {
            checked.append((line, row, try code(row, "code", "gemeenten.csv", line, levels: [.municipality]),
                            try year(row, "eerste_jaar", "gemeenten.csv", line), try year(row, "laatste_jaar", "gemeenten.csv", line)))
        }
        let lastListed = checked.map(\.last).max() ?? 0
        for (_, row, code, first, last) in checked {
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
        for (line, row) in try rows("provincies.csv", required: ["code", "naam", "statline_naam"]) {
            provinces.append((try code(row, "code", "provincies.csv", line, levels: [.country, .province]), row["naam"] ?? "", row["statline_naam"] ?? ""))
        }
        for (line, row) in try rows("regios-per-tabel.csv", required: ["tabel", "code", "naam"]) {
            tableRegions[row["tabel"] ?? "", default: []].append((try code(row, "code", "regios-per-tabel.csv", line), row["naam"] ?? ""))
        }
        for (line, row) in try rows("soort-misdrijf.csv", required: ["tabel", "code", "titel"]) {
            guard let type = row["code"], !type.isEmpty, let table = row["tabel"], !table.isEmpty else {
                throw ImportProblem(file: "soort-misdrijf.csv", line: line, message: "de kolommen tabel en code mogen niet leeg zijn")
            }
            crimeTypes[table, default: [:]][type] = row["titel"] ?? ""
        }
        for (_, row) in try rows("roepnamen.csv", required: ["naam", "officiele_naam"]) { commonNames[row["naam"] ?? ""] = row["officiele_naam"] ?? "" }
        let structure = try rows("tabelindeling.csv", required: ["tabel", "soort", "sleutel", "titel", "eenheid"]).map(\.row)
        for (_, row) in try rows("tabellen.csv", required: ["tabel", "titel", "korte_titel", "gewijzigd"]) {
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

    /// The name of the municipality with `code` as last listed: the current name, or the last
    /// one of a municipality that no longer exists. Nil for a code the lists do not have.
    public func municipalityName(_ code: MunicipalityCode) -> String? {
        municipalities.filter { $0.code.rawValue == code.rawValue && !$0.name.isEmpty }
            .max { ($0.lastYear ?? .max, $0.firstYear) < ($1.lastYear ?? .max, $1.firstYear) }?.name
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
