import Foundation
import RegieCore
import RegieRegisterPages
import RegieRegisters
import RegieWeb
import Testing
import VaporTesting
import ZIPFoundation

extension DatabaseTests {
    /// The registers' pages over HTTP: who sees what, break-glass, the lookup, bad forms, the
    /// beheerder's art. 30 record, and no caching of anything with personal data.
    @Suite("Register pages")
    struct RegisterPageTests {
        struct Accounts {
            var owner, handler, officer, administrator, police: TestUser
        }

        static func setUp(_ app: Application) async throws -> (Accounts, RegisterDefinition, Signal) {
            let code = MunicipalityCode("GM0037")!
            let accounts = Accounts(
                owner: try await app.signIn("eigenaar.test", .municipality(code), [.policyOfficer]),
                handler: try await app.signIn("behandelaar.test", .municipality(code), [.policyOfficer]),
                officer: try await app.signIn("beleid.test", .municipality(code), [.policyOfficer]),
                administrator: try await app.signIn("beheerder.test", .municipality(code), [.administrator]),
                police: try await app.signIn("politie.test", .organisation(Key("politie-noord")!), [.partner]))
            let administrator = RegisterService.Context(actor: RegisterActor(accounts.administrator.account), actorName: "Beheerder")
            let register = testRegister()
            try await app.registers.saveRegister(register, context: administrator)
            try await app.registers.saveAccess(RegisterAccessList(members: [accounts.owner.account.id: .owner, accounts.handler.account.id: .handler,
                                                                            accounts.police.account.id: .reader],
                                                                  organisations: [Key("politie-noord")!]),
                                               register: register.id, context: administrator)
            let owner = RegisterService.Context(actor: RegisterActor(accounts.owner.account), actorName: "Eigenaar")
            let signal = try await app.registers.takeIn(RegisterStorageTests.exampleSignal(), register: register.id, context: owner)
            return (accounts, register, signal)
        }

        func get(_ app: Application, _ user: TestUser, _ path: String) async throws -> (HTTPStatus, String, HTTPHeaders) {
            var result: (HTTPStatus, String, HTTPHeaders) = (.ok, "", [:])
            try await app.testing().test(.GET, path, headers: user.headers) { res in result = (res.status, res.body.string, res.headers) }
            return result
        }

