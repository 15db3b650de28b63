import Foundation
import RegieCore
import RegieDocuments
import RegieReports
import Vapor

/// The council documents (issue 16): made from the plan's data in the municipality's house
/// style as HTML, DOCX and PDF; the officer's own texts; sending to the council, which freezes the
/// files with their SHA-256; the raadspakket; and the beheerder's template upload.
struct DocumentsController {
    /// One LibreOffice profile per process: conversions take turns (see ``PDFConverter``).
    static let converter = PDFConverter()

    func boot(routes: any RoutesBuilder) {
        let plan = routes.grouped("plannen", ":plan")
        routes.get("css", "stuk.css", use: stylesheet)
        plan.get("stukken", use: overview)
        plan.get("stukken", ":stuk", ":format", use: download)
        plan.get("stukken", ":stuk", "bewerken", use: editor)
        plan.post("stukken", ":stuk", "bewerken", use: save)
        plan.post("stukken", ":stuk", "verzenden", use: send)
        plan.get("stukken", ":stuk", "versies", use: versions)
        plan.get("stukken", ":stuk", "versies", ":version", ":format", use: sentFile)
        plan.get("raadspakket", use: package)
        plan.get("raadspakket", ":municipality", use: package)
        routes.get("beheer", "huisstijl", use: houseStylePage)
        // The body is streamed to disk by ``DataUploadReceiver``, as for open data.
        routes.on(.POST, "beheer", "huisstijl", body: .stream, use: uploadHouseStyle)
        routes.post("beheer", "huisstijl", "verwijderen", use: removeHouseStyle)
    }

    // MARK: Helpers

    private func planKey(_ req: Request) throws -> Key {
        guard let key = req.parameters.get("plan").flatMap(Key.init) else { throw Abort(.notFound) }
        return key
    }

    private func documentKey(_ req: Request, _ plan: Plan) throws -> DocumentKey {
        guard let key = req.parameters.get("stuk").flatMap(DocumentKey.init(slug:)) else { throw Abort(.notFound) }
        // A year outside the plan, an unknown programme or member: a 404 that says which.
        do { try DocumentBuilder.check(key, plan) } catch { throw Abort(.notFound, reason: error.description) }
        return key
    }

    private static let prepareMessage = "Alleen beleidsmedewerkers van het plan maken en versturen raadsstukken. Wat aan de raad is gestuurd, staat bij de versies."

    private func mayPrepare(_ scoped: ScopedPlan, _ req: Request) throws -> Bool {
        let account = try req.account
        return scoped.permissions.manageStatus && scoped.permissions.view == .current && account.tenant.municipality != nil
    }

    private func openForPreparing(_ req: Request) async throws -> ScopedPlan {
        let scoped = try await req.scope.open(try planKey(req))
        guard try mayPrepare(scoped, req) else { throw Abort(.forbidden, reason: Self.prepareMessage) }
        return scoped
    }

    /// The plan with its current running data, as the account sees it.
    private func working(_ scoped: ScopedPlan) -> Plan {
        var plan = scoped.plan
        plan.execution = scoped.stored.plan.execution
        return plan
    }

    /// The municipality whose template a document of `plan` gets.
    private func styleOwner(_ key: DocumentKey, _ plan: Plan, _ req: Request) throws -> MunicipalityCode? {
        if let code = key.municipality { return code }
        let members = plan.owner.municipalities
        if members.count == 1 { return members[0].code }
        if let own = try req.account.tenant.municipality, members.contains(where: { $0.code == own }) { return own }
        return members.first?.code
    }

    private func style(_ key: DocumentKey, _ plan: Plan, _ req: Request) async throws -> HouseStyle {
        guard let code = try styleOwner(key, plan, req), let file = try await req.application.councilDocuments.houseStyle(of: code) else { return .regie }
        return Self.styles.style(for: file)
    }

    /// Read templates by checksum: a template is unpacked and read once per process, not per download.
    static let styles = HouseStyleCache()

