-- Load an aggregate in one call: its snapshot (when one of the wanted schema is stored and
-- the caller holds no newer state) and the events after it.
--
-- KEYS: 1 aggregate stream, 2 snapshot hash
-- ARGV: 1 version the caller already holds (-1: none, start from the snapshot if any),
--       2 the snapshot schema the caller can read
-- Returns {snapshot version (0: none used), snapshot hash, snapshot state, entries after}.
local after, snap_version, snap_hash, snap_state = tonumber(ARGV[1]), 0, '', ''
if after < 0 then
  after = 0
  local snap = redis.call('HMGET', KEYS[2], 'version', 'hash', 'state', 'schema')
  if snap[1] and snap[4] == ARGV[2] then
    snap_version, snap_hash, snap_state = tonumber(snap[1]), snap[2], snap[3]
    after = snap_version
  end
end
local start = '-'
if after > 0 then start = '(' .. after .. '-1' end
return {snap_version, snap_hash, snap_state, redis.call('XRANGE', KEYS[1], start, '+')}
