import Crypto
import Foundation
import RegieCore
import ZIPFoundation

/// The raadspakket: the proposal, the decision, the plan and its annexes as PDFs, with a small
/// metadata file of the kind council information systems (iBabs, NotuBiz) take in.
public enum CouncilPackage {
    public struct Item: Sendable {
        public var fileName: String
        public var title: String
        public var category: String
        /// "Concept" or "Aangeboden aan de raad (versie n)".
        public var status: String
        public var content: Data

        public init(fileName: String, title: String, category: String, status: String, content: Data) {
            self.fileName = fileName
            self.title = title
            self.category = category
            self.status = status
            self.content = content
        }
    }

    public struct Metadata: Codable, Sendable {
        public struct File: Codable, Sendable {
            public var bestand: String
            public var titel: String
            public var soort: String
            public var status: String
            public var sha256: String
        }
        public var titel: String
        public var gemeente: String
        public var datum: String
        public var portefeuillehouder: String
        public var zaaknummer: String
        public var vertrouwelijkheid: String
        public var documenten: [File]
    }

    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    public static func zip(title: String, municipality: String, date: CalendarDate, portfolioHolder: String, caseNumber: String,
                           items: [Item]) throws -> Data {
        let metadata = Metadata(titel: title, gemeente: municipality, datum: date.description, portefeuillehouder: portfolioHolder,
                                zaaknummer: caseNumber, vertrouwelijkheid: "openbaar",
                                documenten: items.map { Metadata.File(bestand: $0.fileName, titel: $0.title, soort: $0.category, status: $0.status, sha256: sha256($0.content)) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let archive = try Archive(accessMode: .create)
        for (path, data) in items.map({ ($0.fileName, $0.content) }) + [("metadata.json", try encoder.encode(metadata))] {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: DOCXWriter.fixedDate,
                                 compressionMethod: .deflate) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        guard let data = archive.data else { throw DocumentError.writeFailed }
        return data
    }
}
