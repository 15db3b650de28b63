import Foundation
import RegieCore
import RegieDocuments
import RegieRegisterPages
import RegieRegisters
import RegieReports
import Vapor

/// The registers' pages (issue 17). Every rule lives in ``RegisterService``; this controller
/// only turns requests into its calls and its answers into pages. Addresses carry UUIDs only;
/// what a user types about people (a lookup, a break-glass reason) is posted. Responses are
/// never cached (``SecurityHeadersMiddleware`` sets `no-store`), and a refusal says as little
/// as "not found" wherever more would reveal whether a case or person exists.
struct RegistersController {
    func boot(routes: any RoutesBuilder) {
        let registers = routes.grouped("registers")
        registers.get(use: list)
        registers.post("inzageverzoek", use: subjectAccess)
        registers.get(":register", use: register)
        registers.post(":register", "zoeken", use: search)
        registers.get(":register", "signalen", "nieuw", use: newSignal)
        registers.post(":register", "signalen", use: takeIn)
        registers.get(":register", "signalen", ":record", use: signal)
        registers.post(":register", "signalen", ":record", "doorbreken", use: breakGlassSignal)
        registers.post(":register", "signalen", ":record", "status", use: changeStatus)
        registers.post(":register", "signalen", ":record", "delen", use: share)
        registers.get(":register", "casustafel", "nieuw", use: newMeeting)
        registers.post(":register", "casustafel", use: planMeeting)
        registers.get(":register", "casustafel", ":meeting", use: meeting)
        registers.post(":register", "casustafel", ":meeting", use: conclude)
        registers.get(":register", "incidenten", "nieuw", use: newIncident)
        registers.post(":register", "incidenten", use: recordIncident)
        registers.get(":register", "incidenten", ":record", use: incident)
        registers.post(":register", "incidenten", ":record", "doorbreken", use: breakGlassIncident)
        for (kind, isSignal) in [("signalen", true), ("incidenten", false)] {
            registers.post(":register", .constant(kind), ":record", "bewaarplicht") { try await setLegalHold($0, signal: isSignal) }
            registers.post(":register", .constant(kind), ":record", "inzagebeperking") { try await restrictSubjectAccess($0, signal: isSignal) }
        }
        routes.get("beheer", "verwerkingsregister", use: processingRecord)
        routes.get("beheer", "verwerkingsregister.csv", use: processingRecordCSV)
    }

    // MARK: Lists

    func list(_ req: Request) async throws -> Response {
        let account = try req.account
        let visible = try await service(req).registers(for: context(req))
        return html(RegisterListPage(registers: visible, isAdministrator: account.has(.administrator) && account.tenant.municipality != nil).render())
    }

    func register(_ req: Request) async throws -> Response {
        try await registerPage(req, notice: noticeText(req))
    }

    func registerPage(_ req: Request, found: [String]? = nil, notice: String? = nil) async throws -> Response {
        let id = try uuid(req, "register")
        let service = service(req), context = try context(req)
        return try await refusing {
            let (register, _, role) = try await service.membership(register: id, context: context)
            switch register.kind {
            case .underminingSignals:
                let reports = role == .owner ? try await service.breakGlassReports(register: id, context: context) : nil
                return html(SignalRegisterPage(register: register, role: role, lines: try await service.signalLines(register: id, context: context),
                                               meetings: try await service.meetingLines(register: id, context: context), breakGlass: reports,
                                               accountNames: try await accountNames(req), found: found, notice: notice,
                                               openPage: pageNumber(req, "pagina") ?? 1, closedPage: pageNumber(req, "afgesloten")).render())
            case .vulnerablePersonIncidents:
                return html(IncidentRegisterPage(register: register, role: role, lines: try await service.incidentLines(register: id, context: context),
                                                 notice: notice, page: pageNumber(req, "pagina") ?? 1).render())
            }
        }
    }

    /// Is this company, address or person known? Posted, so nothing typed lands in an address.
    func search(_ req: Request) async throws -> Response {
        let id = try uuid(req, "register")
        let identity = Self.identity(try FormValues(req))
        let service = service(req), context = try context(req)
        let found = try await refusing { try await service.search(identity, register: id, context: context) }
        return try await registerPage(req, found: found)
    }

    /// The person, company or address a lookup or subject-access form names.
    static func identity(_ values: FormValues) -> SubjectIdentity {
        switch values.one("soort") {
        case "adres": return .address(postcode: values.one("postcode"), houseNumber: values.one("huisnummer"))
        case "persoon":
            let birth = values.one("geboortedatum")
            return .person(name: values.one("naam"), birthDate: birth.isEmpty ? nil : FormDates.day(birth))
        default: return .company(kvk: values.one("kvk"))
        }
    }

