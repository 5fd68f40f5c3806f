// Cache prefetch hints for the search index (Sources/MallStore/SearchIndexStorage.swift), which Swift cannot
// express: a search reads a few fields and the first bytes of the text of documents spread over the whole
// index, one cache miss each. Asking for a batch of them before using the first lets the misses overlap.
#ifndef CMALLPREFETCH_H
#define CMALLPREFETCH_H

/// Hints that the cache line holding `address` will be read soon. Never faults, whatever the address.
static inline void mall_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
