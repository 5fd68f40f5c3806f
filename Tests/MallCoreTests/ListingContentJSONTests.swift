import Foundation
import MallCore
import Testing

@Suite("Tiers, fees and certificates built from a parsed JSONValue agree with JSONDecoder")
struct ListingContentJSONTests {
    /// What `list` in ListingStore.record does: the fast path, or `nil` for JSONDecoder.
    static func fast<T>(_ text: String, _ item: (JSONValue) -> T?) -> [T]? { JSONValue.parseList(text, item) }

    static func decoded<T: Decodable>(_ text: String, as type: T.Type) -> [T]? {
        try? JSONDecoder().decode([T].self, from: Data(text.utf8))
    }

    @Test("the shapes the server writes take the fast path and give JSONDecoder's values")
    func agrees() throws {
        let tiers = [
            #"[]"#, #"[{"minQuantity": 10, "unitPriceFen": 98000}]"#,
            #"[{"unitPriceFen": 1, "minQuantity": 2}, {"minQuantity": 50, "unitPriceFen": 0}]"#,
        ]
        for text in tiers {
            let fast = try #require(Self.fast(text, PriceTier.init(json:)), "\(text)")
            #expect(fast == Self.decoded(text, as: PriceTier.self), "\(text)")
        }
        let fees = [
            #"[{"kind": "installation", "amountFen": 5000, "perUnit": true, "description": "上门安装"}]"#,
            #"[{"kind": "delivery", "amountFen": 0, "perUnit": false, "description": ""}, "#
                + #"{"kind": "other", "amountFen": 9223372036854775807, "perUnit": false, "description": "\"x\""}]"#,
        ]
        for text in fees {
            let fast = try #require(Self.fast(text, DeclaredFee.init(json:)), "\(text)")
            #expect(fast == Self.decoded(text, as: DeclaredFee.self), "\(text)")
        }
        let certificates = [
            #"[{"kind": "energy_saving", "number": "CQC-2025-001", "certifier": "中国质量认证中心", "#
                + #""validUntil": "2027-06-30"}]"#,
            #"[{"kind": "eco_label", "certifier": "CEC", "number": "", "validUntil": "2024-02-29"}]"#,
        ]
        for text in certificates {
            let fast = try #require(Self.fast(text, GreenCertificate.init(json:)), "\(text)")
            #expect(fast == Self.decoded(text, as: GreenCertificate.self), "\(text)")
        }
    }

    @Test("any other shape declines the fast path (JSONDecoder then decides), never a different value")
    func declines() {
        let tiers = [
            #"{}"#, #"[1]"#, #"[{"minQuantity": 10}]"#, #"[{"minQuantity": 10, "unitPriceFen": 1.5}]"#,
            #"[{"minQuantity": "10", "unitPriceFen": 1}]"#, #"[{"minQuantity": 1, "unitPriceFen": 1, "x": null}]"#,
            #"[{"minQuantity": 1, "unitPriceFen": 1}, null]"#,
        ]
        for text in tiers { #expect(Self.fast(text, PriceTier.init(json:)) == nil, "\(text)") }
        let fees = [
            #"[{"kind": "tax", "amountFen": 1, "perUnit": true, "description": ""}]"#,
            #"[{"kind": "delivery", "amountFen": 1, "perUnit": 1, "description": ""}]"#,
            #"[{"kind": "delivery", "amountFen": 1, "perUnit": true}]"#,
            #"[{"kind": "delivery", "amountFen": 1, "perUnit": true, "description": null}]"#,
        ]
        for text in fees { #expect(Self.fast(text, DeclaredFee.init(json:)) == nil, "\(text)") }
        let certificates = [
            #"[{"kind": "energy", "certifier": "c", "number": "n", "validUntil": "2027-06-30"}]"#,
            #"[{"kind": "eco_label", "certifier": "c", "number": "n", "validUntil": "2027-02-30"}]"#,
            #"[{"kind": "eco_label", "certifier": "c", "number": "n", "validUntil": "2027-6-30"}]"#,
            #"[{"kind": "eco_label", "certifier": "c", "number": 7, "validUntil": "2027-06-30"}]"#,
        ]
        for text in certificates { #expect(Self.fast(text, GreenCertificate.init(json:)) == nil, "\(text)") }
    }
}
