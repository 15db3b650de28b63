import Foundation
import RegieCore
import RegieDocuments
import RegieReports
import RegiePlanFile
import RegieWeb
import Testing
import VaporTesting
import ZIPFoundation

/// The parts of a DOCX by path.
func unzipped(_ data: Data) throws -> [String: String] {
    let archive = try Archive(data: data, accessMode: .read)
    var parts: [String: String] = [:]
    for entry in archive {
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        parts[entry.path] = String(decoding: bytes, as: UTF8.self)
    }
    return parts
}

/// A ZIP of `parts`, for templates made in tests.
func zipped(_ parts: [String: Data]) throws -> Data {
    let archive = try Archive(accessMode: .create)
    for (path, data) in parts.sorted(by: { $0.key < $1.key }) {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
    return archive.data!
}

@Suite("Council documents: built from every example, written as DOCX and HTML, without personal data")
struct DocumentsTests {
    static let today = CalendarDate(iso: "2026-12-01")!

    /// Every example plan with the demo's running data.
    func plans() throws -> [Plan] {
        try examplePaths().map { path in ExampleExecution.apply(to: try PlanFileReader.read(Data(contentsOf: URL(fileURLWithPath: path)))) }
    }

    /// Names, e-mail addresses and phone numbers of the examples' contact persons, and the
    /// authors of progress updates.
    func personalData(_ plan: Plan) -> [String] {
        let contacts = plan.partners.flatMap(\.contacts)
        return contacts.map(\.name) + contacts.compactMap(\.email) + contacts.compactMap(\.phone)
            + plan.execution.updates.map(\.author) + plan.signatories.map(\.name)
    }

    @Test("Every document of every example builds and writes, and none holds a contact person, e-mail address or author")
    func everyDocumentOfEveryExample() throws {
        var documents = 0
        var checkedNames = 0
        for plan in try plans() {
            let personal = Set(personalData(plan).filter { $0.count > 3 })
            checkedNames += personal.count
            for key in DocumentBuilder.keys(for: plan, today: Self.today) {
                let document = try DocumentBuilder.build(key, DocumentInput(plan: plan, analysis: nil, draft: DocumentDraft(key: key), today: Self.today))
                let docx = try unzipped(try DOCXWriter().write(document))
                let html = HTMLDocumentWriter.write(document)
                let xml = docx["word/document.xml"] ?? ""
                #expect(!document.blocks.isEmpty, "\(plan.key) \(key)")
                #expect(xml.contains("w:lang w:val=\"nl-NL\""))
                #expect(docx["docProps/core.xml"]?.contains("<dc:title>\(XMLTestText.escaped(document.metadata.title))</dc:title>") == true, "\(plan.key) \(key)")
                for value in personal {
                    #expect(!document.plainText.contains(value), "\(plan.key) \(key) contains \(value)")
                    #expect(!xml.contains(XMLTestText.escaped(value)), "\(plan.key) \(key) DOCX contains \(value)")
                    #expect(!html.contains(value), "\(plan.key) \(key) HTML contains \(value)")
                }
                documents += 1
            }
        }
        #expect(documents > 40)
        // The examples do name contact persons: the check above is not empty.
        #expect(checkedNames > 0)
    }

    @Test("The DOCX has heading styles, a table of contents, repeating header rows, page numbers and Dutch core properties")
    func docxStructure() throws {
        let plan = ExampleExecution.apply(to: try example("stadskanaal-2020-2024.yaml"))
        let key = DocumentKey(kind: .progressReport, year: 2024)
        var draft = DocumentDraft(key: key)
        draft.texts["samenvatting"] = "Eigen tekst van de beleidsmedewerker & <b>geen opmaak</b>."
        let document = try DocumentBuilder.build(key, DocumentInput(plan: plan, analysis: nil, draft: draft, today: Self.today))
        let parts = try unzipped(try DOCXWriter().write(document))
        let xml = try #require(parts["word/document.xml"])
        #expect(xml.contains("<w:pStyle w:val=\"Heading1\"/>") && xml.contains("<w:pStyle w:val=\"Heading2\"/>"))
        #expect(xml.contains("TOC \\o \"1-3\""))
        #expect(xml.contains("<w:tblHeader/>"))
        #expect(xml.contains("Eigen tekst van de beleidsmedewerker &amp; &lt;b&gt;geen opmaak&lt;/b&gt;."))
        #expect(parts["word/footer-regie.xml"]?.contains(" PAGE ") == true)
        #expect(parts["word/settings.xml"]?.contains("updateFields") == true)
        #expect(parts["docProps/core.xml"]?.contains("<dc:language>nl-NL</dc:language>") == true)
        #expect(parts["docProps/custom.xml"]?.contains("openbaar") == true)
        #expect(parts["word/styles.xml"]?.contains("<w:name w:val=\"heading 1\"/>") == true)
        // The same document gives the same bytes.
        #expect(try DOCXWriter().write(document) == DOCXWriter().write(document))
    }

    @Test("A report for a year outside the plan, an unknown programme or a proposal without a member is refused in Dutch")
    func badRequests() throws {
        let plan = try example("stadskanaal-2020-2024.yaml")
        #expect(throws: DocumentRequestError.yearOutsidePlan(year: 2019, period: plan.period)) {
            try DocumentBuilder.build(DocumentKey(kind: .progressReport, year: 2019), DocumentInput(plan: plan, analysis: nil, draft: DocumentDraft(key: DocumentKey(kind: .plan)), today: Self.today))
        }
        #expect(DocumentRequestError.yearOutsidePlan(year: 2019, period: plan.period).description.contains("2020 tot en met 2024"))
        let meierij = try example("basisteam-meierij-2023-2026.yaml")
        #expect(throws: DocumentRequestError.memberNeeded) { try DocumentBuilder.check(DocumentKey(kind: .councilProposal), meierij) }
        #expect(throws: DocumentRequestError.unknownProgramme(Key("onbekend")!)) { try DocumentBuilder.check(DocumentKey(kind: .programme, programme: Key("onbekend")!), plan) }
    }

    @Test("A collaboration gets one proposal per member council, each with that council's name and priorities")
    func proposalPerMember() throws {
        let plan = try example("basisteam-meierij-2023-2026.yaml")
        let proposals = DocumentBuilder.keys(for: plan, today: Self.today).filter { $0.kind == .councilProposal }
        #expect(proposals.count == plan.owner.municipalities.count)
        for key in proposals {
            let member = plan.owner.municipalities.first { $0.code == key.municipality }!
            let decision = try DocumentBuilder.build(DocumentKey(kind: .councilDecision, municipality: key.municipality),
                                                     DocumentInput(plan: plan, analysis: nil, draft: DocumentDraft(key: key), today: Self.today))
            #expect(decision.plainText.contains("De raad van de gemeente \(member.name);"))
            #expect(decision.plainText.contains("gelet op artikel 38b van de Politiewet 2012;"))
            // Each member's college writes its own cover letter to its own council.
            let letterKey = DocumentKey(kind: .councilLetter, year: 2025, municipality: key.municipality)
            #expect(DocumentKey(slug: letterKey.slug) == letterKey)
            let letter = try DocumentBuilder.build(letterKey, DocumentInput(plan: plan, analysis: nil, draft: DocumentDraft(key: letterKey), today: Self.today))
            #expect(letter.plainText.contains("Het college van burgemeester en wethouders van \(member.name),"))
            #expect(letter.metadata.issuer == "Gemeente \(member.name)")
        }
        #expect(throws: DocumentRequestError.memberNeeded) { try DocumentBuilder.check(DocumentKey(kind: .councilLetter, year: 2025), plan) }
    }

    @Test("Document addresses read back, and nothing else reads as one")
    func slugs() throws {
        for plan in try plans() {
            for key in DocumentBuilder.keys(for: plan, today: Self.today) { #expect(DocumentKey(slug: key.slug) == key) }
        }
        for bad in ["", "rapport", "voortgangsrapportage", "voortgangsrapportage-20x4", "raadsvoorstel-abc", "plan-extra", "programma-"] {
            #expect(DocumentKey(slug: bad) == nil, "\(bad)")
        }
    }

    @Test("Next year's report is compared with this year's part by part, years set aside")
    func comparison() {
        let old = [OutlinePart(heading: "Vooruitblik", lines: ["Voor 2025 staan 3 activiteiten."]), OutlinePart(heading: "Oud deel", lines: ["x"])]
        let new = [OutlinePart(heading: "Vooruitblik", lines: ["Voor 2026 staan 3 activiteiten.", "Nieuwe zin."]), OutlinePart(heading: "Nieuw deel", lines: ["y"])]
        let changes = OutlineComparison.compare(old, new, oldYear: 2025, newYear: 2026)
        #expect(changes.first { $0.heading == "Vooruitblik" }?.addedLines == ["Nieuwe zin."])
        #expect(changes.first { $0.heading == "Vooruitblik" }?.removedLines == [])
        #expect(changes.contains { $0.heading == "Nieuw deel" && $0.kind == .added })
        #expect(changes.contains { $0.heading == "Oud deel" && $0.kind == .removed })
    }

    @Test("Without LibreOffice the PDF is refused in Dutch, and the documents page still offers Word and the web page")
    func withoutConverter() async throws {
        let converter = PDFConverter(executable: "/bestaat/niet/soffice")
        #expect(!converter.isAvailable)
        await #expect(throws: PDFConverter.Failure.notInstalled) { try await converter.pdf(fromDOCX: Data()) }
        #expect(PDFConverter.Failure.notInstalled.description.contains("LibreOffice is niet geïnstalleerd"))
        let plan = try example("stadskanaal-2020-2024.yaml")
        let entries = [DocumentEntry(key: DocumentKey(kind: .plan), title: plan.title, draftRevision: nil, sent: [])]
        let page = DocumentsPage(plan: plan, entries: entries, mayPrepare: true, pdfAvailable: false, houseStyle: nil).render()
        #expect(page.contains("PDF maken kan op deze server niet"))
        #expect(page.contains("/stukken/plan/docx") && page.contains("/stukken/plan/html") && !page.contains("/stukken/plan/pdf"))
    }

    @Test("A real conversion gives a tagged PDF/A, when LibreOffice is installed")
    func conversion() async throws {
        let converter = PDFConverter()
        guard converter.isAvailable else { return }
        let plan = try example("lindewaarde-2025-2028.yaml")
        let document = try DocumentBuilder.build(DocumentKey(kind: .councilDecision), DocumentInput(plan: plan, analysis: nil, draft: DocumentDraft(key: DocumentKey(kind: .councilDecision)), today: Self.today))
        let pdf = try await converter.pdf(fromDOCX: try DOCXWriter().write(document))
        let text = String(decoding: pdf, as: UTF8.self)
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        #expect(text.contains("/StructTreeRoot"), "tagged")
        #expect(text.contains("pdfaid:part"), "PDF/A")
        // Something that is no DOCX is refused with a message, not a hang.
        await #expect(throws: PDFConverter.Failure.self) { try await converter.pdf(fromDOCX: Data("geen docx".utf8)) }
    }

    // MARK: House style

    /// A template: Regie's own DOCX with the heading style renamed as a Dutch Word names it,
    /// another font, a header with a logo image, and no footer of its own.
    func template() throws -> Data {
        let document = CouncilDocument(key: DocumentKey(kind: .plan), metadata: DocumentMetadata(title: "Sjabloon", issuer: "Gemeente Test", date: Self.today, status: "Concept", category: "Sjabloon"), blocks: [.heading(1, "Kop")])
        var parts = try unzipped(try DOCXWriter().write(document)).mapValues { Data($0.utf8) }
        var styles = String(decoding: parts["word/styles.xml"]!, as: UTF8.self)
        styles = styles.replacingOccurrences(of: "w:styleId=\"Heading1\"", with: "w:styleId=\"Kop1\"")
            .replacingOccurrences(of: "w:ascii=\"Arial\"", with: "w:ascii=\"Georgia\"")
        parts["word/styles.xml"] = Data(styles.utf8)
        var xml = String(decoding: parts["word/document.xml"]!, as: UTF8.self)
        xml = xml.replacingOccurrences(of: "<w:footerReference w:type=\"default\" r:id=\"rIdRegieFooter\"/>", with: "<w:headerReference w:type=\"default\" r:id=\"rIdKop\"/>")
        parts["word/document.xml"] = Data(xml.utf8)
        parts["word/footer-regie.xml"] = nil
        parts["word/header1.xml"] = Data(#"<?xml version="1.0" encoding="UTF-8"?><w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>Gemeente Teststad huisstijl</w:t></w:r></w:p></w:hdr>"#.utf8)
        parts["word/_rels/header1.xml.rels"] = Data(#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdLogo" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/logo.png"/></Relationships>"#.utf8)
        parts["word/media/logo.png"] = Data([0x89, 0x50, 0x4E, 0x47])
        var rels = String(decoding: parts["word/_rels/document.xml.rels"]!, as: UTF8.self)
        rels = rels.replacingOccurrences(of: "</Relationships>", with: #"<Relationship Id="rIdKop" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>"#)
        parts["word/_rels/document.xml.rels"] = Data(rels.utf8)
        var types = String(decoding: parts["[Content_Types].xml"]!, as: UTF8.self)
        types = types.replacingOccurrences(of: "</Types>", with: #"<Default Extension="png" ContentType="image/png"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>"#)
            .replacingOccurrences(of: "document.main+xml", with: "template.main+xml")
        parts["[Content_Types].xml"] = Data(types.utf8)
        return try zipped(parts)
    }

    @Test("An uploaded template's styles, header and logo are used, its own style ids kept, and Regie's footer added")
    func templateIsUsed() throws {
        let style = try HouseStyle.load(try template(), name: "huisstijl.dotx")
        #expect(style.usedStyleNames["heading 1"] == "Kop1")
        let document = try DocumentBuilder.build(DocumentKey(kind: .plan), DocumentInput(plan: try example("stadskanaal-2020-2024.yaml"), analysis: nil, draft: DocumentDraft(key: DocumentKey(kind: .plan)), today: Self.today))
        let parts = try unzipped(try DOCXWriter(style: style).write(document))
        #expect(parts["word/document.xml"]?.contains("<w:pStyle w:val=\"Kop1\"/>") == true)
        #expect(parts["word/document.xml"]?.contains("r:id=\"rIdTplrIdKop\"") == true)
        #expect(parts["word/header1.xml"]?.contains("Gemeente Teststad huisstijl") == true)
        #expect(parts["word/media/logo.png"] != nil)
        #expect(parts["word/styles.xml"]?.contains("Georgia") == true)
        #expect(parts["word/footer-regie.xml"] != nil)
        #expect(parts["[Content_Types].xml"]?.contains("document.main+xml") == true)
        #expect(parts["[Content_Types].xml"]?.contains("template.main+xml") == false)
    }

    @Test("A template that is empty, too large, not Word, old Word, password protected, a ZIP bomb or with macros is refused in Dutch")
    func badTemplates() throws {
        func refusal(_ data: Data) -> HouseStyleError? {
            do { _ = try HouseStyle.load(data, name: "x"); return nil } catch { return error }
        }
        #expect(refusal(Data()) == .empty)
        #expect(refusal(Data("Dit is tekst, geen Word".utf8)) == .notWord)
        #expect(refusal(Data(count: HouseStyle.maximumUpload + 1)) == .tooLarge(bytes: HouseStyle.maximumUpload + 1))
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        let encryption = "EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(refusal(Data(ole + [UInt8](repeating: 0, count: 512) + encryption)) == .passwordProtected)
        #expect(refusal(Data(ole + [UInt8](repeating: 0, count: 512))) == .oldWordFormat)
        #expect(refusal(try zipped(["a.txt": Data("x".utf8)])) == .notWord)
        #expect(refusal(Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3])) == .damaged)
        // 60 MB of zeros packs into a few dozen kilobytes.
        #expect(refusal(try zipped(["[Content_Types].xml": Data(count: 60 * 1_048_576)])) == .zipBomb)
        var macro = try unzipped(try template()).mapValues { Data($0.utf8) }
        macro["word/vbaProject.bin"] = Data([1, 2, 3])
        #expect(refusal(try zipped(macro)) == .macros)
        for error in [HouseStyleError.passwordProtected, .zipBomb, .notWord, .macros, .oldWordFormat] {
            #expect(error.description.count > 40)
        }
    }
}

/// XML escaping as the writer does it, for finding text in parts.
enum XMLTestText {
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&apos;")
    }
}
