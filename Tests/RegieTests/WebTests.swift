import Foundation
import RegieCore
import RegiePlanFile
import Testing
import VaporTesting

extension DatabaseTests {
    @Suite("Web pages")
    struct WebTests {
        /// Runs `body` with all example plans stored.
        func withExamples(_ body: (Application, [Plan]) async throws -> Void) async throws {
            try await withTestApp { app in
                let plans = try examplePaths().map { try PlanFileReader.read(try Data(contentsOf: URL(fileURLWithPath: $0))) }
                _ = try await app.plans.save(plans)
                try await body(app, plans)
            }
        }

        /// The session headers of an officer who may read `path` (of the plan it names, or any).
        func headers(_ app: Application, _ plans: [Plan], for path: String) async throws -> HTTPHeaders {
            let plan = plans.first { path.hasPrefix("/plannen/\($0.key)") }
                ?? plans.first { p in p.owner.municipalities.contains { path.contains($0.code.rawValue) } }
                ?? plans.first { p in if case .collaboration(let c) = p.owner { path.contains(c.key.rawValue) } else { false } }
                ?? plans[0]
            return try await app.officer(for: plan).headers
        }

        @Test("Every page of every example plan answers in Dutch with a title, one h1 and a skip link")
        func everyPage() async throws {
            try await withExamples { app, plans in
                var paths = ["/"]
                for plan in plans {
                    paths += ["/plannen/\(plan.key)", "/plannen/\(plan.key)/samenvatting", "/plannen/\(plan.key)/partners"]
                    paths += plan.allThemes.map { "/plannen/\(plan.key)/themas/\($0.key)" }
                    paths += plan.owner.municipalities.map { "/gemeenten/\($0.code)" }
                    if case .collaboration(let c) = plan.owner {
                        paths.append("/samenwerkingsverbanden/\(c.key)")
                        paths += c.members.map { "/plannen/\(plan.key)/gemeenten/\($0.code)" }
                    }
                }
                for path in paths {
                    try await app.testing().test(.GET, path, headers: try await headers(app, plans, for: path)) { res in
                        #expect(res.status == .ok, "\(path)")
                        let body = res.body.string
                        #expect(body.hasPrefix("<!DOCTYPE html><html lang=\"nl\">"), "\(path)")
                        #expect(body.contains("<title>"), "\(path)")
                        #expect(body.components(separatedBy: "<h1").count == 2, "\(path): exactly one h1")
                        #expect(body.contains("href=\"#inhoud\""), "\(path)")
                        #expect(!body.contains("<script"), "\(path)")
                        #expect(headingsInOrder(body), "\(path): heading levels skip")
                    }
                }
            }
        }

