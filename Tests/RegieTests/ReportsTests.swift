import Foundation
import RegieCore
import RegiePlanFile
@testable import RegieReports
import Testing

@Suite("Pages without a server")
struct ReportsTests {
    @Test("Numbers, amounts, periods and dates read the Dutch way")
    func dutchFormats() {
        #expect(Format.number(31800) == "31.800")
        #expect(Format.number(Decimal(string: "12.5")!) == "12,5")
        #expect(Format.euro(42500) == "€ 42.500")
        #expect(Format.euro(Decimal(string: "1.5")!) == "€ 1,50")
        #expect(PlannedPeriod("2021-Q3")?.label == "3e kwartaal 2021")
        #expect(PlannedPeriod("2020-2021")?.label == "2020 t/m 2021")
        #expect(CalendarDate(iso: "2020-02-24")?.label == "24 februari 2020")
    }

    @Test("The plan page lists only the parts the plan has, each linked to its section")
    func tableOfContents() throws {
        let plan = try PlanFileReader.read(minimalPlanFile)
        let page = PlanPage(plan: plan)
        #expect(page.parts.map(\.title) == ["Thema's", "Planbestand"])
        let html = page.render()
        for part in page.parts { #expect(html.contains("id=\"\(part.id)\"")) }
    }

    @Test("A budget per inhabitant shows the total for the owner's inhabitants")
    func perInhabitant() {
        let owner = PlanOwner.municipality(Municipality(code: MunicipalityCode("GM0001")!, name: "A", inhabitants: 12000))
        let line = BudgetLine(description: "Bijdrage", amount: 1, basis: .perInhabitant)
        #expect(FinanceView.amount(line, owner: owner) == "€ 1 per inwoner (≈ € 12.000)")
    }
}
