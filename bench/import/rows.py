#!/usr/bin/env python3
"""Writes a CSV file for POST /api/v1/listings/imports to stdout: the header and --rows rows of office equipment
(five leaf categories, eight brands, prices from 1 000 to 10 000 yuan, two price tiers, three delivery regions, an
image and a delivery fee each), in --encoding: utf-8-sig (UTF-8 with a BOM) or gb18030 (what Excel on Chinese
Windows writes). --prefix makes the models unique between files. Deterministic: the same arguments, the same bytes.
"""
import argparse
import sys

CATEGORIES = ["A02010108", "A02010105", "A02010104", "A02021001", "A02010109"]
BRANDS = ["联想", "华为", "惠普", "戴尔", "华硕", "宏碁", "同方", "浪潮"]
HEADER = ("categoryCode,title,brand,model,unit,priceFen,specs,tiers,stock,leadTimeDays,deliveryRegions,"
          "imageUrls,fees")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--prefix", default="U")
    parser.add_argument("--encoding", choices=["utf-8-sig", "gb18030"], default="utf-8-sig")
    args = parser.parse_args()
    lines = [HEADER]
    for n in range(args.rows):
        brand = BRANDS[n % len(BRANDS)]
        price = 100_000 + (n * 7919) % 900_000
        model = f"{args.prefix}{n:05d}"
        lines.append(
            f"{CATEGORIES[n % len(CATEGORIES)]},{brand} 商用办公设备 {model} 黑色,{brand},{model},台,{price},"
            f"\"内存=16GB;硬盘=512GB SSD;颜色=黑色\",10:{price - 1000};50:{price - 5000},{n % 500},{n % 30},"
            f"110000;310000;440300,https://img.example.cn/{model}.jpg,delivery:0:per_line:送货上门")
    sys.stdout.buffer.write(("\r\n".join(lines) + "\r\n").encode(args.encoding))


if __name__ == "__main__":
    main()
