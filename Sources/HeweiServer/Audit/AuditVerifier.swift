import Fluent
import Foundation
import Vapor

/// Walks the audit chain from the first entry and reports the first broken link: a missing or
/// inserted entry (sequence gap), an entry whose fields no longer match its hash, an entry that
/// does not point at the hash before it, an anchor (in the database or in the anchor file) that
/// the chain no longer matches, or a head that is not the last entry (a cut-off tail).
struct AuditVerifier {
    struct Report: Content, Equatable {
        var ok: Bool
        var entries: Int
        var anchorsChecked: Int
        var headSeq: Int
        /// The sequence number of the first entry found broken (or the head's, for a cut tail).
        var brokenAt: Int?
        var problem: String?
    }

    let db: any Database
    /// Lines `seq hash atMs` from the anchor file, if one is kept.
    var fileAnchors: [(Int, String)] = []

    func run() async throws -> Report {
        let (headSeq, headHash) = try await AuditRepository.head(on: db)
        var anchors: [Int: String] = [:]
        for a in try await AuditAnchorModel.query(on: db).all() { anchors[a.seq] = a.hash }
        var fileChecks: [Int: String] = [:]
        for (seq, hash) in fileAnchors { fileChecks[seq] = hash }
        var report = Report(ok: true, entries: 0, anchorsChecked: 0, headSeq: headSeq)
        func broken(_ seq: Int, _ why: String) -> Report {
            var r = report
            r.ok = false
            r.brokenAt = seq
            r.problem = why
            return r
        }
        var expectedSeq = 1, prev = AuditChain.genesis
        while true {
            let page = try await AuditRepository.page(after: expectedSeq - 1, limit: 5000, on: db)
            if page.isEmpty { break }
            for e in page {
                if e.seq != expectedSeq { return broken(expectedSeq, "entry \(expectedSeq) is missing (the next one is \(e.seq))") }
                if e.prevHash != prev { return broken(e.seq, "entry \(e.seq) does not point at the hash of entry \(e.seq - 1)") }
                if AuditChain.hash(of: e) != e.hash { return broken(e.seq, "entry \(e.seq) was changed: its fields no longer match its hash") }
                if let a = anchors[e.seq] {
                    if a != e.hash { return broken(e.seq, "entry \(e.seq) does not match the anchor kept in the database") }
                    report.anchorsChecked += 1
                }
                if let a = fileChecks[e.seq] {
                    if a != e.hash { return broken(e.seq, "entry \(e.seq) does not match the anchor file") }
                    report.anchorsChecked += 1
                }
                prev = e.hash
                expectedSeq += 1
                report.entries += 1
            }
        }
        let last = expectedSeq - 1
        if last != headSeq || prev != headHash {
            return broken(min(last, headSeq) + 1, "the chain ends at entry \(last) but the head says \(headSeq): entries were removed or added outside the log")
        }
        if let missing = (anchors.keys.map { $0 } + fileChecks.keys.map { $0 }).filter({ $0 > last }).min() {
            return broken(missing, "an anchor names entry \(missing), which is no longer in the chain")
        }
        return report
    }

    /// Reads an anchor file (`seq hash atMs` per line).
    static func readAnchorFile(_ path: String) throws -> [(Int, String)] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let seq = Int(parts[0]) else { return nil }
            return (seq, String(parts[1]))
        }
    }
}
