import AsyncKit
import Foundation
import Logging
import NIOCore
import RegieCore
import RegieHTML
import RegiePlanFile
import RegieReports
@testable import RegieWeb
import Testing
import VaporTesting

/// What an outside attack on the running server found (issue 10), one test per finding that
/// does not need a database.
@Suite("Attack findings without storage")
struct AttackUnitTests {
    @Test("Escaping: text and attribute values never end their context; entity-looking text stays text")
    func escaping() {
        let hostile = #"a"b'c<d>e&amp;f"#
        #expect(HTMLEscaping.escaped(hostile) == "a&quot;b&#39;c&lt;d&gt;e&amp;amp;f")
        let node = HTMLNode.a(.href(#"/x"><meta http-equiv="refresh">"#), .attribute(named: "aria-label", value: "'>"), .text("<b>"))
        #expect(node.render() == #"<a href="/x&quot;&gt;&lt;meta http-equiv=&quot;refresh&quot;&gt;" aria-label="&#39;&gt;">&lt;b&gt;</a>"#)
        // In element content quotes need no escaping; the brackets do.
        #expect(HTMLNode.p(.text(#"Zij zei: "kom" & 'ga'"#)).render() == #"<p>Zij zei: "kom" &amp; 'ga'</p>"#)
        // Non-ASCII text passes unchanged around the escapes.
        #expect(HTMLEscaping.escaped("één & twee – drie") == "één &amp; twee – drie")
    }

    @Test("Attributes: classes add up, a later value replaces an earlier one, empty ones are left out or written as empty")
    func attributes() {
        let node = HTMLNode.div(.class("a"), .id("x"), .class("b"), .id("y"), .attribute(named: "title", value: ""),
                                .group(.attribute(named: "data-n", value: "1"), .text("t")))
        #expect(node.render() == #"<div class="a b" id="y" data-n="1">t</div>"#)
        let input = HTMLNode.selfClosedElement(named: "input", nodes: [.attribute(named: "value", value: "", ignoreIfValueIsEmpty: false)])
        #expect(input.render() == #"<input value=""/>"#)
    }

    @Test("Form bodies parse in linear time, with a cap on the fields and Dutch refusals")
    func formParsing() throws {
        let values = try FormValuesProbe.parse("csrf=abc&titel=Veilig+wonen+%26+werken&rollen=a&rollen=b&leeg=&%C3%A9=%C3%A9")
        #expect(values["titel"] == ["Veilig wonen & werken"])
        #expect(values["rollen"] == ["a", "b"])
        #expect(values["leeg"] == [""])
        #expect(values["é"] == ["é"])

        // The outside test's worst case, and four times more: refused at the cap, at once.
        for repetitions in [25_000, 100_000] {
            let body = String(repeating: "x=1&", count: repetitions)
            let start = ContinuousClock.now
            #expect(throws: FormValuesProbe.Refusal.tooMany) { try FormValuesProbe.parse(body) }
            #expect(ContinuousClock.now - start < .seconds(1), "\(repetitions) repeated names")
        }
        // Just below the cap: parsed, and fast.
        let start = ContinuousClock.now
        let many = try FormValuesProbe.parse(String(repeating: "x=1&", count: 1_999))
        #expect(many["x"]?.count == 1_999)
        #expect(ContinuousClock.now - start < .seconds(1))

        #expect(throws: FormValuesProbe.Refusal.notText) { try FormValuesProbe.parse("titel=%FF%FE") }
        #expect(throws: FormValuesProbe.Refusal.escape) { try FormValuesProbe.parse("titel=50%") }
        #expect(throws: FormValuesProbe.Refusal.escape) { try FormValuesProbe.parse("titel=%G1") }
    }

    @Test("One-line texts refuse line breaks, NUL and direction overrides; longer texts allow line breaks only")
    func textRules() {
        #expect(TextRules.problem(in: "Veilig wonen", multiline: false) == nil)
        #expect(TextRules.problem(in: "Veilig\nwonen", multiline: false) == .lineBreak)
        #expect(TextRules.problem(in: "Veilig\u{0}wonen", multiline: false) == .invisible(0))
        #expect(TextRules.problem(in: "abc\u{202E}fed", multiline: true) == .invisible(0x202E))
        #expect(TextRules.problem(in: "regel 1\r\nregel 2\tmet tab", multiline: true) == nil)
        #expect(TextRules.problem(in: "escape \u{1B}[31m", multiline: true) == .invisible(0x1B))
    }
}

/// The web module's form parser, with its refusals as plain cases to compare.
enum FormValuesProbe {
    enum Refusal: Error, Equatable { case tooMany, escape, notText, other }

    struct Parsed {
        let values: FormValues
        subscript(_ name: String) -> [String]? { values.has(name) ? values.all(name) : nil }
    }

    static func parse(_ body: String) throws(Refusal) -> Parsed {
        do {
            return Parsed(values: try FormValues(parsing: Array(body.utf8)))
        } catch {
            switch error {
            case .tooManyFields: throw .tooMany
            case .invalidEscape: throw .escape
            case .notText: throw .notText
            case .notAForm: throw .other
            }
        }
    }
}

extension DatabaseTests {
    @Suite("Attack findings")
    struct AttackTests {
        static let stadskanaal = Tenant.municipality(MunicipalityCode("GM0037")!)

        @Test("An anonymous body of 100,000 repeated names is refused at once with a Dutch 413, and the server goes on")
        func worstCaseBody() async throws {
            try await withTestApp { app in
                var headers = HTTPHeaders()
                headers.contentType = .urlEncodedForm
                let start = ContinuousClock.now
                try await app.testing().test(.POST, "/inloggen", headers: headers,
                                             body: ByteBuffer(string: String(repeating: "x=1&", count: 100_000))) { res in
                    #expect(res.status == .payloadTooLarge)
                    #expect(res.body.string.contains("Het formulier bevat meer dan 2.000 velden"))
                }
                #expect(ContinuousClock.now - start < .seconds(2))
                // A body larger than any form: 413 too, before it is parsed.
                try await app.testing().test(.POST, "/inloggen", headers: headers,
                                             body: ByteBuffer(string: String(repeating: "a", count: 1_100_000))) { res in
                    #expect(res.status == .payloadTooLarge)
                }
                // What no form of Regie sends.
                var json = HTTPHeaders()
                json.contentType = .json
                try await app.testing().test(.POST, "/inloggen", headers: json, body: ByteBuffer(string: "{\"csrf\":\"x\"}")) { res in
                    #expect(res.status == .unsupportedMediaType)
                    #expect(res.body.string.contains("alleen formulieren"))
                }
                try await app.testing().test(.GET, "/css/regie.css") { res in #expect(res.status == .ok) }
            }
        }

        @Test("Invalid UTF-8 in a form value is refused with the field's name; nothing is saved")
        func invalidUTF8() async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(minimalPlanFile)
                _ = try await app.plans.save(plan)
                let officer = try await app.officer(for: plan)
                let fingerprint = try await editorPage(app, officer, plan.key).fingerprint
                let body = "csrf=\(officer.csrf)&vorige=\(fingerprint)&titel=Veilig&ondertitel=%FF%FE%FD"
                try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken", headers: officer.formHeaders,
                                             body: ByteBuffer(string: body)) { res in
                    #expect(res.status == .badRequest)
                    #expect(res.body.string.contains("ondertitel"))
                    #expect(res.body.string.contains("geen geldige tekst"))
                }
                #expect(try await app.plans.plan(plan.key) == plan)
            }
        }

        @Test("NUL, a direction override or a line break in a one-line title: 422 with a Dutch message, nothing saved", arguments: [
            "Veilig\u{0}wonen", "Veilig \u{202E}nenow", "Veilig\nwonen",
        ])
        func forbiddenCharacters(title: String) async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(minimalPlanFile)
                _ = try await app.plans.save(plan)
                let officer = try await app.officer(for: plan)
                let fingerprint = try await editorPage(app, officer, plan.key, "/themas/woninginbraak").fingerprint
                try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken/themas/woninginbraak", headers: officer.formHeaders,
                                             body: form(officer, [("vorige", fingerprint), ("titel", title), ("rol", "priority")])) { res in
                    #expect(res.status == .unprocessableEntity)
                    let body = res.body.string
                    #expect(body.contains("regeleinde") || body.contains("onzichtbaar") || body.contains("nulteken"))
                }
                // Adding a part with such a title is refused the same way.
                try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken/themas/toevoegen", headers: officer.formHeaders,
                                             body: form(officer, [("nieuw-themas", title)])) { res in
                    #expect(res.status == .unprocessableEntity)
                }
                #expect(try await app.plans.plan(plan.key) == plan)
            }
        }

        @Test("Error pages (403, 404, CSRF, 401) are never cached")
        func errorPagesNotCached() async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(minimalPlanFile)
                _ = try await app.plans.save(plan)
                let officer = try await app.officer(for: plan)
                let reader = try await app.signIn("raad.x", .municipality(plan.owner.municipalities[0].code), [.reader])
                let requests: [(HTTPMethod, String, TestUser?, UInt)] = [
                    (.GET, "/bestaat-niet", officer, 404), (.GET, "/plannen/ander-plan", officer, 404),
                    (.GET, "/beheer/accounts", reader, 403), (.POST, "/plannen/\(plan.key)/bewerken", nil, 403),
                    (.POST, "/uitloggen", officer, 403),
                ]
                for (method, path, user, status) in requests {
                    var headers = user?.formHeaders ?? [:]
                    if user == nil { headers.contentType = .urlEncodedForm }
                    try await app.testing().test(method, path, headers: headers, body: ByteBuffer(string: "csrf=verkeerd")) { res in
                        #expect(res.status.code == status, "\(method) \(path)")
                        #expect(res.headers.first(name: .cacheControl) == "no-store", "\(method) \(path)")
                    }
                }
                try await app.testing().test(.GET, "/css/regie.css") { res in
                    #expect(res.headers.first(name: .cacheControl)?.contains("max-age") == true, "the stylesheet may be cached")
                }
            }
        }

        @Test("In a collaboration plan, one member's officer cannot open another member's local chapter")
        func otherMembersChapter() async throws {
            try await withTestApp { app in
                var plan = try example("basisteam-meierij-2023-2026.yaml")
                plan.status = .draft
                plan.adoptions = []
                plan.localChapters = []
                _ = try await app.plans.save(plan)
                let members = plan.owner.municipalities.map(\.code)
                let officer = try await app.signIn("beleid.eerste", .municipality(members[0]), [.policyOfficer])
                try await app.testing().test(.GET, "/plannen/\(plan.key)/bewerken/gemeenten", headers: officer.headers) { res in
                    let body = res.body.string
                    #expect(body.contains("<option value=\"\(members[0].rawValue)\""), "its own municipality is offered")
                    #expect(!body.contains("<option value=\"\(members[1].rawValue)\""), "another member's is not")
                }
                try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken/gemeenten/toevoegen", headers: officer.formHeaders,
                                             body: form(officer, [("nieuw-gemeenten", members[1].rawValue)])) { res in
                    #expect(res.status == .forbidden)
                    #expect(res.body.string.contains("lokale hoofdstuk"))
                }
                #expect(try await app.plans.plan(plan.key)?.localChapters.isEmpty == true)
                try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken/gemeenten/toevoegen", headers: officer.formHeaders,
                                             body: form(officer, [("nieuw-gemeenten", members[0].rawValue)])) { res in
                    #expect(res.status == .seeOther, "its own chapter it may open")
                }
                #expect(try await app.plans.plan(plan.key)?.localChapters.map(\.municipality) == [members[0]])
            }
        }

        @Test("Six officers adding to one plan's list at the same moment: every add lands", arguments: [3, 6])
        func concurrentAdds(writers: Int) async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(minimalPlanFile)
                _ = try await app.plans.save(plan)
                var users: [TestUser] = []
                for n in 0..<writers {
                    users.append(try await app.signIn("beleid.\(n)", .municipality(plan.owner.municipalities[0].code), [.policyOfficer]))
                }
                let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                    for (n, user) in users.enumerated() {
                        group.addTask {
                            var status: UInt = 0
                            try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken/themas/toevoegen",
                                                         headers: user.formHeaders, body: form(user, [("nieuw-themas", "Thema \(n)")])) { res in
                                status = res.status.code
                            }
                            return status
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.allSatisfy { $0 == 303 }, "\(statuses)")
                let stored = try #require(try await app.plans.plan(plan.key))
                #expect(stored.themes.count == 1 + writers)
            }
        }

        @Test("A request whose database connection does not come in time gets a Dutch 503, not a 500")
        func poolTimeout() async throws {
            try await withTestApp { app in
                app.get("proef-drukte") { _ -> String in throw ConnectionPoolTimeoutError.connectionRequestTimeout }
                try await app.testing().test(.GET, "/proef-drukte") { res in
                    #expect(res.status == .serviceUnavailable)
                    #expect(res.headers.first(name: .retryAfter) == "30")
                    #expect(res.body.string.contains("te druk"))
                }
            }
        }

        @Test("A line break in the request path cannot forge a log line")
        func logInjection() async throws {
            try await withTestApp { app in
                let capture = LogCapture()
                app.logger = Logger(label: "regie-test") { _ in LogCapture.Handler(capture: capture) }
                try await app.testing().test(.GET, "/bestaat%0D%0Aniet%0Ainfo%20GET%20/vervalst%20200") { res in
                    #expect(res.status == .notFound)
                }
                let lines = capture.all.split(separator: "\n")
                #expect(lines.contains { $0.contains("GET /bestaat%0D%0Aniet%0Ainfo%20GET%20/vervalst%20200 404") }, "\(lines)")
                #expect(!lines.contains { $0.hasPrefix("info GET /vervalst") || $0.hasPrefix("niet") })
            }
        }

        @Test("The beheerder's trail says which fields of a draft changed, without their text or contact details")
        func trailVisibility() async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(minimalPlanFile)
                _ = try await app.plans.save(plan)
                let code = plan.owner.municipalities[0].code
                let officer = try await app.officer(for: plan)
                let admin = try await app.signIn("beheer.x", .municipality(code), [.administrator])
                let fingerprint = try await editorPage(app, officer, plan.key).fingerprint
                try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken", headers: officer.formHeaders,
                                             body: form(officer, [("vorige", fingerprint), ("titel", "Geheime concepttitel"),
                                                                  ("soort", "integralSafetyPlan"), ("periode", "2024-2027"),
                                                                  ("inleiding", "Vertrouwelijke conceptinleiding")])) { res in
                    #expect(res.status == .seeOther)
                }
                try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken/partners/politie/contactpersonen/toevoegen",
                                             headers: officer.formHeaders, body: form(officer, [("nieuw-contactpersonen", "Jan Wijkagent")])) { res in
                    #expect(res.status == .seeOther)
                }
                try await app.testing().test(.GET, "/beheer/logboek", headers: admin.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(body.contains("Inleiding"), "which field changed is shown")
                    #expect(!body.contains("Vertrouwelijke conceptinleiding"))
                    #expect(!body.contains("Jan Wijkagent"))
                }
            }
        }
    }
}


@Suite("Text rules in plan files")
struct PlanFileTextRuleTests {
    @Test("A plan file with a direction override in a title or a line break in a one-line text is refused with its place, as in the browser")
    func refused() {
        let override = minimalPlanFile.replacingOccurrences(of: "titel: Woninginbraak", with: "titel: \"Woning\\u202Einbraak\"")
        let found = problems(in: override)
        #expect(found.contains { $0.description.contains("onzichtbaar stuurteken (U+202E)") }, "\(found)")
        let broken = minimalPlanFile.replacingOccurrences(of: "titel: Woninginbraak", with: "titel: \"Woning\\ninbraak\"")
        #expect(problems(in: broken).contains { $0.description.contains("regeleinde") })
        #expect(problems(in: minimalPlanFile).isEmpty)
    }
}
