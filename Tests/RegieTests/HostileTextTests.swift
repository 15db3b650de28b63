import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import RegieCore
import RegieHTML
import RegieReports
import Testing
import VaporTesting

extension DatabaseTests {
    /// Hostile text in every field a user can type, then every kind of page rendered and parsed:
    /// no user text may ever become an element or an attribute.
    @Suite("Hostile text on every page")
    struct HostileTextTests {
        /// Breaks out of an attribute value and out of text, and tries the tricks the outside test
        /// used: a refresh to another site, a button posting elsewhere, a script, a comment.
        static let payload = #"x"><meta http-equiv="refresh" content="0;url=https://kwaad.example/"><button formaction="/uitloggen">Klik</button>' onmouseover='alert(1)'<script>alert(2)</script><!-- &amp; &#x3c;"#

        /// Every part's every text field gets the payload, through the editor's own field writes
        /// (those that refuse it, such as years and codes, keep their value).
        static func filled(_ plan: Plan) -> Plan {
            var plan = plan
            for path in partPaths(PlanEditor(plan: plan, organisations: [])) {
                guard let part = PlanEditor(plan: plan, organisations: []).part(at: path) else { continue }
                for field in part.fields {
                    switch field.input {
                    case .line, .text, .lines:
                        var attempt = plan
                        if field.apply([payload], to: &attempt) == nil { plan = attempt }
                    default:
                        continue
                    }
                }
            }
            // What comes from the plan file rather than the editor: owner names, decisions.
            switch plan.owner {
            case .municipality(var municipality):
                municipality.name = payload
                plan.owner = .municipality(municipality)
            case .collaboration(var collaboration):
                collaboration.name = payload
                collaboration.kind = payload
                collaboration.members = collaboration.members.map { var m = $0; m.name = payload; return m }
                plan.owner = .collaboration(collaboration)
            }
            plan.adoptions = plan.adoptions.map { var a = $0; a.body = payload; a.decisionNumber = payload; return a }
            return plan
        }

        /// The paths of every part the editor reaches, the plan itself first.
        static func partPaths(_ editor: PlanEditor) -> [[String]] {
            var result: [[String]] = []
            var queue: [[String]] = [[]]
            while !queue.isEmpty {
                let path = queue.removeFirst()
                guard let part = editor.part(at: path) else { continue }
                result.append(path)
                for list in part.lists {
                    for item in list.items { queue.append(path + [list.segment, item.id]) }
                }
            }
            return result
        }

