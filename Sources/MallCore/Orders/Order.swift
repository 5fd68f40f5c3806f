/// Marker type for order ids: `ID<Order>` (STYLE.md §2.6). An order is one unit's purchase from one
/// supplier (DOMAIN.md §O1).
package enum Order {}