    private func make(_ req: Request, _ scoped: ScopedPlan, _ key: DocumentKey, status: String = "Concept") async throws -> (CouncilDocument, DocumentDraft) {
        let plan = working(scoped)
        let draft = try await req.application.councilDocuments.draft(plan: plan.key, key) ?? DocumentDraft(key: key)
        let analysis = try? await AnalysisController().planAnalysis(req, plan)
        do {
            let document = try DocumentBuilder.build(key, DocumentInput(plan: plan, analysis: analysis, draft: draft, today: RunningController.today(req), status: status))
            return (document, draft)
        } catch {
            throw Abort(.notFound, reason: error.description)
        }
    }

    private func file(_ data: Data, _ format: DocumentFormat, name: String) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: format.mediaType)
        if format != .html {
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        }
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    private func pdf(_ docx: Data) async throws -> Data {
        do { return try await Self.converter.pdf(fromDOCX: docx) } catch {
            throw Abort(error == .notInstalled ? .serviceUnavailable : .internalServerError, reason: error.description)
        }
    }

    // MARK: Pages

    func stylesheet(_ req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: HTMLDocumentWriter.stylesheet))
        response.headers.contentType = .init(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        response.headers.cacheControl = .init(maxAge: 3600)
        return response
    }

    func overview(_ req: Request) async throws -> Response {
        let scoped = try await req.scope.open(try planKey(req))
        let plan = working(scoped)
        let prepare = try mayPrepare(scoped, req)
        let store = req.application.councilDocuments
        let sent = try await store.sentVersions(plan: plan.key)
        var entries: [DocumentEntry] = []
        for key in DocumentBuilder.keys(for: plan, today: RunningController.today(req)) {
            let versions = sent.filter { $0.key == key }
            guard prepare || !versions.isEmpty else { continue }
            let draft = prepare ? try await store.draft(plan: plan.key, key) : nil
            entries.append(DocumentEntry(key: key, title: DocumentBuilder.title(key, plan), draftRevision: draft?.revision, sent: versions))
        }
        var houseStyle: String?
        if prepare, let code = try styleOwner(DocumentKey(kind: .plan), plan, req) {
            houseStyle = try await store.houseStyle(of: code)?.fileName
        }
        let notice = req.queryValue("opgeslagen").map { _ in "Uw tekst is opgeslagen. Open het stuk om het te zien; het is nog niet aan de raad gestuurd." }
        return html(DocumentsPage(plan: plan, entries: entries, mayPrepare: prepare, pdfAvailable: Self.converter.isAvailable,
                                  houseStyle: houseStyle, notice: notice).render())
    }

    func download(_ req: Request) async throws -> Response {
        let scoped = try await openForPreparing(req)
        let key = try documentKey(req, scoped.plan)
        guard let format = req.parameters.get("format").flatMap(DocumentFormat.init(rawValue:)) else { throw Abort(.notFound) }
        let (document, _) = try await make(req, scoped, key)
        let name = document.fileName(format, planKey: scoped.plan.key)
        switch format {
        case .html: return file(Data(HTMLDocumentWriter.write(document).utf8), .html, name: name)
        case .docx: return file(try DOCXWriter(style: try await style(key, scoped.plan, req)).write(document), .docx, name: name)
        case .pdf:
            let docx = try DOCXWriter(style: try await style(key, scoped.plan, req)).write(document)
            return file(try await pdf(docx), .pdf, name: name)
        }
    }

    func editor(_ req: Request) async throws -> Response {
        let scoped = try await openForPreparing(req)
        let key = try documentKey(req, scoped.plan)
        let draft = try await req.application.councilDocuments.draft(plan: scoped.plan.key, key) ?? DocumentDraft(key: key)
        return html(editorPage(scoped, key, draft).render())
    }

    private func editorPage(_ scoped: ScopedPlan, _ key: DocumentKey, _ draft: DocumentDraft, errors: [String] = []) -> DocumentEditorPage {
        let plan = working(scoped)
        let parts = DocumentBuilder.editableParts(key, plan).map { (key: $0.key, label: $0.label, text: draft.texts[$0.key] ?? "") }
        let hasHeader = [.councilProposal, .councilDecision, .councilLetter].contains(key.kind)
        return DocumentEditorPage(plan: plan, title: DocumentBuilder.title(key, plan), slug: key.slug, parts: parts,
                                  header: hasHeader ? draft.header : nil, revision: draft.revision, errors: errors)
    }

    func save(_ req: Request) async throws -> Response {
        let scoped = try await openForPreparing(req)
        let key = try documentKey(req, scoped.plan)
        let form = try FormValues(req)
        let store = req.application.councilDocuments
        var draft = try await store.draft(plan: scoped.plan.key, key) ?? DocumentDraft(key: key)
        let revision = Int(form.one("revisie")) ?? -1
        var errors: [String] = []
        for part in DocumentBuilder.editableParts(key, scoped.plan) {
            let text = form.one("tekst-\(part.key)")
            if text.count > 20_000 { errors.append("De tekst bij \(part.label) is \(text.count) tekens; er passen er 20.000.") }
            if Self.contactDetails(in: text) {
                errors.append("De tekst bij \(part.label) bevat een e-mailadres of telefoonnummer. Raadsstukken zijn openbaar: haal het weg of verwijs naar de algemene contactgegevens van de gemeente.")
            }
            draft.texts[part.key] = text.isEmpty ? nil : text
        }
        if [.councilProposal, .councilDecision, .councilLetter].contains(key.kind) {
            func date(_ name: String, _ label: String) -> CalendarDate? {
                let raw = form.one(name).trimmingCharacters(in: .whitespaces)
                guard !raw.isEmpty else { return nil }
                guard let date = CalendarDate(raw) else {
                    errors.append("\(label): schrijf een datum als jjjj-mm-dd, bijvoorbeeld 2026-03-10.")
                    return nil
                }
                return date
            }
            draft.header = ProposalHeader(caseNumber: String(form.one("zaaknummer").prefix(60)), executiveDecisionDate: date("collegebesluit", "Datum collegebesluit"),
                                          portfolioHolder: String(form.one("portefeuillehouder").prefix(80)), meetingDate: date("vergadering", "Datum raadsvergadering"),
                                          committee: String(form.one("commissie").prefix(120)), budgetProgramme: String(form.one("begrotingsprogramma").prefix(160)))
        }
        guard errors.isEmpty else {
            return html(editorPage(scoped, key, draft, errors: errors).render(), status: .unprocessableEntity)
        }
        do {
            let audit = entry(try req.account, scoped.stored.plan, .documentDraftSaved, object: DocumentBuilder.title(key, scoped.plan),
                              after: [AuditValue("stuk", key.slug)])
            _ = try await store.saveDraft(plan: scoped.plan.key, draft, expectingRevision: revision, audit: [audit])
        } catch DocumentStoreError.draftChanged {
            let current = try await store.draft(plan: scoped.plan.key, key) ?? DocumentDraft(key: key)
            var kept = draft
            kept.revision = current.revision
            return html(editorPage(scoped, key, kept, errors: ["Iemand anders heeft dit stuk intussen opgeslagen. Uw tekst staat hieronder nog; vergelijk hem met de nieuwe versie (open het stuk in een ander tabblad) en sla dan opnieuw op."]).render(),
                        status: .conflict)
        }
        return req.redirect(to: SiteURL.documents(scoped.plan.key).path + "?opgeslagen=1", redirectType: .normal)
    }

    /// E-mail addresses and (Dutch) phone numbers: personal contact details that public
    /// documents must not carry. Names cannot be recognised this way; the form asks not to use them.
    static func contactDetails(in text: String) -> Bool {
        text.range(of: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+"#, options: .regularExpression) != nil
            || text.range(of: #"(\+31|\b0)[ -]?[1-9]([ -]?[0-9]){8}\b"#, options: .regularExpression) != nil
    }

    func send(_ req: Request) async throws -> Response {
        let scoped = try await openForPreparing(req)
        let key = try documentKey(req, scoped.plan)
        let form = try FormValues(req)
        let store = req.application.councilDocuments
        let account = try req.account
        let revision = Int(form.one("revisie")) ?? -1
        let plan = working(scoped)
        func refuse(_ message: String, _ status: HTTPStatus) async throws -> Response {
            let sent = try await store.sentVersions(plan: plan.key)
            var entries: [DocumentEntry] = []
            for k in DocumentBuilder.keys(for: plan, today: RunningController.today(req)) {
                entries.append(DocumentEntry(key: k, title: DocumentBuilder.title(k, plan), draftRevision: try await store.draft(plan: plan.key, k)?.revision,
                                             sent: sent.filter { $0.key == k }))
            }
            return html(DocumentsPage(plan: plan, entries: entries, mayPrepare: true, pdfAvailable: Self.converter.isAvailable, houseStyle: nil,
                                      errors: [message]).render(), status: status)
        }
        let (document, draft) = try await make(req, scoped, key, status: "Aangeboden aan de raad")
        guard draft.revision == revision else {
            return try await refuse("\(DocumentBuilder.title(key, plan)) is gewijzigd sinds u de pagina opende. Bekijk het stuk opnieuw voordat u het verstuurt; er is niets verstuurd.", .conflict)
        }
        let earlier = try await store.sentVersions(plan: plan.key, key)
        if let last = earlier.last, last.draftRevision == draft.revision {
            return try await refuse("\(DocumentBuilder.title(key, plan)) is al op \(last.sentOn.label) als versie \(last.version) aan de raad gestuurd. Voeg eerst een wijziging toe om een nieuwe versie te sturen.", .conflict)
        }
        let docx = try DOCXWriter(style: try await style(key, plan, req)).write(document)
        var contents: [DocumentFormat: Data] = [.docx: docx, .html: Data(HTMLDocumentWriter.write(document).utf8)]
        if Self.converter.isAvailable { contents[.pdf] = try await pdf(docx) }
        let files = DocumentFormat.allCases.compactMap { format in
            contents[format].map { SentFile(format: format, fileName: document.fileName(format, planKey: plan.key), sha256: CouncilPackage.sha256($0), size: $0.count) }
        }
        let sent = SentDocument(key: key, version: (earlier.last?.version ?? 0) + 1, sentOn: RunningController.today(req), sentAt: Date(),
                                sentBy: account.displayName, draftRevision: draft.revision, title: document.metadata.title,
                                outline: document.outline, files: files)
        let audit = entry(account, scoped.stored.plan, .documentSent, object: document.metadata.title,
                          after: [AuditValue("versie", String(sent.version))] + files.map { AuditValue($0.format.rawValue, $0.sha256) })
        do {
            try await store.send(plan: plan.key, sent, contents: contents, audit: [audit])
        } catch DocumentStoreError.alreadySent(let version, let on) {
            return try await refuse("\(DocumentBuilder.title(key, plan)) is al op \(on.label) als versie \(version) aan de raad gestuurd.", .conflict)
        }
        return req.redirect(to: SiteURL.documentVersions(plan.key, slug: key.slug).path + "?verzonden=1", redirectType: .normal)
    }

    func versions(_ req: Request) async throws -> Response {
        let scoped = try await req.scope.open(try planKey(req))
        let plan = working(scoped)
        let key = try documentKey(req, plan)
        let store = req.application.councilDocuments
        let versions = try await store.sentVersions(plan: plan.key, key)
        guard try mayPrepare(scoped, req) || !versions.isEmpty else { throw Abort(.notFound) }
        var comparisons: [(against: String, changes: [PartChange])] = []
        if versions.count >= 2 {
            comparisons.append(("versie \(versions[versions.count - 2].version)", OutlineComparison.compare(versions[versions.count - 2].outline, versions.last!.outline)))
        }
        if key.kind.hasYear, let year = key.year,
           let previous = try await store.sentVersions(plan: plan.key, DocumentKey(kind: key.kind, year: year - 1)).last {
            // This year's report against last year's as sent: this year's as sent, or for an
            // officer as it reads now.
            var current = versions.last?.outline
            if current == nil, try mayPrepare(scoped, req) { current = try await make(req, scoped, key).0.outline }
            if let current {
                comparisons.append(("de rapportage over \(year - 1) (versie \(previous.version))",
                                    OutlineComparison.compare(previous.outline, current, oldYear: year - 1, newYear: year)))
            }
        }
        return html(DocumentVersionsPage(plan: plan, title: DocumentBuilder.title(key, plan), slug: key.slug, versions: versions,
                                         comparisons: comparisons,
                                         notice: req.queryValue("verzonden").map { _ in "Het stuk is aan de raad gestuurd en bewaard zoals het is verstuurd." }).render())
    }

    func sentFile(_ req: Request) async throws -> Response {
        let scoped = try await req.scope.open(try planKey(req))
        let key = try documentKey(req, scoped.plan)
        guard let version = req.parameters.get("version").flatMap(Int.init),
              let format = req.parameters.get("format").flatMap(DocumentFormat.init(rawValue:)),
              let sent = try await req.application.councilDocuments.sentVersions(plan: scoped.plan.key, key).first(where: { $0.version == version }),
              let described = sent.file(format),
              let data = try await req.application.councilDocuments.content(plan: scoped.plan.key, key, version: version, format: format) else {
            throw Abort(.notFound, reason: "Deze versie of dit bestand bestaat niet.")
        }
        return file(data, format, name: described.fileName)
    }

    func package(_ req: Request) async throws -> Response {
        let scoped = try await openForPreparing(req)
        let plan = working(scoped)
        let raw = req.parameters.get("municipality")
        let member = raw.flatMap(MunicipalityCode.init)
        if raw != nil, member == nil { throw Abort(.notFound, reason: "Deze gemeente hoort niet bij het plan.") }
        if let member, !plan.owner.municipalities.contains(where: { $0.code == member }) { throw Abort(.notFound, reason: "Deze gemeente hoort niet bij het plan.") }
        if member == nil, plan.owner.municipalities.count > 1 {
            throw Abort(.notFound, reason: DocumentRequestError.memberNeeded.description)
        }
        let keys = [DocumentKey(kind: .councilProposal, municipality: member), DocumentKey(kind: .councilDecision, municipality: member), DocumentKey(kind: .plan)]
        let store = req.application.councilDocuments
        var items: [CouncilPackage.Item] = []
        var header = ProposalHeader()
        for key in keys {
            if let sent = try await store.sentVersions(plan: plan.key, key).last, let pdf = sent.file(.pdf),
               let data = try await store.content(plan: plan.key, key, version: sent.version, format: .pdf) {
                items.append(.init(fileName: pdf.fileName, title: sent.title, category: key.kind.slugWord, status: "Aangeboden aan de raad (versie \(sent.version))", content: data))
            } else {
                let (document, _) = try await make(req, scoped, key)
                let docx = try DOCXWriter(style: try await style(key, plan, req)).write(document)
                items.append(.init(fileName: document.fileName(.pdf, planKey: plan.key), title: document.metadata.title, category: key.kind.slugWord,
                                   status: "Concept", content: try await pdf(docx)))
            }
            if key.kind == .councilProposal, let draft = try await store.draft(plan: plan.key, key) { header = draft.header }
        }
        let name = member.flatMap { code in plan.owner.municipalities.first { $0.code == code }?.name } ?? plan.owner.name
        let zip = try CouncilPackage.zip(title: "Vaststelling \(plan.title)", municipality: name, date: RunningController.today(req),
                                         portfolioHolder: header.portfolioHolder, caseNumber: header.caseNumber, items: items)
        let response = Response(status: .ok, body: .init(data: zip))
        response.headers.replaceOrAdd(name: .contentType, value: "application/zip")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"raadspakket-\(plan.key.rawValue)\(member.map { "-\($0.rawValue)" } ?? "").zip\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    // MARK: House style

    private func administrator(_ req: Request) throws -> (Account, MunicipalityCode) {
        let account = try req.account
        guard let code = account.tenant.municipality, AccessPolicy.mayImportFigures(account, for: code) else {
            throw Abort(.forbidden, reason: "Alleen een beheerder van de gemeente stelt de huisstijl in.")
        }
        return (account, code)
    }

    private func municipalityName(_ req: Request, _ code: MunicipalityCode) async throws -> String {
        for summary in try await req.plans.summaries(involving: code) {
            if let plan = try await req.plans.plan(summary.key), let m = plan.owner.municipalities.first(where: { $0.code == code }) { return m.name }
        }
        return code.rawValue
    }

    private func houseStyleResponse(_ req: Request, _ code: MunicipalityCode, notice: String? = nil, errors: [String] = [],
                                    status: HTTPStatus = .ok) async throws -> Response {
        let current = try await req.application.councilDocuments.houseStyle(of: code)
        let style = current.map { Self.styles.style(for: $0) }
        let styles = style.flatMap { $0.templateName == nil ? nil : $0 }.map { s in s.usedStyleNames.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } } ?? []
        return html(HouseStylePage(municipality: try await municipalityName(req, code), current: current, styles: styles, notice: notice, errors: errors).render(),
                    status: status)
    }

    func houseStylePage(_ req: Request) async throws -> Response {
        let (_, code) = try administrator(req)
        return try await houseStyleResponse(req, code, notice: req.queryValue("opgeslagen").map { _ in "Het sjabloon is opgeslagen; nieuwe stukken krijgen deze huisstijl." })
    }

    func uploadHouseStyle(_ req: Request) async throws -> Response {
        let (account, code) = try administrator(req)
        guard let upload = req.storage[DataUploadKey.self] else {
            throw Abort(.unsupportedMediaType, reason: "Verstuur het sjabloon met het formulier op de pagina Huisstijl. Er is niets opgeslagen.")
        }
        guard let file = upload.files["bestand"] else {
            return try await houseStyleResponse(req, code, errors: ["Kies het Word-sjabloon (.dotx of .docx)."], status: .unprocessableEntity)
        }
        guard file.bytes <= HouseStyle.maximumUpload else {
            return try await houseStyleResponse(req, code, errors: [HouseStyleError.tooLarge(bytes: file.bytes).description], status: .payloadTooLarge)
        }
        let data = try Data(contentsOf: file.url)
        do {
            _ = try HouseStyle.load(data, name: file.name)
        } catch {
            return try await houseStyleResponse(req, code, errors: ["\(file.name): \(error.description)"], status: .unprocessableEntity)
        }
        let sha = CouncilPackage.sha256(data)
        let audit = AuditEntry(actor: account.id, actorName: account.displayName, municipalities: [code], action: .houseStyleChanged,
                               object: "Huisstijl · \(file.name)", before: [], after: [AuditValue("sha256", sha)])
        try await req.application.councilDocuments.saveHouseStyle(HouseStyleFile(municipality: code, fileName: file.name, content: data, sha256: sha, uploadedAt: Date()),
                                                                   audit: [audit])
        return req.redirect(to: SiteURL.houseStyle.path + "?opgeslagen=1", redirectType: .normal)
    }

    func removeHouseStyle(_ req: Request) async throws -> Response {
        let (account, code) = try administrator(req)
        let audit = AuditEntry(actor: account.id, actorName: account.displayName, municipalities: [code], action: .houseStyleChanged,
                               object: "Huisstijl verwijderd", before: [], after: [])
        try await req.application.councilDocuments.removeHouseStyle(of: code, audit: [audit])
        return try await houseStyleResponse(req, code, notice: "Het sjabloon is verwijderd; stukken krijgen weer de standaardopmaak van Regie.")
    }
}

/// Removes the LibreOffice profile of this process when the application stops.
struct DocumentsLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await PDFConverter.removeProfile()
    }
}

/// Templates as read, by SHA-256 of the file; a few at a time (one per municipality in use).
final class HouseStyleCache: @unchecked Sendable {
    private let lock = NSLock()
    private var styles: [String: HouseStyle] = [:]
    private var order: [String] = []
    static let capacity = 32

    /// The template's style; checked on upload, so a template that no longer reads (an older
    /// Regie accepted it) falls back to Regie's default.
    func style(for file: HouseStyleFile) -> HouseStyle {
        if let known = lock.withLock({ styles[file.sha256] }) { return known }
        let style = (try? HouseStyle.load(file.content, name: file.fileName)) ?? .regie
        lock.withLock {
            if styles[file.sha256] == nil { order.append(file.sha256) }
            styles[file.sha256] = style
            while order.count > Self.capacity { styles[order.removeFirst()] = nil }
        }
        return style
    }
}
