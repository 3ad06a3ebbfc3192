import Fluent
import Foundation
import Vapor

/// `hewei keys rotate` for issue 5's records: re-seals the mediation parties' phones and ID numbers,
/// the petitioners, and the phones of reception bookings and walk-in visits with the ring's first key,
/// and recomputes each petition's keyed hash of the petitioner's ID number (it is derived from the
/// first key, so the same-person check keeps working after a rotation).
enum CaseDataResealing {
    static func reseal(_ app: Application) async throws -> Int {
        let cipher = app.hewei.cipher
        let gate = app.hewei.gate
        func again(_ value: String?) throws -> String? {
            guard let value else { return nil }
            return try cipher.resealed(value) ?? value
        }
        var changed = 0
        for c in try await MediationCaseModel.query(on: app.db).all() {
            var parties: [String] = []
            for json in [c.applicant, c.respondent] {
                var p = try JSONDecoder().decode(MediationParty.self, from: Data(json.utf8))
                p.phone = try again(p.phone)
                p.idNumber = try again(p.idNumber)
                parties.append(String(decoding: try JSONEncoder.mediation.encode(p), as: UTF8.self))
            }
            guard parties != [c.applicant, c.respondent] else { continue }
            c.applicant = parties[0]
            c.respondent = parties[1]
            try await app.db.write(gate: gate) { db in try await c.save(on: db) }
            changed += 1
        }
        for p in try await PetitionModel.query(on: app.db).all() {
            let people = try PetitionPeople.open(p.petitioners, cipher)
            let key = try people.first?.idNumber.map { try PetitionPeople.key(of: $0, cipher: cipher) }
            guard cipher.isStale(p.petitioners) || key != p.petitionerKey else { continue }
            p.petitioners = try PetitionPeople.sealed(people, cipher)
            p.petitionerKey = key
            try await app.db.write(gate: gate) { db in try await p.save(on: db) }
            changed += 1
        }
        for b in try await ReceptionBookingModel.query(on: app.db).all() {
            guard let phone = try cipher.resealed(b.phone) else { continue }
            b.phone = phone
            try await app.db.write(gate: gate) { db in try await b.save(on: db) }
            changed += 1
        }
        for v in try await HallVisitModel.query(on: app.db).all() {
            guard let phone = try cipher.resealed(v.phone) else { continue }
            v.phone = phone
            try await app.db.write(gate: gate) { db in try await v.save(on: db) }
            changed += 1
        }
        return changed
    }
}
