/// The policy reports as values (issue 6 points 1, 2, 4): rows of grouped sums, their totals, and their CSV
/// table and SVG chart. Pure: the store fills them from the roll-ups, the API serves them as JSON, CSV or SVG.
package enum PolicyReports {
    /// What the rows are grouped by, for headers and titles.
    package enum GroupBy: String, Sendable, Hashable, CaseIterable {
        case unit, department, region

        /// The header of the key column and of the name column.
        package var headers: (key: String, name: String) {
            switch self {
            case .unit: ("单位编号", "采购单位")
            case .department: ("主管部门编号", "主管部门")
            case .region: ("行政区划代码", "地区")
            }
        }

        /// `按单位` etc.
        package var label: String {
            switch self {
            case .unit: "按采购单位"
            case .department: "按主管部门"
            case .region: "按地区"
            }
        }
    }

    // MARK: - 832 progress (DOMAIN.md §V3)

    /// 832 progress per group: reserved (approved filings of the year) against paid for 832 products.
    package struct Poverty: Sendable, Equatable {
        package struct Row: Sendable, Equatable {
            package var key: String
            package var name: String
            package var progress: PovertyProgress

            package init(key: String, name: String, progress: PovertyProgress) {
                self.key = key
                self.name = name
                self.progress = progress
            }
        }

        package var scopeName: String
        package var period: ReportPeriod
        package var groupBy: GroupBy
        package var rows: [Row]

        package init(scopeName: String, period: ReportPeriod, groupBy: GroupBy, rows: [Row]) {
            self.scopeName = scopeName
            self.period = period
            self.groupBy = groupBy
            self.rows = rows
        }

        /// The sum of every row.
        package var total: PovertyProgress {
            rows.reduce(PovertyProgress(reserved: .zero, paid: .zero)) {
                PovertyProgress(reserved: $0.reserved + $1.progress.reserved, paid: $0.paid + $1.progress.paid)
            }
        }

        package var title: String { "\(scopeName) \(period.chineseLabel) 脱贫地区农副产品（832）采购进度\(groupBy.label)" }

        /// Headers in Chinese with units, one row per group, then the total.
        package func table() -> ReportTable {
            let (keyHeader, nameHeader) = groupBy.headers
            var table = ReportTable(headers: [
                keyHeader, nameHeader, "预留金额（元）", "已支付832产品金额（元）", "差额（元）", "完成率（%）",
            ])
            func cells(_ key: String, _ name: String, _ p: PovertyProgress) -> [ReportTable.Cell] {
                [.text(key), .text(name), .fen(p.reserved), .fen(p.paid), .fen(p.shortfall), .share(p.progress)]
            }
            table.rows = rows.map { cells($0.key, $0.name, $0.progress) }
            table.rows.append(cells("合计", "", total))
            return table
        }
    }

    /// The monthly 832 trend of one scope over a year: paid per month, cumulative, against the year's reserved
    /// amount.
    package struct PovertyTrend: Sendable, Equatable {
        package var scopeName: String
        package var year: Int
        /// Paid for 832 products in each month, January first (12 values).
        package var monthly: [Fen]
        package var reserved: Fen

        package init(scopeName: String, year: Int, monthly: [Fen], reserved: Fen) {
            self.scopeName = scopeName
            self.year = year
            self.monthly = monthly
            self.reserved = reserved
        }

        /// Running totals.
        package var cumulative: [Fen] {
            var sum = Fen.zero
            return monthly.map {
                sum += $0
                return sum
            }
        }

        package var progress: PovertyProgress { PovertyProgress(reserved: reserved, paid: cumulative.last ?? .zero) }

        package var title: String { "\(scopeName) \(year)年 832 产品采购月度趋势" }

        package func table() -> ReportTable {
            var table = ReportTable(headers: ["月份", "当月支付金额（元）", "累计支付金额（元）", "年度预留金额（元）", "累计完成率（%）"])
            for (index, (paid, sum)) in zip(monthly, cumulative).enumerated() {
                let month = index + 1
                table.rows.append([
                    .text("\(year)-\(month < 10 ? "0" : "")\(month)"), .fen(paid), .fen(sum), .fen(reserved),
                    .share(PovertyProgress(reserved: reserved, paid: sum).progress),
                ])
            }
            return table
        }

        package func svg() -> String {
            let progress = progress
            return SVGChart.monthly(
                title: title,
                subtitle: "已支付 \(SVGChart.yuanLabel(progress.paid.rawValue)) 元，预留 "
                    + "\(SVGChart.yuanLabel(progress.reserved.rawValue)) 元，完成 \(progress.progress)（退款已扣除）",
                months: (1...12).map { "\($0)月" },
                series: [
                    .init(name: "当月支付", values: monthly, style: .bars),
                    .init(name: "累计支付", values: cumulative, style: .line),
                ],
                reference: reserved > .zero ? ("年度预留", reserved) : nil)
        }
    }

    // MARK: - SME and green shares (DOMAIN.md §G2, §G3)

    /// One grouped row of measures.
    package struct MeasureRow: Sendable, Equatable {
        package var key: String
        package var name: String
        package var measures: PolicyMeasures

        package init(key: String, name: String, measures: PolicyMeasures) {
            self.key = key
            self.name = name
            self.measures = measures
        }
    }

    /// §G2: spending with SMEs and with small and micro firms.
    package struct SME: Sendable, Equatable {
        package var scopeName: String
        package var period: ReportPeriod
        package var groupBy: GroupBy
        package var rows: [MeasureRow]

        package init(scopeName: String, period: ReportPeriod, groupBy: GroupBy, rows: [MeasureRow]) {
            self.scopeName = scopeName
            self.period = period
            self.groupBy = groupBy
            self.rows = rows
        }

        package var total: PolicyMeasures { rows.reduce(PolicyMeasures()) { $0 + $1.measures } }

        package var title: String { "\(scopeName) \(period.chineseLabel) 中小企业采购份额\(groupBy.label)" }

        package func table() -> ReportTable {
            let (keyHeader, nameHeader) = groupBy.headers
            var table = ReportTable(headers: [
                keyHeader, nameHeader, "支付总额（元）", "中小企业金额（元）", "小微企业金额（元）", "中小企业占比（%）",
                "小微企业占比（%）",
            ])
            func cells(_ key: String, _ name: String, _ m: PolicyMeasures) -> [ReportTable.Cell] {
                [.text(key), .text(name), .fen(m.paid), .fen(m.sme), .fen(m.smallMicro), .share(m.smeShare),
                 .share(m.smallMicroShare)]
            }
            table.rows = rows.map { cells($0.key, $0.name, $0.measures) }
            table.rows.append(cells("合计", "", total))
            return table
        }

        package func svg() -> String {
            let total = total
            return SVGChart.shares(
                title: title,
                subtitle: "中小企业占比 = 付给中小企业的金额 ÷ 支付总额（元，退款已扣除）；合计 "
                    + "\(SVGChart.yuanLabel(total.sme.rawValue)) 元 / \(SVGChart.yuanLabel(total.paid.rawValue)) 元 = "
                    + "\(total.smeShare)，其中小微企业 \(total.smallMicroShare)",
                bars: rows.map {
                    SVGChart.ShareBar(
                        label: $0.name, share: $0.measures.smeShare,
                        detail: "\(SVGChart.yuanLabel($0.measures.sme.rawValue)) 元 / "
                            + "\(SVGChart.yuanLabel($0.measures.paid.rawValue)) 元（小微 \($0.measures.smallMicroShare)）")
                },
                target: nil)
        }
    }

    /// §G3: the certified green share in the green-list categories, against the target; mandatory-category
    /// spending without a certificate.
    package struct Green: Sendable, Equatable {
        package var scopeName: String
        package var period: ReportPeriod
        package var groupBy: GroupBy
        package var rows: [MeasureRow]
        package var target: BasisPoints

        package init(scopeName: String, period: ReportPeriod, groupBy: GroupBy, rows: [MeasureRow], target: BasisPoints) {
            self.scopeName = scopeName
            self.period = period
            self.groupBy = groupBy
            self.rows = rows
            self.target = target
        }

        package var total: PolicyMeasures { rows.reduce(PolicyMeasures()) { $0 + $1.measures } }

        package var title: String { "\(scopeName) \(period.chineseLabel) 绿色采购占比\(groupBy.label)" }

        /// Whether a row meets the target (a row with nothing in the green categories does: nothing to buy green).
        package func meetsTarget(_ measures: PolicyMeasures) -> Bool {
            measures.greenScope <= .zero || measures.greenShare >= target
        }

        package func table() -> ReportTable {
            let (keyHeader, nameHeader) = groupBy.headers
            var table = ReportTable(headers: [
                keyHeader, nameHeader, "清单品目采购额（元）", "绿色认证产品金额（元）", "绿色占比（%）", "目标（%）", "是否达标",
                "强制节能品目金额（元）", "强制品目无证金额（元）",
            ])
            func cells(_ key: String, _ name: String, _ m: PolicyMeasures) -> [ReportTable.Cell] {
                [.text(key), .text(name), .fen(m.greenScope), .fen(m.green), .share(m.greenShare), .share(target),
                 .bool(meetsTarget(m)), .fen(m.mandatory), .fen(m.mandatoryUncertified)]
            }
            table.rows = rows.map { cells($0.key, $0.name, $0.measures) }
            table.rows.append(cells("合计", "", total))
            return table
        }

        package func svg() -> String {
            let total = total
            return SVGChart.shares(
                title: title,
                subtitle: "绿色占比 = 绿色认证产品金额 ÷ 同品目（节能、环境标志清单）采购额（元，退款已扣除）；合计 "
                    + "\(SVGChart.yuanLabel(total.green.rawValue)) 元 / \(SVGChart.yuanLabel(total.greenScope.rawValue)) 元 = "
                    + "\(total.greenShare)",
                bars: rows.map {
                    SVGChart.ShareBar(
                        label: $0.name, share: $0.measures.greenShare,
                        detail: "\(SVGChart.yuanLabel($0.measures.green.rawValue)) 元 / "
                            + "\(SVGChart.yuanLabel($0.measures.greenScope.rawValue)) 元")
                },
                target: ("目标", target))
        }
    }
}
