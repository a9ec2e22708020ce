package io.sluice.processor.state.rocksdb;

import io.sluice.processor.state.StateSettings;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The options every task's database opens with, and the memory they share: one block cache and one
 * write-buffer manager charged to it, for the whole process.
 *
 * <p>RocksDB copies options when a database opens, but the cache, the write-buffer manager and the
 * filter policy are shared by reference, so these objects live as long as the process's {@link
 * RocksDbStateStores} and close after every database.
 */
final class RocksDbOptions {

    /* Implementation notes
     *
     * Memory. The LRU cache holds data blocks, index and filter blocks (cacheIndexAndFilterBlocks)
     * and, through the write-buffer manager, dummy entries for every memtable byte. So its
     * capacity bounds all three, for all tasks. Index and filter blocks go to the high-priority
     * pool (10% of the cache) so a scan cannot evict them; L0's are pinned since every read
     * consults every L0 file. strictCapacityLimit stays off: with it, a read fails when pinned
     * blocks fill the cache, and a failed read here would wipe a healthy store.
     *
     * WAL on, without fsync. Commits happen after the Kafka transaction, one WriteBatch per
     * micro-batch, so the WAL costs one sequential append per batch, not per record. In exchange a
     * process crash (SIGKILL, the common failure) loses nothing local: the store reopens at the
     * last commit and replays only the changelog tail written since. With the WAL off a crash
     * would lose every memtable write since the last flush (up to the write-buffer budget) and
     * the restore would replay all of it; still consistent, because data and offsets are written
     * in one WriteBatch and atomicFlush persists all column families together, just slower to
     * come back. Without fsync a machine crash can lose the WAL's tail; point-in-time recovery
     * then reopens at an older consistent commit and the changelog fills the gap.
     *
     * atomicFlush. With the WAL on it is not needed for consistency, but it flushes the tiny
     * metadata family whenever a data family flushes; otherwise that family's memtable would pin
     * old WAL files until max_total_wal_size forces a flush. It also keeps a later switch to
     * WAL-off safe.
     *
     * maxOpenFiles -1 (the default, stated). Table readers stay open, so reads never go through
     * the table cache; their index and filter blocks are in the block cache, so open files cost
     * file descriptors, not unbounded memory. Stores of micro-batch aggregates stay small (tens of
     * SST files per task); a process with very many tasks and large stores would need a bound and
     * a higher ulimit instead.
     *
     * Per family: LZ4 (cheap to decompress, about half the size of raw for row-shaped values), a
     * 10-bit Bloom filter (about 1% false positives, so a multi-get of new keys mostly skips the
     * disk), memtables of a quarter of the write budget clamped to [1 MiB, 64 MiB], three per
     * family so writes go on while one flushes.
     */

    private static final double HIGH_PRIORITY_POOL_RATIO = 0.1;
    private static final double BLOOM_BITS_PER_KEY = 10;
    private static final long MIN_MEMTABLE_BYTES = 1L << 20;
    private static final long MAX_MEMTABLE_BYTES = 64L << 20;
    private static final long METADATA_MEMTABLE_BYTES = 1L << 20;
    private static final int MEMTABLES_PER_FAMILY = 3;
    private static final long MAX_INFO_LOG_BYTES = 4L << 20;

    private final NativeHandles handles = new NativeHandles();
    private final LRUCache cache;
    private final WriteBufferManager writeBuffers;
    private final DBOptions database;
    private final ColumnFamilyOptions dataFamily;
    private final ColumnFamilyOptions metadataFamily;
    private final ReadOptions reads;
    private final WriteOptions writes;

    RocksDbOptions(StateSettings settings) {
        cache =
                handles.track(
                        new LRUCache(
                                settings.blockCacheBytes(), -1, false, HIGH_PRIORITY_POOL_RATIO));
        writeBuffers = handles.track(new WriteBufferManager(settings.writeBufferBytes(), cache));
        BloomFilter bloom = handles.track(new BloomFilter(BLOOM_BITS_PER_KEY));
        database =
                handles.track(new DBOptions())
                        .setCreateIfMissing(true)
                        .setCreateMissingColumnFamilies(true)
                        .setParanoidChecks(true)
                        .setWriteBufferManager(writeBuffers)
                        .setAtomicFlush(true)
                        .setMaxOpenFiles(-1)
                        .setInfoLogLevel(InfoLogLevel.INFO_LEVEL)
                        .setKeepLogFileNum(2)
                        .setMaxLogFileSize(MAX_INFO_LOG_BYTES);
        long memtableBytes =
                Math.max(
                        MIN_MEMTABLE_BYTES,
                        Math.min(MAX_MEMTABLE_BYTES, settings.writeBufferBytes() / 4));
        dataFamily =
                handles.track(new ColumnFamilyOptions())
                        .setTableFormatConfig(tableConfig(bloom))
                        .setCompressionType(CompressionType.LZ4_COMPRESSION)
                        .setWriteBufferSize(memtableBytes)
                        .setMaxWriteBufferNumber(MEMTABLES_PER_FAMILY);
        // The metadata family (offsets, format) and RocksDB's unused default family: tiny, but
        // they must use the shared cache too, or each would get a private default cache.
        metadataFamily =
                handles.track(new ColumnFamilyOptions())
                        .setTableFormatConfig(tableConfig(bloom))
                        .setCompressionType(CompressionType.NO_COMPRESSION)
                        .setWriteBufferSize(METADATA_MEMTABLE_BYTES);
        reads = handles.track(new ReadOptions()).setVerifyChecksums(true);
        writes = handles.track(new WriteOptions()).setSync(false).setDisableWAL(false);
    }

    private BlockBasedTableConfig tableConfig(BloomFilter bloom) {
        return new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setCacheIndexAndFilterBlocks(true)
                .setCacheIndexAndFilterBlocksWithHighPriority(true)
                .setPinL0FilterAndIndexBlocksInCache(true)
                .setFilterPolicy(bloom);
    }

    LRUCache cache() {
        return cache;
    }

    WriteBufferManager writeBuffers() {
        return writeBuffers;
    }

    DBOptions database() {
        return database;
    }

    ColumnFamilyOptions dataFamily() {
        return dataFamily;
    }

    ColumnFamilyOptions metadataFamily() {
        return metadataFamily;
    }

    /** Options for point reads and multi-gets: RocksDB's defaults (checksums verified), shared. */
    ReadOptions reads() {
        return reads;
    }

    /** Options for commits and restores: WAL on, no fsync. */
    WriteOptions writes() {
        return writes;
    }

    NativeHandles handles() {
        return handles;
    }

    /** Closes every shared object; call after every database using them is closed. */
    void close() {
        handles.closeAll();
    }
}