        @Test("The plan page shows the plan-wide parts and links every theme")
        func planPage() async throws {
            try await withExamples { app, plans in
                let plan = try #require(plans.first { $0.key.rawValue == "stadskanaal-2020-2024" })
                try await app.testing().test(.GET, "/plannen/\(plan.key)", headers: try await app.officer(for: plan).headers) { res in
                    let body = res.body.string
                    #expect(body.contains("<title>\(plan.title) – Regie</title>"))
                    for theme in plan.themes { #expect(body.contains("/plannen/\(plan.key)/themas/\(theme.key)")) }
                    #expect(body.contains("Vastgesteld"))
                    #expect(body.contains("Regionale en landelijke prioriteiten"))
                }
            }
        }

        @Test("The summary table has a row per goal with its agreements and planning")
        func summary() async throws {
            try await withExamples { app, plans in
                let plan = try #require(plans.first { $0.key.rawValue == "stadskanaal-2020-2024" })
                try await app.testing().test(.GET, "/plannen/\(plan.key)/samenvatting", headers: try await app.officer(for: plan).headers) { res in
                    let body = res.body.string
                    #expect(body.contains("<th scope=\"col\">Doelstelling</th>"))
                    for theme in plan.themes {
                        for goal in theme.goals { #expect(body.contains(escaped(goal.title)), "\(goal.title)") }
                        for action in theme.actions { #expect(body.contains(escaped(action.description))) }
                    }
                }
            }
        }

        @Test("A member's own view shows its local priorities and the common part, not another member's")
        func localView() async throws {
            try await withExamples { app, plans in
                let plan = try #require(plans.first { $0.key.rawValue == "basisteam-meierij-2023-2026" })
                let chapter = plan.localChapters[0]
                let other = plan.localChapters[1]
                try await app.testing().test(.GET, "/plannen/\(plan.key)/gemeenten/\(chapter.municipality)", headers: try await app.officer(for: plan).headers) { res in
                    let body = res.body.string
                    for theme in chapter.themes { #expect(body.contains(escaped(theme.title))) }
                    for theme in plan.themes { #expect(body.contains(escaped(theme.title))) }
                    for theme in other.themes where !chapter.themes.contains(where: { $0.title == theme.title }) {
                        #expect(!body.contains(escaped(theme.title)), "\(theme.title)")
                    }
                }
                try await app.testing().test(.GET, "/plannen/\(plan.key)/gemeenten/GM0037", headers: try await app.officer(for: plan).headers) { res in
                    #expect(res.status == .notFound)
                }
            }
        }

        @Test("Unknown plans, themes and codes give a Dutch 404 page without internals", arguments: [
            "/plannen/bestaat-niet", "/plannen/stadskanaal-2020-2024/themas/bestaat-niet", "/gemeenten/GM0000",
            "/gemeenten/niet-een-code", "/samenwerkingsverbanden/niemand", "/plannen/NIET%20GELDIG", "/bestaat/niet",
        ])
        func notFound(path: String) async throws {
            try await withExamples { app, plans in
                try await app.testing().test(.GET, path, headers: try await app.officer(for: plans[0]).headers) { res in
                    #expect(res.status == .notFound)
                    #expect(res.headers.contentType == .html)
                    #expect(res.body.string.contains("<h1>Pagina niet gevonden</h1>"))
                    #expect(!res.body.string.contains("Abort"))
                }
            }
        }

        @Test("Every response carries the security headers")
        func securityHeaders() async throws {
            try await withExamples { app, _ in
                for path in ["/", "/plannen/bestaat-niet", "/css/regie.css"] {
                    try await app.testing().test(.GET, path) { res in
                        #expect(res.headers.first(name: "Content-Security-Policy")?.contains("default-src 'none'") == true)
                        #expect(res.headers.first(name: "X-Frame-Options") == "DENY")
                        #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                    }
                }
            }
        }

        @Test("The plan file download reads back into the stored plan")
        func planFileDownload() async throws {
            try await withExamples { app, plans in
                for plan in plans {
                    try await app.testing().test(.GET, "/plannen/\(plan.key)/planbestand.yaml", headers: try await app.officer(for: plan).headers) { res in
                        #expect(res.status == .ok)
                        let reread = try? PlanFileReader.read(res.body.string)
                        #expect(reread == plan)
                    }
                }
            }
        }

        @Test("Text from a plan file is shown as text, never as markup")
        func escaping() async throws {
            try await withTestApp { app in
                var plan = try PlanFileReader.read(minimalPlanFile)
                plan.themes[0].title = "<script>alert('x')</script> & co"
                _ = try await app.plans.save(plan)
                try await app.testing().test(.GET, "/plannen/\(plan.key)/themas/woninginbraak", headers: try await app.officer(for: plan).headers) { res in
                    #expect(!res.body.string.contains("<script>"))
                    #expect(res.body.string.contains("&lt;script&gt;"))
                }
            }
        }

        @Test("An empty database shows a start page that says how to begin")
        func emptyStart() async throws {
            try await withTestApp { app in
                let user = try await app.signIn("beleid.leeg", .municipality(MunicipalityCode("GM0001")!), [.policyOfficer])
                try await app.testing().test(.GET, "/", headers: user.headers) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("Er zijn nog geen plannen"))
                }
            }
        }
    }
}

/// HTML-escaped text as Plot writes it.
func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}

/// Whether no heading is more than one level deeper than the one before it.
func headingsInOrder(_ html: String) -> Bool {
    var previous = 0
    var rest = html[...]
    while let range = rest.range(of: "<h") {
        let after = rest[range.upperBound...]
        if let digit = after.first, let level = Int(String(digit)), (1...6).contains(level) {
            if level > previous + 1 { return false }
            previous = level
        }
        rest = after
    }
    return true
}
