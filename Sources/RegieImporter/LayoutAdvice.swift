import Foundation
import RegieCore

/// Messages for files that are not figures with codes: a code list saved on its own, a table's
/// description, or processed figures without region or period codes. Each says what the file is
/// and what to do instead of only "onbekende indeling".
enum LayoutAdvice {
    /// What to do with a metadata part on its own.
    static let metadataAdvice = "Regie kent de codelijsten van de politietabellen al (soort misdrijf, gemeenten, provincies, politie-eenheden); "
        + "u hoeft deze lijst niet in te lezen. Wilt u de eigen metadata van een tabel gebruiken, geef dan de hele metadatamap met --metadata "
        + "bij het databestand, of de map met het databestand en de metadata samen"

    /// A Dutch problem when `header` (and the rows of `url`) form a code list or a table
    /// description, nil otherwise.
    static func metadataPart(_ url: URL, header: [String]) -> ImportProblem? {
        let name = url.lastPathComponent
        guard header.contains("Key"), header.contains("Title") else { return nil }
        if header.contains("Type") {
            return ImportProblem(file: name, line: nil, message:
                "dit is de beschrijving van een tabel (DataProperties: dimensies en onderwerpen), geen bestand met cijfers. " + metadataAdvice)
        }
        guard let file = try? DelimitedFile(url), let keyColumn = file.header.firstIndex(of: "Key"),
              let titleColumn = file.header.firstIndex(of: "Title") else { return nil }
        var codes: [String: String] = [:]
        while let row = try? file.next() {
            guard row.fields.count > max(keyColumn, titleColumn) else { continue }
            let key = row.fields[keyColumn].trimmingCharacters(in: .whitespaces)
            if !key.isEmpty { codes[key] = row.fields[titleColumn].trimmingCharacters(in: .whitespaces) }
        }
        let keys = Array(codes.keys)
        let dimension: String
        var tables: [String] = []
        if !keys.isEmpty, keys.allSatisfy(CrimeSeries.isCrimeTypeCode) {
            dimension = "Soort misdrijf"
            let lists = CodeLists.shipped.crimeTypes
            tables = lists.filter { $0.value == codes }.map(\.key).sorted()
            if tables.isEmpty { tables = lists.filter { Set($0.value.keys) == Set(keys) }.map(\.key).sorted() }
        } else if !keys.isEmpty, keys.allSatisfy({ StatisticsPeriod($0) != nil }) {
            dimension = "Perioden"
        } else if !keys.isEmpty, keys.allSatisfy({ RegionCode($0) != nil }) {
            let levels = Dictionary(grouping: keys.compactMap(RegionCode.init), by: \.level)
            let parts: [(RegionLevel, String)] = [(.municipality, "gemeenten"), (.district, "wijken"), (.neighbourhood, "buurten")]
            let counted = parts.compactMap { level, word in levels[level].map { "\($0.count) \(word)" } }
            dimension = "regio-indeling" + (counted.isEmpty ? "" : " (" + counted.joined(separator: ", ") + ")")
        } else {
            dimension = url.deletingPathExtension().lastPathComponent
        }
        if let identifier = ODataMetadata.identifier(inFileName: name) { tables = [identifier.uppercased()] }
        let table = tables.isEmpty ? "" : tables.count == 1 ? " van tabel \(tables[0])" : " (gelijk aan die van de tabellen \(CodeBook.alternatives(tables).replacingOccurrences(of: " of ", with: " en ")))"
        return ImportProblem(file: name, line: nil, message:
            "dit is een codelijst, geen bestand met cijfers: de lijst \(dimension)\(table) met \(codes.count) codes. " + metadataAdvice)
    }

    /// The message for a delimited file Regie cannot read: the columns found, what is missing
    /// and where to get a table Regie reads.
    static func unknownLayout(_ url: URL, file: DelimitedFile) -> ImportProblem {
        var samples: [[String]] = []
        while samples.count < 50, let row = try? file.next() { samples.append(row.fields.map { $0.trimmingCharacters(in: .whitespaces) }) }
        let codes = CodeBook()
        func column(_ test: (String) -> Bool) -> Bool {
            file.header.indices.contains { index in
                let values = samples.compactMap { index < $0.count ? $0[index] : nil }.filter { !$0.isEmpty }
                return !values.isEmpty && values.allSatisfy(test)
            }
        }
        let hasRegion = column { RegionCode($0) != nil || codes.region($0) != .unknown }
        let hasPeriod = column { StatisticsPeriod($0) != nil || StatLineExportReader.period($0) != nil }
        var missing: [String] = []
        if !hasRegion { missing.append("een kolom met de regio (een code zoals GM0222 of een naam zoals Doetinchem)") }
        if !hasPeriod { missing.append("een kolom met de periode (zoals 2023 of 2023JJ00)") }
        let columns = file.header.map { "\"\($0)\"" }.joined(separator: ", ")
        let found = "Gevonden kolommen: \(columns). "
        let needs = "Regie heeft nodig: een kolom met de regio (code of naam), een kolom met de periode en per onderwerp een kolom met cijfers"
            + (missing.isEmpty ? "" : "; in dit bestand ontbreekt " + missing.joined(separator: " en ")) + ". "
        let advice = !hasRegion
            ? "Het lijken bewerkte cijfers zonder regio's. Download de tabel zelf van StatLine (opendata.cbs.nl of data.politie.nl) of van het open-dataportaal van het CBS, "
                + "en lees die in met: regie data import BESTAND. "
            : hasPeriod
                ? "Zijn het eigen cijfers van de gemeente, zet ze dan in het sjabloon voor eigen reeksen (regio;periode;reeks;waarde, met codes zoals GM0222). "
                : ""
        return ImportProblem(file: url.lastPathComponent, line: nil, message:
            "de indeling van dit bestand is onbekend. " + found + needs + advice + ImportLayout.readable)
    }
}
