// swift-tools-version: 6.2
// bench/floor: the cheapest GET /…/{id} that Hummingbird 2 and PostgresNIO can serve from the listing SELECT,
// to measure how much of GovMall's listing read is the libraries' floor (see bench/floor/run.sh).
import PackageDescription

let package = Package(
    name: "floor",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .executableTarget(
            name: "floor",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        )
    ]
)
