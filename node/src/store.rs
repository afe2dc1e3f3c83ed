//! Encrypted RocksDB store (being written).
