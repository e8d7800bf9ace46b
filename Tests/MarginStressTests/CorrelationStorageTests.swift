import Foundation
import Testing
@testable import MarginStress

/// The scenario's correlation is stored by its non-zero pairs (`CorrelationMatrix`): it reads like the dense
/// row-major matrix, encodes and decodes (the dense format of earlier partial files too), and a market of 5,000
/// uncorrelated assets stores nothing for them.
@Suite("correlation stored by its pairs")
struct CorrelationStorageTests {
    @Test("reads as the dense matrix: unit diagonal, symmetric, zero for pairs not given; dense round trip")
    func readsAsDense() throws {
        let dense: [Double] = [1, 0.5, 0, 0.5, 1, -0.2, 0, -0.2, 1]
        var c = CorrelationMatrix(dense: dense, order: 3)
        #expect(c.count == 9 && c.dense == dense)
        #expect(c.linked == [0, 1, 2])
        #expect(c.nonZeroEntries.map { [Double($0.i), Double($0.j), $0.value] } == [[0, 1, 0.5], [1, 2, -0.2]])
        c[2 * 3 + 0] = 0.3  // sets both triangles
        #expect(c.value(0, 2) == 0.3 && c.value(2, 0) == 0.3)
        c[4] = 0.9  // the diagonal stays 1
        #expect(c.value(1, 1) == 1)
        c[1] = 0
        #expect(c.value(0, 1) == 0 && c.linked == [0, 1, 2] && c.nonZeroEntries.count == 2)
        #expect(c.submatrix([2, 0]) == [1, 0.3, 0.3, 1])
    }

    @Test("encodes by its pairs and decodes that and the dense array of earlier versions; no assets encode as []")
    func codable() throws {
        let c = CorrelationMatrix(dense: [1, 0.82, 0, 0.82, 1, 0, 0, 0, 1], order: 3)
        let encoded = try JSONEncoder().encode(c)
        #expect(String(decoding: encoded, as: UTF8.self).contains("\"entries\":[[0,1,0.82]]"))
        #expect(try JSONDecoder().decode(CorrelationMatrix.self, from: encoded) == c)
        let old = Data("[1, 0.82, 0, 0.82, 1, 0, 0, 0, 1]".utf8)
        #expect(try JSONDecoder().decode(CorrelationMatrix.self, from: old) == c)
        #expect(String(decoding: try JSONEncoder().encode(CorrelationMatrix(order: 0)), as: UTF8.self) == "[]")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CorrelationMatrix.self, from: Data("[1, 0, 0]".utf8)) }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(CorrelationMatrix.self, from: Data(#"{"order": 2, "entries": [[0, 5, 0.1]]}"#.utf8))
        }
    }

    @Test("5,000 unused assets: the validated scenario stores only the template's three pairs, and validates in well under 10 s")
    func manyUnusedAssets() throws {
        let text = ScaleWhyTests.manyAssets(5000)
        let start = Date()
        let file = try ScenarioLoader.decode(text, format: .yaml, source: "wide")
        let s = try ScenarioValidator.validate(file, source: "wide")
        let seconds = Date().timeIntervalSince(start)
        #expect(s.assets.count >= 5000 && s.correlation.order == s.assets.count)
        #expect(s.correlation.nonZeroEntries.count == 3 && s.correlation.linked.count == 3)
        #expect(seconds < 10, "validate took \(seconds) s")
        // The digest encodes the pairs in row-major order: the same pairs listed in another order give the same digest.
        let reordered = text.replacingOccurrences(of: "[[BTC, ETH, 0.8], [BTC, SOL, 0.7], [ETH, SOL, 0.75]]",
                                                  with: "[[SOL, ETH, 0.75], [BTC, SOL, 0.7], [ETH, BTC, 0.8]]")
        #expect(reordered != text)
        let t = try ScenarioValidator.validate(try ScenarioLoader.decode(reordered, format: .yaml, source: "wide"), source: "wide")
        #expect(t.digest == s.digest)
    }
}