        @Test("An officer outside the register sees nothing of it; a handler outside the case opens it only with a reason, which the owner reads")
        func accessAndBreakGlass() async throws {
            try await withTestApp { app in
                let (accounts, register, signal) = try await Self.setUp(app)
                let registerPath = RegisterURL.register(register.id).path
                let signalPath = RegisterURL.signal(register: register.id, record: signal.id).path

                let (listStatus, list, _) = try await get(app, accounts.officer, RegisterURL.registers.path)
                #expect(listStatus == .ok)
                #expect(list.contains("U bent van geen enkel register lid"))
                #expect(!list.contains(register.name))
                for path in [registerPath, signalPath, RegisterURL.newSignal(register.id).path] {
                    let (status, body, _) = try await get(app, accounts.officer, path)
                    #expect(status == .notFound, "\(path)")
                    #expect(!body.contains(signal.reference) && !body.contains("Voorbeeldman"))
                }
                // The lookup answers "not found" to an outsider, whatever is in the register.
                let (searchStatus, searchBody, _) = try await post(app, accounts.officer, RegisterURL.search(register.id).path, [("soort", "bedrijf"), ("kvk", "99887766")])
                #expect(searchStatus == .notFound)
                #expect(!searchBody.contains(signal.reference))

                // The owner sees the case; nothing of it may be cached.
                let (ownerStatus, ownerPage, headers) = try await get(app, accounts.owner, signalPath)
                #expect(ownerStatus == .ok)
                #expect(ownerPage.contains("Pieter Voorbeeldman") && ownerPage.contains("99887766"))
                #expect(headers.first(name: .cacheControl) == "no-store")

                // The handler is not a member of this case: first the question, without personal data.
                let (askStatus, ask, _) = try await get(app, accounts.handler, signalPath)
                #expect(askStatus == .ok)
                #expect(ask.contains("Zaak \(signal.reference) openen"))
                #expect(!ask.contains("Voorbeeldman") && !ask.contains("Fictieweg"))
                let (shortStatus, short, _) = try await post(app, accounts.handler, RegisterURL.breakGlass(register: register.id, record: signal.id).path, [("reden", "spoed")])
                #expect(shortStatus == .unprocessableEntity)
                #expect(short.contains("minstens 10 tekens") && !short.contains("Voorbeeldman"))
                let reason = "Collega ziek, signaal met spoed nodig voor overleg met de politie"
                let (openStatus, opened, _) = try await post(app, accounts.handler, RegisterURL.breakGlass(register: register.id, record: signal.id).path, [("reden", reason)])
                #expect(openStatus == .ok)
                #expect(opened.contains("Pieter Voorbeeldman"))
                #expect(opened.contains("zonder lid te zijn"))
                #expect(!opened.contains("Status opslaan"), "break-glass opens for reading only")
                let (_, registerPage, _) = try await get(app, accounts.owner, registerPath)
                #expect(registerPage.contains("Doorbroken toegang") && registerPage.contains(reason) && registerPage.contains("Test behandelaar.test"))
                let (_, handlerRegister, _) = try await get(app, accounts.handler, registerPath)
                #expect(!handlerRegister.contains(reason), "only the owner reads the reports")

                // The police take part as readers: only what was shared with them.
                let (policeBefore, _, _) = try await get(app, accounts.police, signalPath)
                #expect(policeBefore == .notFound)
                let (shareStatus, _, shareLocation) = try await post(app, accounts.owner, RegisterURL.signalShare(register: register.id, record: signal.id).path,
                                                                     [("organisatie", "politie-noord"), ("doel", "Gezamenlijke controle van de loods")])
                #expect(shareStatus == .seeOther, "\(shareStatus)")
                #expect(shareLocation.hasSuffix("?gedeeld=1"))
                let (policeAfter, policePage, _) = try await get(app, accounts.police, signalPath)
                #expect(policeAfter == .ok)
                #expect(policePage.contains("Pieter Voorbeeldman") && !policePage.contains("Status opslaan"))
                let (outsideStatus, outside, _) = try await post(app, accounts.owner, RegisterURL.signalShare(register: register.id, record: signal.id).path,
                                                                 [("organisatie", "woningcorporatie"), ("doel", "Controle woning")])
                #expect(outsideStatus == .unprocessableEntity)
                #expect(outside.contains("neemt niet deel aan dit register"))
            }
        }

        @Test("A refused intake keeps what was typed and stores nothing; the lookup is posted and finds the case")
        func intakeAndLookup() async throws {
            try await withTestApp { app in
                let (accounts, register, signal) = try await Self.setUp(app)
                let context = RegisterService.Context(actor: RegisterActor(accounts.owner.account), actorName: "Eigenaar")
                let before = try await app.registers.signalLines(register: register.id, context: context).count
                let (status, body, _) = try await post(app, accounts.handler, RegisterURL.signals(register.id).path, [
                    ("ontvangen", "2026-13-40"), ("bron", "partner"), ("urgentie", "hoog"), ("ernst", "laag"),
                    ("betrokkene-1-soort", "adres"), ("betrokkene-1-straat", "Proefstraat"), ("betrokkene-1-huisnummer", "3"), ("betrokkene-1-postcode", "95O1AB"),
                ])
                #expect(status == .unprocessableEntity)
                for message in ["Vul een datum in", "Kies ten minste één fenomeen", "Beschrijf kort wat er is gesignaleerd", "Een postcode is vier cijfers en twee letters"] {
                    #expect(body.contains(message), "\(message)")
                }
                #expect(body.contains("value=\"Proefstraat\""), "what was typed is kept")
                #expect(try await app.registers.signalLines(register: register.id, context: context).count == before)

                let (created, _, location) = try await post(app, accounts.handler, RegisterURL.signals(register.id).path, [
                    ("ontvangen", "2026-11-30"), ("bron", "anonieme-tip"), ("fenomeen", "drugs"), ("urgentie", "middel"), ("ernst", "middel"),
                    ("omschrijving", "Verzonnen testsignaal over een loods"), ("betrokkene-1-soort", "bedrijf"), ("betrokkene-1-naam", "Proef Opslag BV"),
                    ("betrokkene-1-kvk", "11223344"),
                ])
                #expect(created == .seeOther)
                #expect(location.hasPrefix(RegisterURL.signals(register.id).path + "/") && !location.contains("Proef"))
                let (found, foundPage, _) = try await post(app, accounts.handler, RegisterURL.search(register.id).path, [("soort", "bedrijf"), ("kvk", "9988 7766")])
                #expect(found == .ok)
                #expect(foundPage.contains("Bekend in: \(signal.reference)"))
                let (_, unknown, _) = try await post(app, accounts.handler, RegisterURL.search(register.id).path, [("soort", "adres"), ("postcode", "1234 AB"), ("huisnummer", "1")])
                #expect(unknown.contains("Niet bekend in dit register."))
            }
        }

