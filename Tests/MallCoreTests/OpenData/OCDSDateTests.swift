import Foundation
import MallCore
import PropertyBased
import Testing

@Suite("Open data: dates are RFC 3339 in China time, +08:00 (DOMAIN.md §X2, STYLE.md §2.6)")
struct OCDSDateTests {
    typealias F = OCDSFixtures

    @Test(
        "instants are written in China time to the second",
        arguments: [
            (0.0, "1970-01-01T08:00:00+08:00"),
            (-1.0, "1970-01-01T07:59:59+08:00"),
            (1.999, "1970-01-01T08:00:01+08:00"),  // fractions are dropped, not rounded up
            (-0.5, "1970-01-01T07:59:59+08:00"),  // dropped towards the past before 1970 too
            (1_709_222_399.0, "2024-02-29T23:59:59+08:00"),  // the last second of a leap day
            (1_709_136_000.0, "2024-02-29T00:00:00+08:00"),  // 2024-02-28T16:00:00Z: the leap day begins
            (1_735_660_800.0, "2025-01-01T00:00:00+08:00"),  // 2024-12-31T16:00:00Z: a new year in Beijing
        ])
    func table(seconds: Double, text: String) {
        #expect(OCDSDate.string(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test("an order paid at 00:30 in Beijing is dated that day, not the previous UTC day")
    func businessDay() throws {
        let release = try F.builder().release(for: F.foodCallOff())
        #expect(release.date == "2025-05-20T00:30:00+08:00")
        #expect(release.contracts?.first?.implementation?.transactions?.first?.date == "2025-05-20T00:30:00+08:00")
    }

    @Test("an agreement's term runs from the first second of its first day to the last of its last day")
    func term() {
        #expect(OCDSDate.startOfDay(F.date("2025-03-01")) == "2025-03-01T00:00:00+08:00")
        #expect(OCDSDate.endOfDay(F.date("2026-02-28")) == "2026-02-28T23:59:59+08:00")
    }

    @Test("the integer formatting agrees with Foundation's ISO 8601 style at +08:00 for any instant")
    func agreesWithFoundation() async {
        let china = Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: LocalDate.chinaTimeZone)
        // 1900-01-01 to 2100-01-01, whole seconds.
        await propertyCheck(input: Gen.int64(in: -2_208_988_800...4_102_444_800)) { seconds in
            let instant = Date(timeIntervalSince1970: Double(seconds))
            #expect(OCDSDate.string(instant) == instant.formatted(china))
        }
    }

    @Test("every date of the sample page is RFC 3339 with the +08:00 offset")
    func everyDate() throws {
        let data = try OCDSPackageTests.samplePackage().encoded()
        let json = try JSONSerialization.jsonObject(with: data)
        var dates: [String] = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                for (key, child) in object {
                    if ["date", "publishedDate", "startDate", "endDate", "dateSigned"].contains(key),
                        let text = child as? String
                    {
                        dates.append(text)
                    } else {
                        walk(child)
                    }
                }
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(json)
        #expect(dates.count > 40)
        // `YYYY-MM-DDThh:mm:ss+08:00`, nothing else.
        let rfc3339China = /[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+08:00/
        for date in dates { #expect(date.wholeMatch(of: rfc3339China) != nil, "\(date)") }
    }
}
