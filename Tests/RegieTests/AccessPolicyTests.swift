import Foundation
import RegieCore
import Testing

@Suite("Access policy and password rule")
struct AccessPolicyTests {
    let a = MunicipalityCode("GM0037")!
    let b = MunicipalityCode("GM0222")!
    let police = Key("politie-nn")!

    func account(_ tenant: Tenant, _ roles: Set<Role>, disabled: Bool = false) -> Account {
        Account(id: UUID(), username: "x", displayName: "X", tenant: tenant, roles: roles, disabled: disabled)
    }

    func facts(_ status: PlanStatus, collaboration: Bool = false, adoptedVersion: Bool = false) -> PlanAccessFacts {
        PlanAccessFacts(municipalities: collaboration ? [a, b] : [a], isCollaboration: collaboration, status: status,
                        hasAdoptedVersion: adoptedVersion, organisations: [police: [Key("politie")!]])
    }

    @Test("Officers see and edit drafts of their own municipality; adopted plans are frozen for everyone")
    func officers() {
        let officer = account(.municipality(a), [.policyOfficer])
        let draft = AccessPolicy.permissions(of: officer, for: facts(.draft))
        #expect(draft.view == .current && draft.editCommon && draft.manageStatus && draft.seeContacts)
        let adopted = AccessPolicy.permissions(of: officer, for: facts(.adopted))
        #expect(adopted.view == .current && !adopted.editCommon && adopted.editChapters.isEmpty && adopted.manageStatus)
        #expect(AccessPolicy.permissions(of: account(.municipality(b), [.policyOfficer]), for: facts(.draft)) == .none)
        #expect(AccessPolicy.permissions(of: account(.municipality(a), [.policyOfficer], disabled: true), for: facts(.draft)) == .none)
    }

    @Test("In a collaboration every member's officer edits the common part and only its own chapter")
    func collaboration() {
        let p = AccessPolicy.permissions(of: account(.municipality(b), [.policyOfficer]), for: facts(.consultation, collaboration: true))
        #expect(p.editCommon && p.editChapters == [b])
    }

    @Test("Readers and beheerders read adopted plans only, and the adopted version while a new one is prepared; no contacts")
    func readers() {
        let reader = account(.municipality(a), [.reader])
        #expect(AccessPolicy.permissions(of: reader, for: facts(.draft)).view == .none)
        #expect(AccessPolicy.permissions(of: reader, for: facts(.consultation)).view == .none)
        #expect(AccessPolicy.permissions(of: reader, for: facts(.draft, adoptedVersion: true)).view == .lastAdopted)
        let adopted = AccessPolicy.permissions(of: reader, for: facts(.inExecution))
        #expect(adopted.view == .current && !adopted.canEditSomething && !adopted.seeContacts && !adopted.updateProgress)
        #expect(AccessPolicy.permissions(of: account(.municipality(a), [.administrator]), for: facts(.evaluated)).view == .current)
    }

    @Test("Partners see plans that name their organisation from consultation on, and update only the actions they lead")
    func partners() {
        let partner = account(.organisation(police), [.partner])
        #expect(AccessPolicy.permissions(of: partner, for: facts(.draft)).view == .none)
        let consultation = AccessPolicy.permissions(of: partner, for: facts(.consultation))
        #expect(consultation.view == .current && !consultation.updateProgress)
        let adopted = AccessPolicy.permissions(of: partner, for: facts(.adopted))
        #expect(adopted.mayUpdateProgress(ofActionLedBy: Key("politie")!))
        #expect(!adopted.mayUpdateProgress(ofActionLedBy: Key("gemeente")!))
        #expect(!adopted.mayUpdateProgress(ofActionLedBy: nil))
        #expect(!adopted.canEditSomething)
        #expect(AccessPolicy.permissions(of: account(.organisation(Key("ander")!), [.partner]), for: facts(.adopted)) == .none)
    }

    @Test("Only a beheerder manages accounts, and only of its own municipality")
    func administration() {
        #expect(AccessPolicy.mayManageAccounts(account(.municipality(a), [.administrator]), of: .municipality(a)))
        #expect(!AccessPolicy.mayManageAccounts(account(.municipality(a), [.administrator]), of: .municipality(b)))
        #expect(!AccessPolicy.mayManageAccounts(account(.municipality(a), [.policyOfficer]), of: .municipality(a)))
        #expect(AccountProblem.check(username: "p", displayName: "", tenant: .municipality(a), roles: [.partner])
                == [.usernameInvalid, .displayNameEmpty, .roleDoesNotFitTenant(.partner)])
    }

    @Test("The password rule: long beats complicated; weak, common and name-based passwords are refused", arguments: [
        ("samen werken aan veiligheid", true), ("Kort1!", false), ("alleenkleineletters", false), ("Welkom2024!!", false),
        ("Zeven kikkers in de sloot", true), ("Xk9#mP2$vL4q", true), ("aaaaaaaaaaaaaaaaaaaaaa", false), ("jansen-is-mijn-naam-echt", false),
    ])
    func passwords(password: String, acceptable: Bool) {
        #expect(PasswordPolicy.problems(password, username: "jansen@stadskanaal.nl").isEmpty == acceptable, "\(password)")
    }

    @Test("The changes between two versions name the parts that were added, removed and changed")
    func changes() {
        let owner = PlanOwner.municipality(Municipality(code: a, name: "A"))
        let old = Plan(key: Key("p")!, title: "Plan", owner: owner, period: YearRange(first: 2024, last: 2027)!,
                       themes: [Theme(key: Key("t1")!, title: "Een", role: .priority), Theme(key: Key("t2")!, title: "Twee", role: .priority)])
        var new = old
        new.title = "Plan, herzien"
        new.themes[0].summary = "Anders"
        new.themes.remove(at: 1)
        new.themes.append(Theme(key: Key("t3")!, title: "Drie", role: .ongoing))
        #expect(PlanChange.between(old, new) == [
            PlanChange(.field(.title), .changed), PlanChange(.theme("Een"), .changed, details: [PlanChange.Detail(item: nil, kind: .changed, fields: ["summary"])]),
            PlanChange(.theme("Drie"), .added), PlanChange(.theme("Twee"), .removed),
        ])
        #expect(Plan.newKey(for: "Eén!", avoiding: [Key("een")!, Key("een-2")!]) == Key("een-3"))
    }
}
