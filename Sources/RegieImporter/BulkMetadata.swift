import Foundation

extension ODataMetadata {
    /// Reads the metadata file of a CBS bulk download (`…-metadata.csv`, as the police and CBS
    /// open-data portals offer beside the observations): one `;`-separated file holding every
    /// metadata table, each introduced by a line with only its name (`TableInfos;;;;`,
    /// `DataProperties;;;;`, then one per dimension such as `SoortMisdrijf`, `RegioS`,
    /// `Perioden`) followed by its own header row. Texts may span lines.
    /// - Throws: every problem found, as ``ImportProblem``s.
    public static func read(bulkFile url: URL) throws(ImportProblems) -> ODataMetadata {
        let name = url.lastPathComponent
        let sections = try bulkSections(url)
        var metadata = try build { (base: String) throws(ImportProblem) -> MetadataRecords? in
            sections[base].map { MetadataRecords(file: "\(name) (sectie \(base))", rows: $0) }
        } missing: { base in
            ImportProblem(file: name, line: nil, message: "de sectie \(base) ontbreekt in dit metadatabestand")
        }
        // The bulk download's data file holds the whole table.
        metadata.isWholeTable = true
        return metadata
    }

    /// Whether `url` is a bulk metadata file: its first line names the `TableInfos` section.
    static func isBulkMetadata(_ url: URL) -> Bool {
        guard let file = try? DelimitedFile(url) else { return false }
        return sectionName(file.header) == "TableInfos"
    }

    /// The section a line introduces: a name in the first field, every other field empty.
    private static func sectionName(_ fields: [String]) -> String? {
        guard let first = fields.first?.trimmingCharacters(in: .whitespaces),
              first.range(of: #"^[A-Za-z][A-Za-z0-9_]*$"#, options: .regularExpression) != nil,
              fields.dropFirst().allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
        return first
    }

    /// The rows of each section, by section name, as dictionaries by the section's header.
    private static func bulkSections(_ url: URL) throws(ImportProblems) -> [String: [[String: String]]] {
        let name = url.lastPathComponent
        let file: DelimitedFile
        do { file = try DelimitedFile(url) } catch let problem as ImportProblem { throw ImportProblems([problem]) } catch {
            throw ImportProblems([ImportProblem(file: name, line: nil, message: "het bestand kan niet worden gelezen")])
        }
        guard var section = sectionName(file.header) else {
            throw ImportProblems([ImportProblem(file: name, line: 1, message:
                "dit is geen metadatabestand van een bulkdownload: de eerste regel moet de sectie TableInfos aankondigen")])
        }
        var sections: [String: [[String: String]]] = [section: []]
        var header: [String]?
        while true {
            let row: (line: Int, fields: [String])?
            do { row = try file.next() } catch let problem as ImportProblem { throw ImportProblems([problem]) } catch {
                throw ImportProblems([ImportProblem(file: name, line: nil, message: "het bestand kan niet worden gelezen")])
            }
            guard let (line, fields) = row else { break }
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            if header != nil, let next = sectionName(fields) {
                guard sections[next] == nil else {
                    throw ImportProblems([ImportProblem(file: name, line: line, message: "de sectie \(next) staat twee keer in het bestand")])
                }
                section = next
                sections[section] = []
                header = nil
                continue
            }
            guard let columns = header else {
                header = fields.map { $0.trimmingCharacters(in: .whitespaces) }
                continue
            }
            var record: [String: String] = [:]
            for (column, value) in zip(columns, fields) where !column.isEmpty { record[column] = value }
            sections[section, default: []].append(record)
        }
        return sections
    }
}