        @Test("The beheerder reads and downloads the art. 30 record and nothing in the registers; others get no access")
        func processingRecord() async throws {
            try await withTestApp { app in
                let (accounts, register, signal) = try await Self.setUp(app)
                let (status, page, _) = try await get(app, accounts.administrator, RegisterURL.processingRecord.path)
                #expect(status == .ok)
                #expect(page.contains(register.name) && page.contains("art. 33 UAVG") && page.contains("DPIA-2026-04"))
                var csv = ""
                try await app.testing().test(.GET, RegisterURL.processingRecordCSV.path, headers: accounts.administrator.headers) { res in
                    #expect(res.status == .ok)
                    #expect(res.headers.first(name: .contentDisposition)?.contains("verwerkingsregister.csv") == true)
                    csv = res.body.string
                }
                #expect(csv.hasPrefix("\u{FEFF}Register;Verwerkingsactiviteit;"))
                #expect(csv.contains(register.processingActivity))
                let (recordStatus, _, _) = try await get(app, accounts.administrator, RegisterURL.signal(register: register.id, record: signal.id).path)
                #expect(recordStatus == .notFound, "a beheerder configures registers but reads no records")
                let (officerStatus, _, _) = try await get(app, accounts.officer, RegisterURL.processingRecord.path)
                #expect(officerStatus == .forbidden)
            }
        }

        @Test("The owner's subject-access answer is a DOCX listing every record and disclosure, without the reporter; others may not make one")
        func subjectAccessDocument() async throws {
            try await withTestApp { app in
                let (accounts, register, signal) = try await Self.setUp(app)
                let owner = RegisterService.Context(actor: RegisterActor(accounts.owner.account), actorName: "Eigenaar")
                try await app.registers.share(signal.id, register: register.id, with: Key("politie-noord")!, purpose: "Gezamenlijke controle van de loods", context: owner)
                var data = Data()
                var headers = HTTPHeaders()
                try await app.testing().test(.POST, RegisterURL.subjectAccess.path, headers: accounts.owner.formHeaders,
                                             body: form(accounts.owner, [("soort", "persoon"), ("naam", "pieter  voorbeeldman")])) { res in
                    #expect(res.status == .ok)
                    headers = res.headers
                    data = Data(buffer: res.body)
                }
                #expect(headers.first(name: .contentDisposition)?.contains("inzageverzoek-") == true)
                #expect(headers.first(name: .contentDisposition)?.contains("Voorbeeldman") == false, "no name in the file name")
                let text = try #require(unzipped(data)["word/document.xml"])
                for expected in ["Overzicht bij uw inzageverzoek", "registratie \(signal.reference)", "persoon: Pieter Voorbeeldman",
                                 "aan politie-noord op", "Gezamenlijke controle van de loods", "Autoriteit Persoonsgegevens"] {
                    #expect(text.contains(expected), "\(expected)")
                }
                #expect(!text.contains("wijkagent"), "a reporter is never named")
                #expect(!text.contains("Verzonnen Handel"), "another subject of the same record is not this person's data")
                #expect(try unzipped(data)["docProps/custom.xml"]?.contains("vertrouwelijk") == true)

                let (status, body, _) = try await post(app, accounts.handler, RegisterURL.subjectAccess.path, [("soort", "persoon"), ("naam", "Pieter Voorbeeldman")])
                #expect(status == .forbidden)
                #expect(!body.contains(signal.reference))
                let (empty, message, _) = try await post(app, accounts.owner, RegisterURL.subjectAccess.path, [("soort", "persoon"), ("naam", " ")])
                #expect(empty == .unprocessableEntity)
                #expect(message.contains("Vul de naam van de persoon in"))
            }
        }