        @Test("Every page type with hostile text in every field: well-formed, and no user text becomes markup")
        func everyPageType() async throws {
            try await withTestApp { app in
                // A single municipality's adopted plan, the police leading one action.
                var adopted = try example("stadskanaal-2020-2024.yaml")
                adopted.modifyTheme(Key("burenproblematiek")!) { theme in
                    theme.actions.append(Action(key: Key("politie-actie")!, description: "Politie pakt burenruzies op", owner: Key("politie")!))
                }
                adopted = Self.filled(adopted)
                // Its draft twin, for the editor's pages, and a collaboration's draft with local chapters.
                var draft = adopted
                draft.key = Key("vijandig-concept")!
                draft.status = .draft
                draft.adoptions = []
                var collaboration = Self.filled(try example("basisteam-meierij-2023-2026.yaml"))
                collaboration.status = .draft
                collaboration.adoptions = []
                _ = try await app.plans.save([adopted, draft, collaboration])

                let stadskanaal = MunicipalityCode("GM0037")!
                let officer = try await app.signIn("beleid.a", .municipality(stadskanaal), [.policyOfficer])
                let partner = try await app.signIn("politie.a", .organisation(Key("politie-noord-nederland")!), [.partner])
                let reader = try await app.signIn("raad.a", .municipality(stadskanaal), [.reader])
                let admin = try await app.signIn("beheer.a", .municipality(stadskanaal), [.administrator])
                let member = collaboration.owner.municipalities[0].code
                let memberOfficer = try await app.signIn("beleid.m", .municipality(member), [.policyOfficer])
                // Hostile text in a partner organisation's name, in the trail and in an account's name.
                try await app.accounts.save(Organisation(key: Key("politie-noord-nederland")!, name: Self.payload, type: .police))
                _ = try await app.createAccount("vijandig.account", .municipality(stadskanaal), [.reader])
                try await app.accounts.record(AuditEntry(actor: nil, actorName: Self.payload, municipalities: [stadskanaal],
                                                         action: .accountCreated, object: Self.payload,
                                                         before: [AuditValue(Self.payload, Self.payload)], after: [AuditValue("Naam", Self.payload)]))

                var pages: [(String, TestUser?)] = []
                func reading(_ plan: Plan, _ user: TestUser) {
                    let key = plan.key.rawValue
                    pages += ["/plannen/\(key)", "/plannen/\(key)/samenvatting", "/plannen/\(key)/partners",
                              "/plannen/\(key)/versies", "/plannen/\(key)/veiligheidsanalyse"].map { ($0, user) }
                    pages += plan.allThemes.map { ("/plannen/\(key)/themas/\($0.key)", user) }
                    pages += plan.owner.municipalities.map { ("/plannen/\(key)/gemeenten/\($0.code)", user) }
                }
                func editing(_ plan: Plan, _ user: TestUser) {
                    let key = plan.key.rawValue
                    pages.append(("/plannen/\(key)/status", user))
                    for path in Self.partPaths(PlanEditor(plan: plan, organisations: [])) {
                        let base = (["/plannen", key, "bewerken"] + path).joined(separator: "/")
                        pages.append((base, user))
                        if !path.isEmpty { pages.append((base + "/verwijderen", user)) }
                    }
                }
                reading(adopted, officer)
                reading(adopted, reader)
                reading(draft, officer)
                editing(draft, officer)
                reading(collaboration, memberOfficer)
                editing(collaboration, memberOfficer)
                pages += [("/", officer), ("/", reader), ("/", partner), ("/gemeenten/GM0037", officer),
                          ("/gemeenten/GM0037/veiligheidsanalyse", officer),
                          ("/plannen/\(adopted.key)", partner), ("/plannen/\(adopted.key)/themas/burenproblematiek", partner),
                          ("/plannen/\(adopted.key)/acties/politie-actie/voortgang", partner),
                          ("/plannen/nieuw", officer), ("/account", officer), ("/account/tweestapsverificatie", officer),
                          ("/beheer/accounts", admin), ("/beheer/logboek", admin)]
                if case .collaboration(let c) = collaboration.owner {
                    pages += [("/samenwerkingsverbanden/\(c.key)", memberOfficer), ("/samenwerkingsverbanden/\(c.key)/veiligheidsanalyse", memberOfficer)]
                }
                let encoded = Self.payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                pages += [("/inloggen?terug=\(encoded)", nil), ("/inloggen?terug=/\(encoded)", nil),
                          ("/plannen/\(encoded)", officer), ("/plannen/\(adopted.key)/themas/\(encoded)", officer)]

                var checked = 0
                for (path, user) in pages {
                    try await app.testing().test(.GET, path, headers: user?.headers ?? [:]) { res in
                        // 403 where the account may read but not change (another member's chapter).
                        #expect([200, 403, 404].contains(res.status.code), "\(path): \(res.status)")
                        Self.check(res.body.string, path: path)
                        checked += 1
                    }
                }
                // A form sent back with errors shows what was typed in the fields' values.
                let editPath = "/plannen/\(draft.key)/bewerken"
                try await app.testing().test(.POST, editPath, headers: officer.formHeaders,
                                             body: form(officer, [("vorige", "oud"), ("titel", Self.payload), ("ondertitel", Self.payload)])) { res in
                    #expect(res.status == .conflict)
                    #expect(res.body.string.contains("value=\"" + HTMLEscaping.escaped(Self.payload) + "\""), "the typed title is back in its field")
                    Self.check(res.body.string, path: "POST " + editPath)
                }
                #expect(checked == pages.count)
                #expect(checked > 150, "all page types: \(checked) pages")
            }
        }

        /// The payload never appears unescaped, and the page parses as XML with only the elements
        /// and attributes Regie writes.
        static func check(_ html: String, path: String) {
            #expect(!html.contains(payload), "\(path): payload unescaped")
            for needle in ["\"><meta", "<meta http-equiv", "<button formaction", "<script", "<!--"] {
                #expect(!html.contains(needle), "\(path): \(needle)")
            }
            let structure = PageStructure(html)
            #expect(structure.error == nil, "\(path): not well-formed: \(structure.error ?? "")")
            #expect(structure.count("meta") == 2, "\(path): only the charset and viewport meta elements")
            #expect(structure.count("script") == 0, "\(path)")
            #expect(structure.count("iframe") == 0, "\(path)")
            for attribute in ["http-equiv", "formaction", "onmouseover", "onclick", "onload", "srcdoc"] {
                #expect(!structure.attributes.contains(attribute), "\(path): attribute \(attribute)")
            }
        }
    }
}

/// The elements and attribute names of a page, parsed as XML (Regie writes well-formed pages).
final class PageStructure: NSObject, XMLParserDelegate {
    private(set) var elements: [String: Int] = [:]
    private(set) var attributes: Set<String> = []
    private(set) var error: String?

    init(_ html: String) {
        super.init()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = self
        if !parser.parse() { error = parser.parserError.map { "\($0) at line \(parser.lineNumber), column \(parser.columnNumber)" } ?? "unknown" }
    }

    func count(_ name: String) -> Int { elements[name] ?? 0 }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes attributeDict: [String: String] = [:]) {
        elements[elementName.lowercased(), default: 0] += 1
        attributes.formUnion(attributeDict.keys.map { $0.lowercased() })
    }
}
