import Foundation
import Testing
@testable import MarginStress

@Suite("Price history (CSV)")
struct PriceHistoryTests {
    let wide = """
    Date,AAA,BBB,CCC
    2020-01-02,100,50,
    2020-01-03,101,49.5,10
    2020-01-06,99,50.5,11
    2020-01-07,102,51,12
    """

    @Test("wide form: symbols, dates, last prices and log-returns")
    func wideForm() throws {
        let h = try PriceHistory(csv: wide, source: "w.csv", selection: .init(assets: ["BBB", "AAA"]))
        #expect(h.symbols == ["BBB", "AAA"])
        #expect(h.dates == ["2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07"])
        #expect(h.lastPrices == [51, 102])
        let r = h.logReturns()
        #expect(r[1].count == 3)
        #expect(abs(r[1][0] - log(101.0 / 100)) < 1e-15)
        #expect(h.lines == [2, 3, 4, 5])
    }

    @Test("long form gives the same history as the wide form, rows in any symbol order")
    func longForm() throws {
        let long = """
        date,symbol,price
        2020-01-02,BBB,50
        2020-01-02,AAA,100
        2020-01-03,AAA,101
        2020-01-06,AAA,99
        2020-01-07,AAA,102
        2020-01-03,BBB,49.5
        2020-01-06,BBB,50.5
        2020-01-07,BBB,51
        """
        let l = try PriceHistory(csv: long, source: "l.csv", selection: .init(assets: ["AAA", "BBB"]))
        let w = try PriceHistory(csv: wide, source: "l.csv", selection: .init(assets: ["AAA", "BBB"]))
        #expect(l.prices == w.prices)
        #expect(l.dates == w.dates)
    }

    @Test("from/to and window select the rows")
    func windows() throws {
        let a = try PriceHistory(csv: wide, source: "w.csv", selection: .init(assets: ["AAA"], from: "2020-01-03"))
        #expect(a.dates.first == "2020-01-03" && a.count == 3)
        let b = try PriceHistory(csv: wide, source: "w.csv", selection: .init(assets: ["AAA"], to: "2020-01-06", window: 1, minimumReturns: 1))
        #expect(b.dates == ["2020-01-03", "2020-01-06"])
        let c = try PriceHistory(csv: wide, source: "w.csv", selection: .init(assets: ["AAA"], window: 2))
        #expect(c.dates == ["2020-01-03", "2020-01-06", "2020-01-07"])
    }

    func failure(_ text: String, _ selection: PriceHistory.Selection = .init()) -> PriceHistoryError? {
        do {
            _ = try PriceHistory(csv: text, source: "p.csv", selection: selection)
            return nil
        } catch {
            return error
        }
    }

    @Test("a missing value names its row and column; an unselected column with gaps is fine")
    func missing() throws {
        let e = failure(wide)
        #expect(e?.row == 2 && e?.column == "CCC")
        #expect(e?.description.contains("p.csv, row 2, column CCC: missing price on 2020-01-02") == true)
        let ok = try PriceHistory(csv: wide, source: "p.csv", selection: .init(assets: ["CCC"], from: "2020-01-03"))
        #expect(ok.count == 3)
    }

    @Test("non-positive prices, unsorted and duplicate dates, unknown assets, too few rows, bad numbers and dates")
    func errors() {
        let nonPositive = "Date,A\n2020-01-02,1\n2020-01-03,0\n2020-01-06,2\n"
        #expect(failure(nonPositive)?.row == 3)
        #expect(failure(nonPositive)?.message.contains("not positive") == true)
        let unsorted = "Date,A\n2020-01-03,1\n2020-01-02,2\n2020-01-06,2\n"
        #expect(failure(unsorted)?.row == 3)
        #expect(failure(unsorted)?.message.contains("sort the file") == true)
        let duplicate = "Date,A\n2020-01-02,1\n2020-01-02,2\n2020-01-06,2\n"
        #expect(failure(duplicate)?.message.contains("repeats") == true)
        let unknown = failure(wide, .init(assets: ["AAB"]))
        #expect(unknown?.column == "AAB")
        #expect(unknown?.message.contains("did you mean AAA") == true)
        let few = failure(wide, .init(assets: ["AAA"], from: "2020-01-07"))
        #expect(few?.message.contains("0 returns where at least 2 are needed") == true)
        #expect(failure("Date,A\n2020-01-02,abc\n2020-01-03,1\n2020-01-06,2\n")?.message.contains("not a number") == true)
        #expect(failure("Date,A\n02/01/2020,1\n")?.row == 2)
        #expect(failure("Date,A,B\n2020-01-02,1\n")?.message.contains("fields") == true)
        let longDup = "date,symbol,price\n2020-01-02,A,1\n2020-01-02,A,2\n"
        #expect(failure(longDup)?.row == 3)
        let longGap = "date,symbol,price\n2020-01-02,A,1\n2020-01-03,A,2\n2020-01-06,A,2\n2020-01-02,B,1\n2020-01-06,B,1\n"
        #expect(failure(longGap)?.message.contains("no price on 2020-01-03") == true)
        #expect(failure(wide, .init(from: "2020-02-01", to: "2020-01-01"))?.message.contains("swap") == true)
    }

    @Test("the shared S&P 500 file loads in the wide form (pandas dates and decimals)")
    func sharedFile() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../examples/sp500-2010-2017.csv").standardized.path
        guard FileManager.default.fileExists(atPath: path) else { return }
        let h = try PriceHistory(contentsOfFile: path, selection: .init(assets: ["AAPL", "XOM"], window: 250))
        #expect(h.returnCount == 250)
        #expect(h.dates.last == "2017-12-29")
    }
}