        @Test("A long register shows fifty signals a page, with links to the others, and an address only with the page number")
        func paging() async throws {
            try await withTestApp { app in
                let (accounts, register, _) = try await Self.setUp(app)
                let owner = RegisterService.Context(actor: RegisterActor(accounts.owner.account), actorName: "Eigenaar")
                for _ in 0..<60 { _ = try await app.registers.takeIn(RegisterStorageTests.exampleSignal(), register: register.id, context: owner) }
                let path = RegisterURL.register(register.id).path
                func cases(_ page: String) -> Int { page.components(separatedBy: "/signalen/").count - 1 }
                let (_, first, _) = try await get(app, accounts.owner, path)
                #expect(first.contains("Open signalen 1 tot en met 50 van 61"))
                #expect(first.contains("Pagina 1 van 2") && first.contains("href=\"\(path)?pagina=2#open\"") && !first.contains("Vorige pagina"))
                #expect(cases(first) - cases(try await get(app, accounts.owner, path + "?pagina=2").1) == 39)
                let (_, second, _) = try await get(app, accounts.owner, path + "?pagina=2")
                #expect(second.contains("Open signalen 51 tot en met 61 van 61") && second.contains("Vorige pagina") && !second.contains("Volgende pagina"))
                // A page past the end, or no number, shows a page that exists.
                let (farStatus, far, _) = try await get(app, accounts.owner, path + "?pagina=99")
                #expect(farStatus == .ok && far.contains("Pagina 2 van 2"))
                let (_, word, _) = try await get(app, accounts.owner, path + "?pagina=twee")
                #expect(word.contains("Pagina 1 van 2"))
            }
        }

        @Test("Only the owner sets a legal hold or restricts subject access; a short reason is refused at its field and nothing changes")
        func keeping() async throws {
            try await withTestApp { app in
                let (accounts, register, signal) = try await Self.setUp(app)
                let page = RegisterURL.signal(register: register.id, record: signal.id)
                let hold = RegisterURL.legalHold(of: page).path, restriction = RegisterURL.restriction(of: page).path
                let (_, handlerPage, _) = try await get(app, accounts.handler, page.path)
                #expect(!handlerPage.contains("Bewaren en inzage"))
                let (handlerStatus, _, _) = try await post(app, accounts.handler, hold, [("actie", "vastleggen"), ("bewaarplicht-reden", "bezwaarprocedure loopt")])
                #expect(handlerStatus == .forbidden)
                let (officerStatus, officerBody, _) = try await post(app, accounts.officer, restriction, [("beperking-reden", "art. 41 lid 1 sub d UAVG")])
                #expect(officerStatus == .notFound && !officerBody.contains(signal.reference))
                let (shortStatus, short, _) = try await post(app, accounts.owner, hold, [("actie", "vastleggen"), ("bewaarplicht-reden", "kort")])
                #expect(shortStatus == .unprocessableEntity)
                #expect(short.contains("href=\"#veld-bewaarplicht-reden\"") && short.contains("Noem de grond van de bewaarplicht"))
                #expect(try await app.registers.keeping(of: signal.id, register: register.id, context: RegisterService.Context(actor: RegisterActor(accounts.owner.account),
                                                                                                                               actorName: "Eigenaar"))?.legalHold == nil)
                let (setStatus, _, setLocation) = try await post(app, accounts.owner, hold, [("actie", "vastleggen"), ("bewaarplicht-reden", "Bezwaarprocedure loopt nog")])
                #expect(setStatus == .seeOther && setLocation == page.path + "?bewaarplicht=1#bewaren")
                let (_, held, _) = try await get(app, accounts.owner, page.path + "?bewaarplicht=1")
                #expect(held.contains("De bewaarplicht is vastgelegd") && held.contains("Er geldt een bewaarplicht: Bezwaarprocedure loopt nog"))
                let (restrictStatus, _, _) = try await post(app, accounts.owner, restriction, [("beperking-reden", "Art. 41 lid 1 sub d UAVG: onderzoek loopt")])
                #expect(restrictStatus == .seeOther)
                let (_, restricted, _) = try await get(app, accounts.owner, page.path)
                #expect(restricted.contains("<li>Art. 41 lid 1 sub d UAVG: onderzoek loopt</li>"))
                let (liftStatus, _, _) = try await post(app, accounts.owner, hold, [("actie", "opheffen")])
                #expect(liftStatus == .seeOther)
                let (_, lifted, _) = try await get(app, accounts.owner, page.path)
                #expect(!lifted.contains("Er geldt een bewaarplicht"))
            }
        }
    }
}
