package io.dipwatch.escalate;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Caps the memory of all of escalate's RocksDB stores in one JVM: one shared LRU block cache holds data,
 * index and filter blocks, and the memtables are charged against the same budget, so the total stays at
 * {@value #MEMORY_BYTES_CONFIG} (from {@link EscalationConfig#rocksDbMemoryBytes()}) however many tasks and
 * stores an instance hosts. Registered via {@code rocksdb.config.setter}.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {
  public static final String MEMORY_BYTES_CONFIG = "dipwatch.escalate.rocksdb.memory.bytes";
  private static final double MEMTABLE_SHARE = 0.25;

  private static Cache cache;
  private static WriteBufferManager writeBufferManager;
  private static long configuredBytes;

  private static synchronized void ensureShared(long totalBytes) {
    if (cache == null || configuredBytes != totalBytes) {
      configuredBytes = totalBytes;
      cache = new LRUCache(totalBytes, -1, false, 0.1);
      writeBufferManager = new WriteBufferManager((long) (totalBytes * MEMTABLE_SHARE), cache);
    }
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Object configured = configs.get(MEMORY_BYTES_CONFIG);
    long total = configured == null ? EscalationConfig.defaults().rocksDbMemoryBytes()
        : Long.parseLong(configured.toString());
    Cache sharedCache;
    WriteBufferManager sharedManager;
    synchronized (BoundedRocksDbConfig.class) {
      ensureShared(total);
      sharedCache = cache;
      sharedManager = writeBufferManager;
    }
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(sharedCache);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(sharedManager);
    options.setMaxWriteBufferNumber(2);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache and write buffer manager are shared by every store of the JVM and live as long as it
  }
}