    /// The answer to a subject-access request (art. 15 AVG) as DOCX, from every register the
    /// account owns; the identity is posted, and each record's disclosure to the person is logged.
    func subjectAccess(_ req: Request) async throws -> Response {
        let values = try FormValues(req)
        if values.one("soort") == "persoon", values.one("naam").trimmingCharacters(in: .whitespaces).isEmpty {
            throw Abort(.unprocessableEntity, reason: "Vul de naam van de persoon in die om inzage vraagt. Er is niets opgezocht.")
        }
        let identity = Self.identity(values)
        let account = try req.account
        let report = try await refusing { try await service(req).subjectAccess(identity, context: try context(req)) }
        let municipality = try await tenantName(req, account)
        let data = try SubjectAccessDocument.docx(report, municipality: municipality)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.wordprocessingml.document")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"inzageverzoek-\(dayText(report.madeOn)).docx\"")
        return response
    }

    // MARK: Signals

    func newSignal(_ req: Request) async throws -> Response {
        let (register, _) = try await workable(req)
        return html(SignalFormPage(register: register).render())
    }

    func takeIn(_ req: Request) async throws -> Response {
        let (register, context) = try await workable(req)
        let input = RegisterFormInput(try FormValues(req).byName)
        switch SignalForm.signal(input) {
        case .failure(let refusal):
            let problems = refusal.problems
            return html(SignalFormPage(register: register, input: input, problems: problems).render(), status: .unprocessableEntity)
        case .success(let signal):
            do {
                let stored = try await service(req).takeIn(signal, register: register.id, context: context)
                return req.redirect(to: RegisterURL.signal(register: register.id, record: stored.id).path + "?vastgelegd=1", redirectType: .normal)
            } catch RegisterError.invalid(let problems) {
                return html(SignalFormPage(register: register, input: input, problems: problems).render(), status: .unprocessableEntity)
            } catch let error as RegisterError {
                throw abort(error)
            }
        }
    }

    func signal(_ req: Request) async throws -> Response {
        try await signalPage(req, reason: nil, notice: noticeText(req))
    }

    func breakGlassSignal(_ req: Request) async throws -> Response {
        try await signalPage(req, reason: try FormValues(req).one("reden"), notice: nil)
    }

    /// The signal for a member; for a handler outside the case first the question for a reason.
    func signalPage(_ req: Request, reason: String?, notice: String?, problems: [RegisterProblem] = [], status: HTTPStatus = .ok) async throws -> Response {
        let registerID = try uuid(req, "register"), recordID = try uuid(req, "record")
        let service = service(req), context = try context(req)
        return try await refusing {
            do {
                let opened = try await service.openSignalPage(recordID, register: registerID, context: context, breakGlassReason: reason)
                let organisations = try await req.accounts.organisations().filter { opened.organisations.contains($0.key) }.map { ($0.key, $0.name) }
                return html(SignalPage(register: opened.register, signal: opened.content, access: opened.access, shares: opened.shares,
                                       organisations: organisations, notice: notice, problems: problems, breakGlass: opened.access == .breakGlass,
                                       keeping: opened.keeping).render(), status: status)
            } catch RegisterError.breakGlassReasonMissing {
                let (register, _, _) = try await service.membership(register: registerID, context: context)
                let reference = try await service.reference(of: recordID, register: registerID, context: context)
                return html(BreakGlassPage(register: register, action: RegisterURL.breakGlass(register: registerID, record: recordID).path, reference: reference,
                                           problem: reason == nil ? nil : RegisterError.breakGlassReasonMissing.description).render(),
                            status: reason == nil ? .ok : .unprocessableEntity)
            }
        }
    }

    func changeStatus(_ req: Request) async throws -> Response {
        let registerID = try uuid(req, "register"), recordID = try uuid(req, "record")
        let values = try FormValues(req)
        let service = service(req), context = try context(req)
        return try await refusing {
            guard let status = SignalStatus(rawValue: values.one("status")), let version = Int(values.one("versie")) else {
                // Someone without access hears "not found" first, not what was wrong with the form.
                _ = try await service.reference(of: recordID, register: registerID, context: context)
                throw Abort(.badRequest, reason: "Kies een status uit de lijst. Er is niets gewijzigd.")
            }
            try await service.changeStatus(of: recordID, register: registerID, to: status, context: context, expectingVersion: version)
            return req.redirect(to: RegisterURL.signal(register: registerID, record: recordID).path + "?gewijzigd=1", redirectType: .normal)
        }
    }

    func share(_ req: Request) async throws -> Response {
        let registerID = try uuid(req, "register"), recordID = try uuid(req, "record")
        let values = try FormValues(req)
        let service = service(req), context = try context(req)
        guard let organisation = Key(values.one("organisatie")) else {
            return try await signalPage(req, reason: nil, notice: nil,
                                        problems: [RegisterProblem(field: "Organisatie", message: "Kies de organisatie waarmee u de zaak deelt.")],
                                        status: .unprocessableEntity)
        }
        do {
            try await service.share(recordID, register: registerID, with: organisation, purpose: values.one("doel"), context: context)
        } catch RegisterError.invalid(let problems) {
            return try await signalPage(req, reason: nil, notice: nil, problems: problems, status: .unprocessableEntity)
        } catch RegisterError.shareOutsideRegister(let name) {
            return try await signalPage(req, reason: nil, notice: nil, problems: [RegisterProblem(field: "Organisatie",
                message: RegisterError.shareOutsideRegister(name).description)], status: .unprocessableEntity)
        } catch let error as RegisterError {
            throw abort(error)
        }
        return req.redirect(to: RegisterURL.signal(register: registerID, record: recordID).path + "?gedeeld=1", redirectType: .normal)
    }

    // MARK: The case table

    func newMeeting(_ req: Request) async throws -> Response {
        let (register, context) = try await workable(req)
        let lines = try await refusing { try await service(req).signalLines(register: register.id, context: context) }
        return html(MeetingFormPage(register: register, candidates: lines.filter { $0.access == .write }).render())
    }

    func planMeeting(_ req: Request) async throws -> Response {
        let (register, context) = try await workable(req)
        let service = service(req)
        let input = RegisterFormInput(try FormValues(req).byName)
        func refuse(_ problems: [RegisterProblem]) async throws -> Response {
            let lines = try await service.signalLines(register: register.id, context: context)
            return html(MeetingFormPage(register: register, candidates: lines.filter { $0.access == .write }, input: input, problems: problems).render(),
                        status: .unprocessableEntity)
        }
        switch MeetingForm.meeting(input) {
        case .failure(let refusal): return try await refuse(refusal.problems)
        case .success(let meeting):
            do {
                let planned = try await service.planMeeting(meeting, register: register.id, context: context)
                return req.redirect(to: RegisterURL.meeting(register: register.id, meeting: planned.id).path + "?gepland=1", redirectType: .normal)
            } catch RegisterError.invalid(let problems) {
                return try await refuse(problems)
            } catch let error as RegisterError {
                throw abort(error)
            }
        }
    }

    func meeting(_ req: Request) async throws -> Response {
        try await meetingPage(req, notice: noticeText(req))
    }

    func meetingPage(_ req: Request, input: RegisterFormInput = RegisterFormInput(), problems: [RegisterProblem] = [], notice: String? = nil,
                     status: HTTPStatus = .ok) async throws -> Response {
        let registerID = try uuid(req, "register"), meetingID = try uuid(req, "meeting")
        let service = service(req), context = try context(req)
        return try await refusing {
            let (register, access, _) = try await service.membership(register: registerID, context: context)
            let meeting = try await service.openMeeting(meetingID, register: registerID, context: context)
            let lines = try await service.signalLines(meeting.agenda, register: registerID, context: context)
            let names = try await accountNames(req)
            let members = access.members.keys.map { ($0, names[$0] ?? "onbekend account") }.sorted { $0.1 < $1.1 }
            return html(MeetingPage(register: register, meeting: meeting, agenda: lines, members: members, input: input, problems: problems,
                                    notice: notice).render(), status: status)
        }
    }

    func conclude(_ req: Request) async throws -> Response {
        let registerID = try uuid(req, "register"), meetingID = try uuid(req, "meeting")
        let service = service(req), context = try context(req)
        let input = RegisterFormInput(try FormValues(req).byName)
        let meeting = try await refusing { try await service.openMeeting(meetingID, register: registerID, context: context) }
        guard !meeting.closed else { throw Abort(.conflict, reason: "Deze casustafel is al afgerond; de besluiten staan vast. Er is niets gewijzigd.") }
        switch MeetingForm.conclusion(input, meeting: meeting) {
        case .failure(let refusal):
            return try await meetingPage(req, input: input, problems: refusal.problems, status: .unprocessableEntity)
        case .success(let concluded):
            do {
                try await service.conclude(concluded, register: registerID, context: context)
            } catch RegisterError.invalid(let problems) {
                return try await meetingPage(req, input: input, problems: problems, status: .unprocessableEntity)
            } catch let error as RegisterError {
                throw abort(error)
            }
            return req.redirect(to: RegisterURL.meeting(register: registerID, meeting: meetingID).path + "?afgerond=1", redirectType: .normal)
        }
    }

    // MARK: Incidents

    func newIncident(_ req: Request) async throws -> Response {
        let (register, _) = try await workable(req)
        return html(IncidentFormPage(register: register).render())
    }

    func recordIncident(_ req: Request) async throws -> Response {
        let (register, context) = try await workable(req)
        let input = RegisterFormInput(try FormValues(req).byName)
        switch IncidentForm.incident(input) {
        case .failure(let refusal):
            let problems = refusal.problems
            return html(IncidentFormPage(register: register, input: input, problems: problems).render(), status: .unprocessableEntity)
        case .success(let incident):
            do {
                let stored = try await service(req).record(incident, register: register.id, context: context)
                return req.redirect(to: RegisterURL.incident(register: register.id, record: stored.id).path + "?vastgelegd=1", redirectType: .normal)
            } catch RegisterError.invalid(let problems) {
                return html(IncidentFormPage(register: register, input: input, problems: problems).render(), status: .unprocessableEntity)
            } catch let error as RegisterError {
                throw abort(error)
            }
        }
    }

    func incident(_ req: Request) async throws -> Response {
        try await incidentPage(req, reason: nil, notice: noticeText(req))
    }

    func breakGlassIncident(_ req: Request) async throws -> Response {
        try await incidentPage(req, reason: try FormValues(req).one("reden"))
    }

    func incidentPage(_ req: Request, reason: String?, notice: String? = nil, problems: [RegisterProblem] = [], status: HTTPStatus = .ok) async throws -> Response {
        let registerID = try uuid(req, "register"), recordID = try uuid(req, "record")
        let service = service(req), context = try context(req)
        return try await refusing {
            do {
                let opened = try await service.openIncidentPage(recordID, register: registerID, context: context, breakGlassReason: reason)
                return html(IncidentPage(register: opened.register, incident: opened.content, notice: notice, breakGlass: opened.access == .breakGlass,
                                         problems: problems, keeping: opened.keeping).render(), status: status)
            } catch RegisterError.breakGlassReasonMissing {
                let (register, _, _) = try await service.membership(register: registerID, context: context)
                let reference = try await service.reference(of: recordID, register: registerID, context: context)
                return html(BreakGlassPage(register: register, action: RegisterURL.incidentBreakGlass(register: registerID, record: recordID).path,
                                           reference: reference, problem: reason == nil ? nil : RegisterError.breakGlassReasonMissing.description).render(),
                            status: reason == nil ? .ok : .unprocessableEntity)
            }
        }
    }

    // MARK: Keeping a record (the register's owner)

    /// Sets (`actie=vastleggen`, with `reden`) or lifts (`actie=opheffen`) a record's legal hold.
    func setLegalHold(_ req: Request, signal isSignal: Bool) async throws -> Response {
        let values = try FormValues(req)
        let lift = values.one("actie") == "opheffen"
        return try await keepingStep(req, signal: isSignal, notice: lift ? "bewaarplicht-opgeheven" : "bewaarplicht") { service, record, register, context in
            try await service.setLegalHold(record: record, register: register, reason: lift ? nil : values.one("bewaarplicht-reden"), context: context)
        }
    }

    func restrictSubjectAccess(_ req: Request, signal isSignal: Bool) async throws -> Response {
        let values = try FormValues(req)
        return try await keepingStep(req, signal: isSignal, notice: "beperkt") { service, record, register, context in
            try await service.restrictSubjectAccess(record: record, register: register, reason: values.one("beperking-reden"), context: context)
        }
    }

    /// Runs one of the owner's keeping steps on the record in the address, then shows the
    /// record's page again: with the notice, or with the problem at its field.
    func keepingStep(_ req: Request, signal isSignal: Bool, notice: String,
                     _ step: (RegisterService, UUID, UUID, RegisterService.Context) async throws -> Void) async throws -> Response {
        let registerID = try uuid(req, "register"), recordID = try uuid(req, "record")
        let page: RegisterURL = isSignal ? .signal(register: registerID, record: recordID) : .incident(register: registerID, record: recordID)
        do {
            try await step(service(req), recordID, registerID, try context(req))
        } catch RegisterError.invalid(let problems) {
            return isSignal ? try await signalPage(req, reason: nil, notice: nil, problems: problems, status: .unprocessableEntity)
                : try await incidentPage(req, reason: nil, problems: problems, status: .unprocessableEntity)
        } catch let error as RegisterError {
            throw abort(error)
        }
        return req.redirect(to: page.path + "?\(notice)=1#bewaren", redirectType: .normal)
    }

    // MARK: The record of processing activities (beheerder)

    func processingRecord(_ req: Request) async throws -> Response {
        let registers = try await refusing { try await service(req).processingRecord(context: try context(req)) }
        return html(ProcessingRecordPage(registers: registers).render())
    }

    func processingRecordCSV(_ req: Request) async throws -> Response {
        let registers = try await refusing { try await service(req).processingRecord(context: try context(req)) }
        let response = Response(status: .ok, body: .init(string: ProcessingRecord.csv(registers)))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"verwerkingsregister.csv\"")
        return response
    }

    // MARK: Helpers

    func service(_ req: Request) -> RegisterService { req.application.registers }

    func context(_ req: Request) throws -> RegisterService.Context {
        let account = try req.account
        return RegisterService.Context(actor: RegisterActor(account), actorName: account.displayName)
    }

    func uuid(_ req: Request, _ name: String) throws -> UUID {
        guard let id = req.parameters.get(name).flatMap(UUID.init(uuidString:)) else {
            throw Abort(.notFound, reason: RegisterError.notFound.description)
        }
        return id
    }

    /// A register in which the account may take in records, with its context.
    func workable(_ req: Request) async throws -> (RegisterDefinition, RegisterService.Context) {
        let id = try uuid(req, "register")
        let context = try context(req)
        let (register, _, role) = try await refusing { try await service(req).membership(register: id, context: context) }
        guard role >= .handler, context.actor.tenant.municipality == register.municipality else {
            throw Abort(.forbidden, reason: "U bent lezer van dit register: u kunt er niets in vastleggen.")
        }
        return (register, context)
    }

    /// The display names of the accounts of the signed-in account's municipality and of the
    /// partner organisations, for member lists and break-glass reports.
    func accountNames(_ req: Request) async throws -> [UUID: String] {
        let account = try req.account
        var names: [UUID: String] = [:]
        for other in try await req.accounts.accounts(of: account.tenant) { names[other.id] = other.displayName }
        for organisation in try await req.accounts.organisations() {
            for other in try await req.accounts.accounts(of: .organisation(organisation.key)) { names[other.id] = "\(other.displayName) (\(organisation.name))" }
        }
        return names
    }

    /// A page number from the address; nil when absent or not a number (then the first page).
    func pageNumber(_ req: Request, _ name: String) -> Int? {
        req.queryValue(name).flatMap { Int($0) }
    }

    func noticeText(_ req: Request) -> String? {
        if req.queryValue("vastgelegd") != nil { return "Vastgelegd." }
        if req.queryValue("gewijzigd") != nil { return "De wijziging is opgeslagen." }
        if req.queryValue("gedeeld") != nil { return "De zaak is gedeeld; dat is vastgelegd." }
        if req.queryValue("gepland") != nil { return "De casustafel is gepland en de signalen staan op de agenda." }
        if req.queryValue("afgerond") != nil { return "De besluiten zijn vastgelegd; de signalen hebben hun nieuwe status." }
        if req.queryValue("bewaarplicht") != nil { return "De bewaarplicht is vastgelegd. De opschoning laat deze registratie staan zolang zij geldt." }
        if req.queryValue("bewaarplicht-opgeheven") != nil { return "De bewaarplicht is opgeheven." }
        if req.queryValue("beperkt") != nil { return "De beperking van inzage is vastgelegd, met haar reden." }
        return nil
    }

    /// Runs `body`, turning the register's refusals into Dutch error pages.
    func refusing<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as RegisterError {
            throw abort(error)
        }
    }

    func abort(_ error: RegisterError) -> Abort {
        switch error {
        case .notFound: Abort(.notFound, reason: error.description)
        case .notAllowed: Abort(.forbidden, reason: error.description)
        case .changedMeanwhile: Abort(.conflict, reason: error.description)
        case .definitionIncomplete: Abort(.conflict, reason: error.description)
        case .invalid, .shareOutsideRegister, .breakGlassReasonMissing: Abort(.unprocessableEntity, reason: error.description)
        case .sealing: Abort(.internalServerError, reason: "")
        }
    }
}
